package oracle

import "testing"

// TestTripleFor checks the triple spellings whose format is easy to get
// wrong: a missing vendor, an object format in the OS slot, and OS names
// an older LLVM does not know (each checked against the object llc writes
// by the expectations in internal/pipeline).
func TestTripleFor(t *testing.T) {
	for _, tc := range []struct {
		triple string
		llvm   int
		os     string
		env    string
		format Format
	}{
		{"x86_64-unknown-linux-gnu", 19, "linux", "gnu", ELF},
		{"aarch64-linux-android21", 19, "linux", "android", ELF},
		{"x86_64-linux-gnu", 19, "linux", "gnu", ELF},
		{"x86_64-uefi", 19, "uefi", "", COFF},
		{"x86_64-uefi", 14, "unknown", "", ELF},
		{"thumbv7em-apple-macho", 14, "unknown", "macho", MachO},
		{"xtensa-unknown-elf", 22, "unknown", "elf", ELF},
		{"arm64-apple-xros1.0", 14, "unknown", "", ELF},
		{"arm64-apple-xros1.0", 22, "xros", "", MachO},
		{"arm64-apple-driverkit20.0", 14, "unknown", "", ELF},
		{"arm64-apple-bridgeos", 19, "unknown", "", ELF},
		{"arm64-apple-bridgeos", 22, "bridgeos", "", MachO},
		{"x86_64-apple-macosx10.15", 14, "macosx", "", MachO},
		{"i686-w64-mingw32", 19, "mingw", "", COFF},
		{"thumbv7m-none-eabi", 19, "unknown", "eabi", ELF},
	} {
		got := TripleFor(tc.triple, tc.llvm)
		if got.OS != tc.os || got.Env != tc.env || got.Format != tc.format {
			t.Errorf("TripleFor(%q, %d) = OS %q env %q %s, want OS %q env %q %s",
				tc.triple, tc.llvm, got.OS, got.Env, got.Format, tc.os, tc.env, tc.format)
		}
	}
}

func TestAndroidAPI(t *testing.T) {
	for triple, want := range map[string]int{
		"aarch64-linux-android21":          21,
		"aarch64-unknown-linux-android":    0,
		"armv7-none-linux-androideabi29":   29,
		"x86_64-unknown-linux-android34.1": 34,
	} {
		if got := androidAPI(triple); got != want {
			t.Errorf("androidAPI(%q) = %d, want %d", triple, got, want)
		}
	}
}
