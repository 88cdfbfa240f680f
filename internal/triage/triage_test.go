package triage

import (
	"context"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func TestClassify(t *testing.T) {
	acc := func(typ string) oracle.Outcome {
		return oracle.Outcome{Verdict: oracle.Accepted, Placements: map[string]oracle.Placement{"g": {Name: ".x", Type: typ}}}
	}
	errOut := func(d string) oracle.Outcome { return oracle.Outcome{Verdict: oracle.Error, Diag: d} }
	div := &diff.Divergence{Class: diff.ClassName, Format: oracle.ELF, Title: "t1"}
	div2 := &diff.Divergence{Class: diff.ClassName, Format: oracle.ELF, Title: "t2"}
	tests := []struct {
		name   string
		a, b   oracle.Outcome
		da, db *diff.Divergence
		want   string
	}{
		{"same", acc("T"), acc("T"), nil, nil, ""},
		{"rejected", acc("T"), errOut("error: x"), nil, nil, NewlyRejected},
		{"accepted", oracle.Outcome{Verdict: oracle.Fatal, Diag: "LLVM ERROR: x"}, acc("T"), nil, nil, NewlyAccepted},
		{"placement", acc("SHT_PROGBITS"), acc("SHT_GNU_SFRAME"), nil, nil, PlacementChanged},
		{"diagnostic", errOut("error: a"), errOut("error: b"), nil, nil, DiagnosticChanged},
		{"crash", acc("T"), oracle.Outcome{Verdict: oracle.Crash, Diag: "crash in f"}, nil, nil, NewCrash},
		{"new divergence", acc("T"), acc("T"), nil, div, NewDivergence},
		{"fixed divergence", acc("T"), acc("T"), div, nil, FixedDivergence},
		{"divergence changed", acc("T"), acc("T"), div, div2, DivergenceChanged},
		{"both", acc("T"), errOut("error: x"), nil, div, NewlyRejected + "," + NewDivergence},
	}
	for _, tt := range tests {
		if got := strings.Join(Classify(tt.a, tt.b, tt.da, tt.db), ","); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRunRealLLC compares LLVM 14 with 22 on inputs whose behaviour is
// known to change, and on one that does not; every reported change must
// show in the real outcomes.
func TestRunRealLLC(t *testing.T) {
	from, err := toolchain.NewLLC(14)
	if err != nil {
		t.Fatal(err)
	}
	to, err := toolchain.NewLLC(22)
	if err != nil {
		t.Fatal(err)
	}
	inputs := []Input{
		{oracle.Single("x86_64-apple-macosx10.15", 0, oracle.KindZero, "__DATA,__z,zerofill"), "zerofill"},
		{oracle.Single("x86_64-unknown-linux-gnu", 0, oracle.KindConst, ".sframe"), "sframe"},
		{oracle.Single("x86_64-unknown-linux-gnu", 0, oracle.KindData, ".bss.x"), "bss"},
		{oracle.Single("x86_64-unknown-linux-gnu", 0, oracle.KindData, ".data.same"), "same"},
		{oracle.Single("powerpc64-ibm-aix", 0, oracle.KindData, "s"), "xcoff64"},
	}
	rep := Run(context.Background(), from, to, inputs, 2)
	if len(rep.Errors) > 0 {
		t.Fatal(rep.Errors)
	}
	want := map[string]string{
		"zerofill": NewlyAccepted,
		"sframe":   PlacementChanged,
		"bss":      DiagnosticChanged,
		"xcoff64":  NewlyAccepted, // LLVM 14 cannot write 64-bit XCOFF
	}
	got := map[string]string{}
	for _, c := range rep.Changes {
		got[c.Origin] = c.Classes[0]
	}
	for origin, w := range want {
		if got[origin] != w {
			t.Errorf("%s: %q, want %q", origin, got[origin], w)
		}
	}
	if _, ok := got["same"]; ok {
		t.Errorf("an unchanged input was reported: %+v", rep.Changes)
	}
	md := rep.Markdown()
	for _, s := range []string{"# LLVM 14 → 22", "newly accepted", "SHT_GNU_SFRAME", "llc-22 -mtriple="} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q", s)
		}
	}
}
