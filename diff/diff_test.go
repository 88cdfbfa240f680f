package diff

import (
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func place(name, seg, typ, flags string) map[string]oracle.Placement {
	return map[string]oracle.Placement{"g": {Name: name, Segment: seg, Type: typ, Flags: flags}}
}

func TestCompareClasses(t *testing.T) {
	acc := func(p map[string]oracle.Placement) oracle.Outcome {
		return oracle.Outcome{Verdict: oracle.Accepted, Placements: p, Rule: "elf/explicit-section"}
	}
	tests := []struct {
		name         string
		pred, actual oracle.Outcome
		want         Class // "" = agree
	}{
		{"agree", acc(place(".a", "", "SHT_PROGBITS", "SHF_ALLOC")), acc(place(".a", "", "SHT_PROGBITS", "SHF_ALLOC")), ""},
		{"rule ignored", acc(place(".a", "", "T", "")), oracle.Outcome{Verdict: oracle.Accepted, Placements: place(".a", "", "T", ""), Rule: "other"}, ""},
		{"verdict", acc(nil), oracle.Outcome{Verdict: oracle.Fatal, Diag: "LLVM ERROR: x"}, ClassVerdict},
		{"diagnostic", oracle.Outcome{Verdict: oracle.Error, Diag: "error: a"}, oracle.Outcome{Verdict: oracle.Error, Diag: "error: b"}, ClassDiagnostic},
		{"crash", acc(nil), oracle.Outcome{Verdict: oracle.Crash, Diag: "Segmentation fault"}, ClassCrash},
		{"timeout", acc(nil), oracle.Outcome{Verdict: oracle.Timeout, Diag: "timeout after 10s"}, ClassTimeout},
		{"name", acc(place("abc", "", "T", "")), acc(place("a", "", "T", "")), ClassName},
		{"missing", acc(place("abc", "", "T", "")), acc(nil), ClassName},
		{"segment", acc(place("__a", "__DATA", "Regular", "")), acc(place("__a", "__DAT", "Regular", "")), ClassSegment},
		{"type", acc(place(".a", "", "SHT_PROGBITS", "")), acc(place(".a", "", "SHT_NOBITS", "")), ClassType},
		{"flags", acc(place(".a", "", "SHT_PROGBITS", "SHF_ALLOC")), acc(place(".a", "", "SHT_PROGBITS", "SHF_ALLOC|SHF_WRITE")), ClassFlags},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(oracle.ELF, tt.pred, tt.actual)
			switch {
			case tt.want == "" && d != nil:
				t.Fatalf("want agreement, got %+v", d)
			case tt.want != "" && d == nil:
				t.Fatalf("want %s divergence, got agreement", tt.want)
			case d != nil && d.Class != tt.want:
				t.Fatalf("class %s, want %s (%s)", d.Class, tt.want, d.Title)
			}
			if d != nil && (d.Title == "" || !strings.HasPrefix(d.Signature(), "elf-"+string(tt.want)+"-")) {
				t.Errorf("title %q, signature %q", d.Title, d.Signature())
			}
		})
	}
}

