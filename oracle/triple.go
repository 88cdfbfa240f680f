package oracle

import (
	"sort"
	"strings"
)

// Format is an object file format LLVM writes.
type Format string

const (
	ELF   Format = "elf"
	MachO Format = "macho"
	COFF  Format = "coff"
	Wasm  Format = "wasm"
	XCOFF Format = "xcoff"
	GOFF  Format = "goff"
)

// Formats lists every format, in a fixed order.
var Formats = []Format{ELF, MachO, COFF, Wasm, XCOFF, GOFF}

// Triples are the triples sectfuzz fuzzes and tests for each format, in
// a fixed order: fuzz inputs pick one by index.
var Triples = map[Format][]string{
	ELF:   {"x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"},
	MachO: {"x86_64-apple-macosx10.15", "arm64-apple-ios14"},
	COFF:  {"x86_64-pc-windows-msvc", "i686-pc-windows-gnu", "aarch64-pc-windows-msvc"},
	Wasm:  {"wasm32-unknown-unknown", "wasm64-unknown-unknown"},
	XCOFF: {"powerpc-ibm-aix", "powerpc64-ibm-aix"},
	GOFF:  {"s390x-ibm-zos"},
}

// FuzzCase is the single-global case a differential fuzz input (section,
// kind byte, triple byte) stands for.
func FuzzCase(f Format, section string, kind, triple uint8) Case {
	ts := Triples[f]
	return Single(ts[int(triple)%len(ts)], 0, Kinds[int(kind)%len(Kinds)], section)
}

// Triple is a parsed target triple, as far as section rules care.
type Triple struct {
	Raw    string
	Arch   string // first component: x86_64, arm64, wasm32, powerpc64, ...
	Vendor string
	OS     string // OS name without its version: macosx, linux, windows, aix, zos
	Env    string // environment: gnu, msvc, macho, elf, ...
	Format Format
}

// darwinOS lists the OS names LLVM's Triple::isOSDarwin accepts (by prefix,
// since an OS may carry a version: macosx10.15).
var darwinOS = []string{"darwin", "macosx", "macos", "ios", "tvos", "watchos", "driverkit", "xros", "visionos", "bridgeos"}

// ParseTriple splits a triple and derives its object format the way LLVM's
// Triple::getDefaultFormat does.
func ParseTriple(s string) Triple {
	parts := normalizedParts(s)
	t := Triple{Raw: s}
	if len(parts) > 0 {
		t.Arch = parts[0]
	}
	if len(parts) > 1 {
		t.Vendor = parts[1]
	}
	if len(parts) > 2 {
		t.OS = strings.TrimRight(parts[2], "0123456789._")
		if strings.HasPrefix(parts[2], "win32") {
			t.OS = "windows" // LLVM reads win32 as Windows
		}
	}
	if len(parts) > 3 {
		t.Env = strings.TrimRight(parts[3], "0123456789._")
	}
	t.Format = t.defaultFormat()
	return t
}

func (t Triple) isDarwin() bool {
	for _, d := range darwinOS {
		if t.OS == d {
			return true
		}
	}
	return false
}

func (t Triple) defaultFormat() Format {
	// An explicit object-format environment (x86_64-pc-windows-elf) wins.
	switch t.Env {
	case "elf":
		return ELF
	case "macho":
		return MachO
	case "coff":
		return COFF
	}
	switch {
	case strings.HasPrefix(t.Arch, "wasm"):
		return Wasm
	case t.isDarwin():
		return MachO
	case t.OS == "windows" || t.OS == "uefi" || strings.HasPrefix(t.OS, "cygwin") || strings.HasPrefix(t.OS, "mingw"):
		return COFF
	case t.OS == "aix":
		return XCOFF
	case t.OS == "zos":
		return GOFF
	}
	return ELF
}

// Is64 reports whether the architecture has 64-bit pointers.
func (t Triple) Is64() bool {
	switch t.Arch {
	case "x86_64", "aarch64", "arm64", "arm64e", "powerpc64", "powerpc64le", "ppc64", "ppc64le",
		"s390x", "wasm64", "riscv64", "mips64", "mips64el", "sparcv9", "loongarch64", "bpf", "bpfel", "bpfeb":
		return true
	}
	return false
}

