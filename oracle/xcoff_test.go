package oracle

import (
	"reflect"
	"testing"
)

// The XCOFF rules on their own (no LLVM): each case names the mechanism it
// pins. internal/pipeline/testdata/expect/xcoff.jsonl holds the same rules
// against real llc.
func TestPredictXCOFF(t *testing.T) {
	const aix, aix64 = "powerpc-ibm-aix", "powerpc64-ibm-aix"
	pl := func(name, typ, flags string) *Placement { return &Placement{Name: name, Type: typ, Flags: flags} }
	tests := []struct {
		name      string
		triple    string
		llvm      int
		globals   []Global
		verdict   Verdict
		diag      string
		rule      string
		deviation string
		place     map[string]*Placement // nil entry: no placement
	}{
		{
			name: "data in an explicit csect", triple: aix, llvm: 19,
			globals: []Global{{Name: "g", Kind: KindData, Section: "mysect"}},
			verdict: Accepted, rule: "xcoff/explicit-csect",
			place: map[string]*Placement{"g": pl("mysect", "STYP_DATA", "XMC_RW")},
		},
		{
			name: "the class follows the kind, not the brackets", triple: aix64, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindConst, Section: "foo[RW]"}},
			verdict: Accepted, rule: "xcoff/explicit-csect",
			place: map[string]*Placement{"g": pl("foo[RW]", "STYP_TEXT", "XMC_RO")},
		},
		{
			name: "zero data with a section is not BSS", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindZero, Section: ".bss"}},
			verdict: Accepted,
			place:   map[string]*Placement{"g": pl(".bss", "STYP_DATA", "XMC_RW")},
		},
		{
			name: "a function's entry point is in the named code csect", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindFunc, Section: "fsect"}},
			verdict: Accepted,
			place:   map[string]*Placement{"g": pl("fsect", "STYP_TEXT", "XMC_PR")},
		},
		{
			name: "default code csect has an empty name", triple: aix, llvm: 19,
			globals: []Global{{Name: "g", Kind: KindFunc}},
			verdict: Accepted, rule: "xcoff/default-text-csect",
			place: map[string]*Placement{"g": pl("", "STYP_TEXT", "XMC_PR")},
		},
		{
			name: "LLVM 14 names the default code csect .text", triple: aix, llvm: 14,
			globals: []Global{{Name: "g", Kind: KindFunc}},
			verdict: Accepted,
			place:   map[string]*Placement{"g": pl(".text", "STYP_TEXT", "XMC_PR")},
		},
		{
			name: "section ..text.. is the default code csect", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindFunc, Section: "..text.."}},
			verdict: Accepted,
			place:   map[string]*Placement{"g": pl("", "STYP_TEXT", "XMC_PR")},
		},
		{
			name: "a NUL ends the csect name", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindData, Section: "a\x00b"}},
			verdict: Accepted,
			place:   map[string]*Placement{"g": pl("a", "STYP_DATA", "XMC_RW")},
		},
		{
			name: "TLS with a section", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindTLS, Section: "s"}},
			verdict: Fatal, diag: "LLVM ERROR: XCOFF other section types not yet implemented.", rule: "xcoff/explicit-section-kind",
		},
		{
			name: "TLS with a section fails before the 64-bit writer of LLVM 14", triple: aix64, llvm: 14,
			globals: []Global{{Name: "g", Kind: KindTLS, Section: "s"}},
			verdict: Fatal, diag: "LLVM ERROR: XCOFF other section types not yet implemented.",
		},
		{
			name: "64-bit objects are beyond LLVM 14", triple: aix64, llvm: 14,
			globals: []Global{{Name: "g", Kind: KindData, Section: "s"}},
			verdict: Unsupported, diag: "LLVM ERROR: 64-bit XCOFF object files are not supported yet.", rule: "xcoff/unsupported",
		},
		{
			name: "an error before the 64-bit writer of LLVM 14 aborts", triple: aix64, llvm: 14,
			globals: []Global{{Name: "g", Kind: KindData, Section: "_Renamed..x"}},
			verdict: Unsupported, diag: "LLVM ERROR: 64-bit XCOFF object files are not supported yet.",
		},
		{
			name: "common with a section", triple: aix, llvm: 19,
			globals: []Global{{Name: "g", Kind: KindZero, Linkage: Common, Section: "s"}},
			verdict: Fatal, diag: "LLVM ERROR: XCOFF other section types not yet implemented.",
		},
		{
			name: "names LLVM reserves for renaming", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindFunc, Section: "._Renamed..f"}},
			verdict: Error, diag: "error: invalid symbol name from source", rule: "xcoff/renamed-prefix",
		},
		{
			name: "predefined csect with a single-symbol policy", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindConst, Section: ".gcc_except_table"}},
			verdict: Fatal, diag: "LLVM ERROR: section's multiply symbols policy does not match", rule: "xcoff/csect-policy",
		},
		{
			name: "same name, other class: no conflict", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindData, Section: ".gcc_except_table"}},
			verdict: Accepted,
			place:   map[string]*Placement{"g": pl(".gcc_except_table", "STYP_DATA", "XMC_RW")},
		},
		{
			name: "a section named after a global with a csect of its own", triple: aix, llvm: 19,
			globals: []Global{{Name: "a", Kind: KindData, Section: "b"}, {Name: "b", Kind: KindData}},
			verdict: Fatal, diag: "LLVM ERROR: section's multiply symbols policy does not match",
		},
		{
			name: "comdat variables are rejected when emitted", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindData, Comdat: "g"}},
			verdict: Fatal, diag: "LLVM ERROR: COMDAT not yet supported by AIX.", rule: "xcoff/comdat",
		},
		{
			name: "csect errors come before comdat errors", triple: aix, llvm: 22,
			globals: []Global{{Name: "a", Kind: KindData, Comdat: "a"}, {Name: "b", Kind: KindTLS, Section: "s"}},
			verdict: Fatal, diag: "LLVM ERROR: XCOFF other section types not yet implemented.",
		},
		{
			name: "comdat functions are accepted", triple: aix, llvm: 22,
			globals: []Global{{Name: "f", Kind: KindFunc, Comdat: "f", Section: "s"}},
			verdict: Accepted,
			place:   map[string]*Placement{"f": pl("s", "STYP_TEXT", "XMC_PR")},
		},
		{
			name: "own csects by kind without a section", triple: aix, llvm: 22,
			globals: []Global{
				{Name: "d", Kind: KindData}, {Name: "z", Kind: KindZero}, {Name: "c", Kind: KindConst},
				{Name: "t", Kind: KindTLS}, {Name: "bl", Kind: KindZero, Linkage: Internal},
				{Name: "cm", Kind: KindZero, Linkage: Common}, {Name: "tz", Kind: KindTLS, Linkage: Internal, Init: &Init{Form: InitScalar, Size: 4, Zero: true}},
				{Name: "p", Kind: KindConst, Init: &Init{Form: InitPointer, Ref: "d"}},
			},
			verdict: Accepted,
			place: map[string]*Placement{
				"d": pl("d", "STYP_DATA", "XMC_RW"), "z": pl("z", "STYP_DATA", "XMC_RW"),
				"c": pl("c", "STYP_TEXT", "XMC_RO"), "t": pl("t", "STYP_TDATA", "XMC_TL"),
				"bl": pl("bl", "STYP_BSS", "XMC_BS"), "cm": pl("cm", "STYP_BSS", "XMC_RW"),
				"tz": pl("tz", "STYP_TBSS", "XMC_UL"), "p": pl("p", "STYP_DATA", "XMC_RW"),
			},
		},
		{
			name: "private globals have no symbol", triple: aix, llvm: 22,
			globals: []Global{{Name: "a", Kind: KindData, Linkage: Private, Section: "s"}, {Name: "b", Kind: KindData, Linkage: Private}},
			verdict: Accepted,
			place:   map[string]*Placement{"a": nil, "b": nil},
		},
		{
			name: "a private global shows through a csect of its name", triple: aix, llvm: 22,
			globals: []Global{{Name: "a", Kind: KindData, Linkage: Private, Section: "a"}},
			verdict: Accepted, rule: "xcoff/csect-name",
			place: map[string]*Placement{"a": pl("a", "STYP_DATA", "XMC_RW")},
		},
		{
			name: "llvm.metadata is emitted before LLVM 22", triple: aix, llvm: 19,
			globals: []Global{{Name: "g", Kind: KindData, Section: "llvm.metadata"}},
			verdict: Accepted, deviation: "xcoff-emits-llvm-metadata",
			place: map[string]*Placement{"g": pl("llvm.metadata", "STYP_DATA", "XMC_RW")},
		},
		{
			name: "llvm.metadata is left out by LLVM 22", triple: aix, llvm: 22,
			globals: []Global{{Name: "g", Kind: KindData, Section: "llvm.metadata"}},
			verdict: Accepted, rule: "xcoff/llvm-metadata",
			place: map[string]*Placement{"g": nil},
		},
		{
			name: "a pointer to a left-out llvm.metadata variable crashes LLVM 22", triple: aix, llvm: 22,
			globals: []Global{
				{Name: "m", Kind: KindData, Section: "llvm.metadata"},
				{Name: "p", Kind: KindData, Init: &Init{Form: InitPointer, Ref: "m"}},
			},
			verdict: Crash, deviation: "xcoff-llvm-metadata-reference-crash",
			diag: "crash in llvm::MCAssembler::layout()",
		},
		{
			name: "LLVM 14 crashes on available_externally functions", triple: aix, llvm: 14,
			globals: []Global{{Name: "f", Kind: KindFunc, Linkage: AvailExtern}},
			verdict: Crash, deviation: "xcoff-available-externally-function-crash",
			diag: "crash in _ZN4llvm11MCAssembler6layoutERNS_11MCAsmLayoutE",
		},
		{
			name: "LLVM 14 names mergeable strings' csects after .rodata.str", triple: aix, llvm: 14,
			globals: []Global{{Name: "s", Kind: KindConst, UnnamedAddr: "unnamed_addr", Init: &Init{Form: InitString, Len: 4, Bytes: "abc"}}},
			verdict: Accepted, deviation: "xcoff-mergeable-cstring-csect",
			place: map[string]*Placement{"s": nil},
		},
		{
			name: "declarations reach no csect", triple: aix, llvm: 22,
			globals: []Global{{Name: "e", Kind: KindTLS, Section: "s", Declaration: true}},
			verdict: Accepted, rule: "xcoff/declaration",
			place: map[string]*Placement{"e": nil},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := Predict(Case{Triple: tc.triple, LLVM: tc.llvm, Globals: tc.globals}, Options{})
			if out.Verdict != tc.verdict || out.Diag != tc.diag {
				t.Fatalf("got %s %q, want %s %q", out.Verdict, out.Diag, tc.verdict, tc.diag)
			}
			if tc.rule != "" && out.Rule != tc.rule {
				t.Errorf("rule %q, want %q", out.Rule, tc.rule)
			}
			if out.Deviation != tc.deviation {
				t.Errorf("deviation %q, want %q", out.Deviation, tc.deviation)
			}
			for g, want := range tc.place {
				got, ok := out.Placements[g]
				switch {
				case want == nil && ok:
					t.Errorf("%s: placed in %+v, want no placement", g, got)
				case want != nil && !reflect.DeepEqual(got, *want):
					t.Errorf("%s: placed in %+v, want %+v", g, got, *want)
				}
			}
		})
	}
}

// TestXCOFFSpec: without deviations, LLVM 14 behaves like the spec.
func TestXCOFFSpec(t *testing.T) {
	c := Case{Triple: "powerpc-ibm-aix", LLVM: 14, Globals: []Global{{Name: "g", Kind: KindFunc}, {Name: "m", Kind: KindData, Section: "llvm.metadata"}}}
	out := Predict(c, Options{Spec: true})
	// The csect's name is LLVM 14's own convention (a feature, not a
	// deviation): the spec of 14 names it .text too.
	if p := out.Placements["g"]; p.Name != ".text" {
		t.Errorf("spec: default code csect named %q", p.Name)
	}
	if _, ok := out.Placements["m"]; ok {
		t.Errorf("spec: llvm.metadata variable placed")
	}
	if out.Deviation != "" {
		t.Errorf("spec: deviation %q", out.Deviation)
	}
}
