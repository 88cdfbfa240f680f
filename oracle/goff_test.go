package oracle

import "testing"

// The GOFF rules on their own (no LLVM); expect/goff.jsonl holds them
// against real llc.
func TestPredictGOFF(t *testing.T) {
	const zos = "s390x-ibm-zos"
	part := &Placement{Name: "C_WSA64", Type: "ESD_ST_PartReference"}
	label := &Placement{Name: "C_CODE64", Type: "ESD_ST_LabelDefinition"}
	tests := []struct {
		name      string
		llvm      int
		globals   []Global
		verdict   Verdict
		diag      string
		deviation string
		place     map[string]*Placement
	}{
		{
			name: "section strings are ignored", llvm: 22,
			globals: []Global{
				{Name: "d", Kind: KindData, Section: "mysect"}, {Name: "z", Kind: KindZero, Section: ".bss"},
				{Name: "c", Kind: KindConst, Section: "foo"}, {Name: "t", Kind: KindTLS, Section: "s"},
				{Name: "f", Kind: KindFunc, Section: "fsect"},
			},
			verdict: Accepted,
			place:   map[string]*Placement{"d": part, "z": part, "c": label, "t": label, "f": label},
		},
		{
			name: "read-only data with relocations is code, not a part", llvm: 22,
			globals: []Global{{Name: "d", Kind: KindData}, {Name: "p", Kind: KindConst, Init: &Init{Form: InitPointer, Ref: "d"}}},
			verdict: Accepted,
			place:   map[string]*Placement{"d": part, "p": label},
		},
		{
			name: "no symbol for private, common, declarations, llvm.metadata", llvm: 22,
			globals: []Global{
				{Name: "p", Kind: KindData, Linkage: Private}, {Name: "c", Kind: KindZero, Linkage: Common},
				{Name: "e", Kind: KindData, Declaration: true}, {Name: "m", Kind: KindData, Section: "llvm.metadata"},
				{Name: "a", Kind: KindFunc, Linkage: AvailExtern},
			},
			verdict: Accepted,
			place:   map[string]*Placement{"p": nil, "c": nil, "e": nil, "m": nil, "a": nil},
		},
		{
			name: "LLVM 19 writes no symbols", llvm: 19,
			globals: []Global{{Name: "d", Kind: KindData, Section: "s"}, {Name: "f", Kind: KindFunc}},
			verdict: Accepted, deviation: "goff-writer-no-symbols",
			place: map[string]*Placement{"d": nil, "f": nil},
		},
		{
			name: "LLVM 14 has no GOFF streamer", llvm: 14,
			globals: []Global{{Name: "g", Kind: KindData}},
			verdict: Unsupported, diag: "LLVM ERROR: GOFF MCObjectStreamer not implemented yet",
		},
		{
			name: "a pointer to a private part crashes LLVM 22", llvm: 22,
			globals: []Global{{Name: "p", Kind: KindData, Linkage: Private}, {Name: "q", Kind: KindData, Init: &Init{Form: InitPointer, Ref: "p"}}},
			verdict: Crash, deviation: "goff-private-part-reference-crash",
			diag: "crash in llvm::GOFFObjectWriter::writeObject()",
		},
		{
			name: "a pointer to a private constant is fine", llvm: 22,
			globals: []Global{{Name: "p", Kind: KindConst, Linkage: Private}, {Name: "q", Kind: KindData, Init: &Init{Form: InitPointer, Ref: "p"}}},
			verdict: Accepted,
			place:   map[string]*Placement{"q": part},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := Predict(Case{Triple: zos, LLVM: tc.llvm, Globals: tc.globals}, Options{})
			if out.Verdict != tc.verdict || out.Diag != tc.diag {
				t.Fatalf("got %s %q, want %s %q", out.Verdict, out.Diag, tc.verdict, tc.diag)
			}
			if out.Deviation != tc.deviation {
				t.Errorf("deviation %q, want %q", out.Deviation, tc.deviation)
			}
			for g, want := range tc.place {
				got, ok := out.Placements[g]
				switch {
				case want == nil && ok:
					t.Errorf("%s: placed in %+v, want no placement", g, got)
				case want != nil && got != *want:
					t.Errorf("%s: placed in %+v, want %+v", g, got, *want)
				}
			}
		})
	}
}