// TestSignatureRootCause: inputs that hit one LLVM behaviour share a
// signature, different behaviours do not.
func TestSignatureRootCause(t *testing.T) {
	fatal := func(global, spec string) oracle.Outcome {
		return oracle.Outcome{Verdict: oracle.Fatal, Diag: "LLVM ERROR: Global variable '" + global + "' has an invalid section specifier '" + spec + "': mach-o section specifier requires a segment and section separated by a comma."}
	}
	acc := oracle.Outcome{Verdict: oracle.Accepted, Rule: "macho/segment-section", Placements: place("__x", "__DATA", "Regular", "")}
	a := Compare(oracle.MachO, acc, fatal("g", ".aot_stack_sizes"))
	b := Compare(oracle.MachO, acc, fatal("other_name", "foo bar 123"))
	if a.Signature() != b.Signature() {
		t.Errorf("same root cause, different signatures:\n %s %s\n %s %s", a.Signature(), a.Title, b.Signature(), b.Title)
	}
	// The same LLVM abort met by a global the rules reject for another
	// reason is the same finding.
	errExpected := oracle.Outcome{Verdict: oracle.Error, Rule: "macho/zerofill-no-data", Diag: "error: virtual section '__z' cannot have non-zero initializers"}
	z1 := Compare(oracle.MachO, acc, fatal("g", "__DATA,__z,zerofill"))
	z2 := Compare(oracle.MachO, errExpected, fatal("h", "__DATA,__y,zerofill"))
	if z1.Signature() != z2.Signature() {
		t.Errorf("one LLVM abort, two signatures: %q vs %q", z1.Title, z2.Title)
	}
	c := Compare(oracle.MachO, acc, oracle.Outcome{Verdict: oracle.Fatal, Diag: "LLVM ERROR: Global variable 'g' section type or attributes does not match previous section specifier"})
	if c.Signature() == a.Signature() {
		t.Errorf("different diagnostics share signature %s", a.Signature())
	}
	nul := Compare(oracle.ELF, oracle.Outcome{Verdict: oracle.Accepted, Rule: "elf/explicit-section", Placements: place("a\x00b", "", "T", "")},
		oracle.Outcome{Verdict: oracle.Accepted, Placements: place("a", "", "T", "")})
	nul2 := Compare(oracle.ELF, oracle.Outcome{Verdict: oracle.Accepted, Rule: "elf/explicit-section", Placements: place(".long\x00name", "", "T", "")},
		oracle.Outcome{Verdict: oracle.Accepted, Placements: place(".long", "", "T", "")})
	if nul.Signature() != nul2.Signature() || !strings.Contains(nul.Title, "at NUL") {
		t.Errorf("NUL truncations differ: %q vs %q", nul.Title, nul2.Title)
	}
	empty := Compare(oracle.ELF, oracle.Outcome{Verdict: oracle.Accepted, Rule: "elf/explicit-section", Placements: place("\x00", "", "T", "")},
		oracle.Outcome{Verdict: oracle.Accepted, Placements: place("", "", "T", "")})
	if empty.Signature() != nul.Signature() {
		t.Errorf("a name cut to nothing at a NUL is the same truncation: %q vs %q", empty.Title, nul.Title)
	}
	attrs := func(e, a string) *Divergence {
		return Compare(oracle.MachO, oracle.Outcome{Verdict: oracle.Accepted, Rule: "macho/segment-section", Placements: place("_", "A", "Regular", e)},
			oracle.Outcome{Verdict: oracle.Accepted, Placements: place("_", "A", "Regular", a)})
	}
	if d1, d2 := attrs("NoDeadStrip", ""), attrs("NoDeadStrip|SomeInstructions", "SomeInstructions"); d1.Signature() != d2.Signature() {
		t.Errorf("one dropped attribute, two signatures: %q vs %q", d1.Title, d2.Title)
	}
}

// TestSignatureGolden pins signatures: they name findings on disk and in
// known lists, so they must not change across runs, machines or Go
// versions. The titles they hash are built by this package alone.
func TestSignatureGolden(t *testing.T) {
	tests := []struct {
		d    Divergence
		want string
	}{
		{Divergence{Class: ClassVerdict, Format: oracle.MachO, Rule: "macho/segment-section", Expected: "accepted",
			Actual: "fatal: LLVM ERROR: Global variable 'g' has an invalid section specifier 'x': mach-o section specifier requires a segment and section separated by a comma."},
			"macho verdict [macho/segment-section]: expected accepted, got fatal: LLVM ERROR: Global variable 'X' has an invalid section specifier 'X': mach-o section specifier requires a segment and section separated by a comma."},
		{Divergence{Class: ClassName, Format: oracle.ELF, Rule: "elf/explicit-section", Expected: "a\x00b", Actual: "a"},
			"elf name [elf/explicit-section]: name truncated at NUL"},
		{Divergence{Class: ClassFlags, Format: oracle.ELF, Rule: "elf/explicit-section", Expected: "SHF_ALLOC", Actual: "SHF_ALLOC|SHF_WRITE"},
			"elf flags [elf/explicit-section]: extra SHF_WRITE"},
		{Divergence{Class: ClassDiagnostic, Format: oracle.COFF, Rule: "coff/x", Expected: "error: section 12 at 0x1f", Actual: "error: section '.x' in /tmp/run-42/in.ll"},
			"coff diagnostic [coff/x]: expected error: section N at N, got error: section 'X' in PATH"},
	}
	for _, tt := range tests {
		d := tt.d
		d.Title = title(&d)
		if d.Title != tt.want {
			t.Errorf("title\n got %q\nwant %q", d.Title, tt.want)
		}
		if sig := d.Signature(); len(sig) > 40 || strings.ContainsAny(sig, "/ '\"") {
			t.Errorf("signature %q is not a short file name", sig)
		}
	}
	// One pinned value, computed once: sha256 of the first title.
	d := tests[0].d
	d.ExpectedVerdict, d.ActualVerdict, d.Cause = oracle.Accepted, oracle.Fatal, "LLVM ERROR: Global variable 'g' has an invalid section specifier 'x': mach-o section specifier requires a segment and section separated by a comma."
	d.Title = title(&d)
	if got, want := d.Signature(), "macho-verdict-8e172e60bd"; got != want {
		t.Errorf("signature changed: %s, was %s (a change renames every stored finding)", got, want)
	}
}