// IsX86 reports whether the architecture is 32- or 64-bit x86.
func (t Triple) IsX86() bool {
	switch t.Arch {
	case "x86_64", "i386", "i486", "i586", "i686", "x86":
		return true
	}
	return false
}

// SymbolName is the name a global's symbol has in the object file:
// Mach-O and 32-bit x86 COFF prefix an underscore.
func (t Triple) SymbolName(global string) string {
	if t.Format == MachO || (t.Format == COFF && t.IsX86() && !t.Is64()) {
		return "_" + global
	}
	return global
}

// ObjectSymbol is the symbol that shows where global g landed: its
// SymbolName, except for an XCOFF function, whose plain name is its
// descriptor (a csect of class XMC_DS in .data, which no section string
// moves); the code, and the csect a section string names, is at the entry
// point `.name`.
func (t Triple) ObjectSymbol(g Global) string {
	if t.Format == XCOFF && g.IsFunc() {
		return "." + t.SymbolName(g.Name)
	}
	return t.SymbolName(g.Name)
}

func sortStrings(s []string) { sort.Strings(s) }

// environmentsWithoutOS are third triple components that Triple::normalize
// reads as an environment or object format, not an OS: it inserts an
// "unknown" OS before them (xtensa-unknown-elf becomes
// xtensa-unknown-unknown-elf).
var environmentsWithoutOS = map[string]bool{
	"elf": true, "eabi": true, "eabihf": true, "gnu": true, "gnueabi": true, "gnueabihf": true,
	"musl": true, "android": true, "macho": true, "coff": true, "msvc": true, "xcoff": true, "goff": true,
}

// osWithoutVendor are OS names Triple::normalize recognizes in the vendor
// position (aarch64-linux-android, x86_64-uefi): the vendor is then
// "unknown".
var osWithoutVendor = map[string]bool{
	"linux": true, "windows": true, "win32": true, "darwin": true, "macosx": true, "ios": true,
	"freebsd": true, "netbsd": true, "openbsd": true, "dragonfly": true, "fuchsia": true,
	"solaris": true, "illumos": true, "haiku": true, "wasi": true, "emscripten": true,
	"aix": true, "zos": true, "uefi": true, "cuda": true, "amdhsa": true,
	"mingw32": true, "cygwin": true, "ohos": true, "hurd": true, "serenity": true,
}

// normalizedParts splits a triple into arch, vendor, OS and environment
// as much as Triple::normalize does for the spellings people use: a
// missing vendor (aarch64-linux-android, x86_64-uefi), a missing OS before
// an environment or object format (xtensa-unknown-elf, thumbv7em-apple-
// macho).
func normalizedParts(s string) []string {
	parts := strings.Split(s, "-")
	if len(parts) >= 2 && osWithoutVendor[strings.TrimRight(parts[1], "0123456789._")] {
		parts = append([]string{parts[0], "unknown"}, parts[1:]...)
	}
	if len(parts) == 3 && environmentsWithoutOS[strings.TrimRight(parts[2], "0123456789._")] {
		parts = []string{parts[0], parts[1], "unknown", parts[2]}
	}
	return parts
}

// NormalizeTriple is as much of Triple::normalize as llc's diagnostics
// show (see normalizedParts): llc names the triple it could not find a
// target for in its normalized form, a missing vendor included.
func NormalizeTriple(s string) string { return strings.Join(normalizedParts(s), "-") }

// TripleFor parses a triple as LLVM version v does: an OS that version
// does not know leaves the object format to the architecture (ELF).
func TripleFor(s string, v int) Triple {
	t := ParseTriple(s)
	if v == 0 {
		v = DefaultVersion
	}
	for _, o := range osSince {
		if t.OS == o.OS && v < o.From {
			t.OS = "unknown"
			t.Format = t.defaultFormat()
		}
	}
	return t
}
