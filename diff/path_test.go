package diff

import (
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func TestNameRelation(t *testing.T) {
	tests := []struct {
		expected, actual, want string
	}{
		{`a"b`, `a\"b`, `added "\\" before "\""`},
		{`a"b"c"`, `a\"b\"c\"`, `added "\\" before "\""`},
		{`c\d\`, `c\d\\`, `added "\\" before end`},
		{`c\d\`, `cd\`, "backslash escapes processed"},
		{"hash#x", "hash", `cut before "#"`},
		{"__f;o", "__f", `cut before ";"`},
		{`a\b`, "a\x08", "backslash escapes processed"},
		{`x\\y\q`, `x\yq`, "backslash escapes processed"},
		{"x", "", "emptied"},
		{"same", "same", "same"},
		{"ab\xffc", "ab?c", `replaced "U" with "?"`},
		{".'y", ".121", `replaced "'L" with "D"`},
		{".'B", ".66", `replaced "'L" with "D"`},
	}
	for _, tt := range tests {
		if got := NameRelation(tt.expected, tt.actual); got != tt.want {
			t.Errorf("NameRelation(%q, %q) = %s, want %s", tt.expected, tt.actual, got, tt.want)
		}
	}
}

func TestComparePaths(t *testing.T) {
	acc := func(name, typ, flags string) oracle.Outcome {
		return oracle.Outcome{Verdict: oracle.Accepted, Placements: place(name, "", typ, flags)}
	}
	rej := func(v oracle.Verdict, diag string) oracle.Outcome { return oracle.Outcome{Verdict: v, Diag: diag} }
	tests := []struct {
		name             string
		expected, actual oracle.Outcome
		want             string // the title; "" = agree
	}{
		{"agree", acc(".a", "SHT_PROGBITS", "SHF_ALLOC"), acc(".a", "SHT_PROGBITS", "SHF_ALLOC"), ""},
		{"both rejected, other words", rej(oracle.Fatal, "LLVM ERROR: x"), rej(oracle.Error, "error: y"), ""},
		{"escape kept", acc(`a"b`, "SHT_PROGBITS", "SHF_ALLOC"), acc(`a\"b`, "SHT_PROGBITS", "SHF_ALLOC"),
			`elf path [asm-mc vs obj]: name: added "\\" before "\""`},
		{"flags", acc(".init_array.1", "SHT_INIT_ARRAY", "SHF_ALLOC"), acc(".init_array.1", "SHT_INIT_ARRAY", "SHF_ALLOC|SHF_WRITE"),
			"elf path [asm-mc vs obj]: flags: extra SHF_WRITE"},
		{"type", acc(".x", "SHT_LLVM_OFFLOADING", "SHF_ALLOC"), acc(".x", "SHT_PROGBITS", "SHF_ALLOC"),
			"elf path [asm-mc vs obj]: type: SHT_LLVM_OFFLOADING became SHT_PROGBITS"},
		{"not reassembled", acc("a b", "SHT_PROGBITS", ""), rej(oracle.Error, "error: unexpected token in '.section' directive"),
			"elf path [asm-mc vs obj]: verdict: rejected (error: unexpected token in 'X' directive)"},
		{"GNU as quoting", acc("a b", "SHT_PROGBITS", ""), rej(oracle.Error, "Error: junk at end of line, first unrecognized character is `b'"),
			"elf path [asm-mc vs obj]: verdict: rejected (Error: junk at end of line, first unrecognized character is 'X')"},
		{"accepted where rejected", rej(oracle.Error, "error: SHT_NOBITS section '.bss' cannot have instructions"), acc(".bss", "SHT_NOBITS", ""),
			"elf path [asm-mc vs obj]: verdict: accepted where obj is error (error: SHT_NOBITS section 'X' cannot have instructions)"},
		{"crash after a rejection", rej(oracle.Error, "error: x"), rej(oracle.Crash, "Segmentation fault at 0x1234"),
			"elf path [asm-mc vs obj]: verdict: crashed (Segmentation fault at N)"},
		{"lost", acc(".a", "T", ""), oracle.Outcome{Verdict: oracle.Accepted}, "elf path [asm-mc vs obj]: placement: global lost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ComparePaths(oracle.ELF, "obj", "asm-mc", tt.expected, tt.actual)
			if tt.want == "" {
				if d != nil {
					t.Fatalf("want agreement, got %q", d.Title)
				}
				return
			}
			if d == nil {
				t.Fatalf("want %q, got agreement", tt.want)
			}
			if d.Title != tt.want || d.Class != ClassPath || d.Rule != "asm-mc vs obj" {
				t.Errorf("got %s %q [%s], want path %q", d.Class, d.Title, d.Rule, tt.want)
			}
			if !strings.HasPrefix(d.Signature(), "elf-path-") {
				t.Errorf("signature %s", d.Signature())
			}
		})
	}
}

// TestPathSignaturesStable pins signatures: they name directories under
// reports/ and entries of the known lists, so they must not move.
func TestPathSignaturesStable(t *testing.T) {
	acc := func(name string) oracle.Outcome {
		return oracle.Outcome{Verdict: oracle.Accepted, Placements: place(name, "", "SHT_PROGBITS", "SHF_ALLOC|SHF_WRITE")}
	}
	tests := []struct {
		expected, actual oracle.Outcome
		road, want       string
	}{
		{acc(`a"b`), acc(`a\"b`), "asm-mc", "elf-path-da2d385c5f"},
		{acc(`zz"top`), acc(`zz\"top`), "asm-mc", "elf-path-da2d385c5f"}, // same mechanism, other name
		{acc(`a\`), acc(`a\\`), "asm-mc", "elf-path-1b165dd53c"},
		{acc(`a\b`), acc("a\b"), "asm-gas", "elf-path-0cc6b23e38"},
	}
	for _, tt := range tests {
		d := ComparePaths(oracle.ELF, "obj", tt.road, tt.expected, tt.actual)
		if d == nil || d.Signature() != tt.want {
			var got string
			if d != nil {
				got = d.Signature() + " (" + d.Title + ")"
			}
			t.Errorf("%v -> %v on %s: signature %s, want %s", tt.expected.Placements, tt.actual.Placements, tt.road, got, tt.want)
		}
	}
}

// TestComparePathsBecause: a known cause replaces the assembler's words,
// so every message a NUL provokes is one finding.
func TestComparePathsBecause(t *testing.T) {
	acc := oracle.Outcome{Verdict: oracle.Accepted, Placements: place(".da", "", "SHT_PROGBITS", "SHF_ALLOC")}
	var sigs []string
	for _, diag := range []string{"Error: invalid character (0x0) in mnemonic", "Error: unknown pseudo-op: `.x'", "Error: expecting mnemonic; got nothing"} {
		d := ComparePathsBecause(oracle.ELF, "obj", "asm-gas", acc, oracle.Outcome{Verdict: oracle.Error, Diag: diag}, "NUL in the section string")
		if d == nil || d.Title != "elf path [asm-gas vs obj]: verdict: rejected (NUL in the section string)" {
			t.Fatalf("got %+v", d)
		}
		sigs = append(sigs, d.Signature())
	}
	if sigs[0] != sigs[1] || sigs[1] != sigs[2] {
		t.Errorf("signatures differ: %v", sigs)
	}
}
