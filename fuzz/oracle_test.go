package fuzz

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// allTriples is every triple the differential targets use, in a fixed
// order (the fuzz input indexes into it).
func allTriples() []string {
	var out []string
	for _, f := range oracle.Formats {
		out = append(out, oracle.Triples[f]...)
	}
	return out
}

// FuzzOracle checks properties the oracle must have whatever the input,
// without running LLVM: it never panics, it is deterministic, every rule it
// names is documented, its diagnostics are single LLVM-style lines, and
// each format's hard limits hold for what it accepts.
func FuzzOracle(f *testing.F) {
	for i, s := range corpus.Sections(corpus.Default(), "") {
		f.Add(s, uint8(i), uint8(i/5), uint8(i/3))
	}
	triples := allTriples()
	f.Fuzz(func(t *testing.T, section string, kind, triple, version uint8) {
		tr := triples[int(triple)%len(triples)]
		v := oracle.Versions[int(version)%len(oracle.Versions)]
		k := oracle.Kinds[int(kind)%len(oracle.Kinds)]
		c := oracle.Single(tr, v, k, section)
		o := oracle.Predict(c, oracle.Options{})
		if again := oracle.Predict(c, oracle.Options{}); !reflect.DeepEqual(o, again) {
			t.Fatalf("not deterministic: %+v then %+v", o, again)
		}
		checkOutcome(t, c, o)
		spec := oracle.Predict(c, oracle.Options{Spec: true})
		checkOutcome(t, c, spec)
		if spec.Deviation != "" {
			t.Errorf("--spec prediction names deviation %q", spec.Deviation)
		}
		if o.Deviation == "" && !reflect.DeepEqual(stripRules(o), stripRules(spec)) {
			t.Errorf("no deviation applied, yet the prediction differs from the spec:\n  %+v\n  %+v", o, spec)
		}
		// Hard limits of the formats, for what LLVM really accepts.
		if p, ok := o.Section(); ok && o.Verdict == oracle.Accepted {
			switch oracle.ParseTriple(tr).Format {
			case oracle.MachO:
				if len(p.Name) > 16 || len(p.Segment) > 16 {
					t.Errorf("Mach-O accept with a section or segment name of the wrong size: %+v", p)
				}
			case oracle.ELF:
				if strings.IndexByte(p.Name, 0) >= 0 {
					t.Errorf("ELF placement holds a NUL an object cannot store: %q", p.Name)
				}
			}
		}
	})
}

// stripRules drops the bookkeeping that may differ between the spec and a
// version's prediction even when the outcome is the same.
func stripRules(o oracle.Outcome) oracle.Outcome {
	o.Rule, o.Rules, o.Deviation = "", nil, ""
	return o
}

func checkOutcome(t *testing.T, c oracle.Case, o oracle.Outcome) {
	t.Helper()
	if _, ok := oracle.RuleDoc(o.Rule); o.Rule == "" || !ok {
		t.Errorf("rule %q of %+v is not documented", o.Rule, o)
	}
	for g, r := range o.Rules {
		if _, ok := oracle.RuleDoc(r); !ok {
			t.Errorf("rule %q (global %s) is not documented", r, g)
		}
	}
	for _, id := range strings.Split(o.Deviation, ",") {
		if _, ok := oracle.DeviationByID(id); id != "" && !ok {
			t.Errorf("unknown deviation %q", id)
		}
	}
	switch o.Verdict {
	case oracle.Accepted:
		if o.Diag != "" {
			t.Errorf("accepted with a diagnostic: %q", o.Diag)
		}
	case oracle.Error, oracle.Fatal:
		if len(o.Placements) != 0 {
			t.Errorf("%s outcome with placements: %+v", o.Verdict, o.Placements)
		}
		if !strings.HasPrefix(o.Diag, "error: ") && !strings.HasPrefix(o.Diag, "LLVM ERROR: ") {
			t.Errorf("%s diagnostic is not an LLVM error line: %q", o.Verdict, o.Diag)
		}
	case oracle.Unsupported, oracle.Crash:
		if o.Diag == "" {
			t.Errorf("%s without a diagnostic", o.Verdict)
		}
	default:
		t.Errorf("oracle predicted verdict %q", o.Verdict)
	}
	if strings.Contains(o.Diag, "\n") || strings.HasSuffix(o.Diag, "\r") {
		t.Errorf("diagnostic spans lines: %q", o.Diag)
	}
	for g, p := range o.Placements {
		words := strings.Split(p.Flags, "|")
		if p.Flags != "" && !sort.StringsAreSorted(words) {
			t.Errorf("flags of %s not in llvm-readobj's order: %q", g, p.Flags)
		}
		// COFF sections without an IMAGE_SCN_CNT_* bit (discardable
		// metadata) have no type word; every other format always has one.
		if p.Type == "" && oracle.ParseTriple(c.Triple).Format != oracle.COFF {
			t.Errorf("placement of %s without a type: %+v", g, p)
		}
	}
}
