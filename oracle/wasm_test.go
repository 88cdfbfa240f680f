package oracle

import (
	"strings"
	"testing"
)

// The Wasm rules, one case per rule and version difference. What real llc
// does with the same cases is held by
// internal/pipeline/testdata/expect/wasm.jsonl; these tests pin the
// oracle's own bookkeeping too (rule and deviation names).

const (
	w32 = "wasm32-unknown-unknown"
	w64 = "wasm64-unknown-unknown"
)

func seg(name string, flags ...string) *Placement {
	return &Placement{Name: name, Type: "DATA", Flags: JoinFlags(flags...)}
}

var code = &Placement{Name: "CODE", Type: "CODE"}

type wasmCase struct {
	name     string
	triple   string
	versions []int // empty: all
	kind     Kind
	section  string
	globals  []Global // instead of kind and section
	verdict  Verdict
	diag     string
	rule     string
	dev      string // the deviation the prediction names ("" for none)
	place    *Placement
	places   map[string]*Placement // nil entries: no placement
}

var wasmCases = []wasmCase{
	// Single globals.
	{name: "data segment", kind: KindData, section: ".foo", rule: "wasm/data-segment", place: seg(".foo")},
	{name: "zero is not bss", kind: KindZero, section: ".bss.x", rule: "wasm/data-segment", place: seg(".bss.x")},
	{name: "const", kind: KindConst, section: ".rodata", rule: "wasm/data-segment", place: seg(".rodata")},
	{name: "tls stripped", kind: KindTLS, section: ".tdata", rule: "wasm/tls-stripped", place: seg(".tdata")},
	{name: "odd bytes", kind: KindData, section: "a\x00b\"\\\xff,", rule: "wasm/data-segment", place: seg("a\x00b\"\\\xff,")},
	{name: "func ignores section", kind: KindFunc, section: ".llvmbc", rule: "wasm/func-section-ignored", place: code},
	{name: "func", kind: KindFunc, rule: "wasm/func-code", place: code},
	{name: "default data", kind: KindData, rule: "wasm/default-segment", place: seg(".data.g")},
	{name: "default zero", kind: KindZero, rule: "wasm/default-segment", place: seg(".bss.g")},
	{name: "default const", kind: KindConst, rule: "wasm/default-segment", place: seg(".rodata.g")},
	{name: "default tls", kind: KindTLS, rule: "wasm/tls-stripped", place: seg(".data.g")},
	{name: "predefined data", kind: KindConst, section: ".data", rule: "wasm/data-segment", place: seg(".data")},
	{name: "llvmbc", kind: KindData, section: ".llvmbc", verdict: Fatal, rule: "wasm/data-in-non-data-section",
		diag: "LLVM ERROR: data symbols must live in a data section: g"},
	{name: "debug section", kind: KindZero, section: ".debug_str", verdict: Fatal, rule: "wasm/data-in-non-data-section",
		diag: "LLVM ERROR: data symbols must live in a data section: g"},
	{name: "text", kind: KindTLS, section: ".text", verdict: Fatal, rule: "wasm/data-in-non-data-section",
		diag: "LLVM ERROR: data symbols must live in a data section: g"},
	{name: "covmap 22", versions: []int{22}, kind: KindConst, section: "__llvm_covfun", verdict: Fatal,
		rule: "wasm/data-in-non-data-section", diag: "LLVM ERROR: data symbols must live in a data section: g"},
	{name: "covmap 14 19", versions: []int{14, 19}, kind: KindConst, section: "__llvm_covmap",
		rule: "wasm/data-segment", dev: "wasm-covmap-is-data", place: seg("__llvm_covmap")},
	{name: "fini", kind: KindData, section: ".fini_array.1", verdict: Fatal, rule: "wasm/fini-array",
		diag: "LLVM ERROR: .fini_array sections are unsupported"},
	{name: "init data 14", versions: []int{14}, kind: KindData, section: ".init_array", verdict: Fatal,
		rule: "wasm/init-array-data", diag: "LLVM ERROR: non-symbolic data in .init_array section"},
	{name: "init data 19", versions: []int{19}, kind: KindData, section: ".init_array", verdict: Fatal,
		rule: "wasm/init-array-data", diag: "LLVM ERROR: non-symbolic data in .init_array section"},
	{name: "init data 22", versions: []int{22}, kind: KindData, section: ".init_array",
		rule: "wasm/init-array-segment", dev: "wasm-init-array-data-unchecked", place: seg(".init_array")},
	{name: "init zero 14 unreadable", versions: []int{14}, kind: KindZero, section: ".init_array.5", verdict: Crash,
		rule: "wasm/init-array-dangling-segment", dev: "wasm-init-array-not-a-segment",
		diag: "unreadable object"},
	{name: "init zero", versions: []int{19, 22}, kind: KindZero, section: ".init_array.5", rule: "wasm/init-array-segment", place: seg(".init_array.5")},
	{name: "init wasm64 14", triple: w64, versions: []int{14}, kind: KindZero, section: ".init_array", verdict: Fatal,
		rule: "wasm/init-array-layout", dev: "wasm-init-array-three-fragments", diag: "LLVM ERROR: .init_array section should be aligned for pointers"},
	{name: "init wasm64 19", triple: w64, versions: []int{19}, kind: KindZero, section: ".init_array", verdict: Fatal,
		rule: "wasm/init-array-layout", dev: "wasm-init-array-fragment-pairs", diag: "LLVM ERROR: .init_array section should be aligned for pointers"},
	{name: "init wasm64 22", triple: w64, versions: []int{22}, kind: KindZero, section: ".init_array",
		rule: "wasm/init-array-segment", place: seg(".init_array")},
	{name: "init priority dot", kind: KindConst, section: ".init_array5", verdict: Fatal, rule: "wasm/init-array-priority",
		diag: "LLVM ERROR: .init_array section priority should start with '.'"},
	{name: "init priority range", kind: KindZero, section: ".init_array.65536", verdict: Fatal, rule: "wasm/init-array-priority",
		diag: "LLVM ERROR: invalid .init_array section priority"},
	{name: "init priority empty", versions: []int{22}, kind: KindZero, section: ".init_array.", verdict: Fatal, rule: "wasm/init-array-priority",
		diag: "LLVM ERROR: invalid .init_array section priority"},
	{name: "init priority ok", versions: []int{19, 22}, kind: KindZero, section: ".init_array.00065", rule: "wasm/init-array-segment", place: seg(".init_array.00065")},

	// Modules.
	// Section begin symbols take the next free "<section><N>".
	{name: "begin symbol takes a later global's name", globals: []Global{
		{Name: "g0", Kind: KindData, Section: "g"}, {Name: "g1", Kind: KindData}},
		verdict: Error, diag: "error: symbol 'g1' is already defined",
		rule: "wasm/section-symbol-takes-name", dev: "wasm-section-symbol-takes-name"},
	{name: "begin symbol skips used names", globals: []Global{
		{Name: "g0", Kind: KindData}, {Name: "g2", Kind: KindData, Section: "g"}, {Name: "g3", Kind: KindData}},
		rule: "wasm/default-segment", places: map[string]*Placement{"g2": seg("g"), "g3": seg(".data.g3")}},
	{name: "pointer to a taken name crashes", versions: []int{19, 22}, globals: []Global{
		{Name: "g0", Kind: KindData, Section: "g"}, {Name: "g1", Kind: KindData, Declaration: true},
		{Name: "g2", Kind: KindData, Init: &Init{Form: InitPointer, Ref: "g1"}}},
		verdict: Crash, diag: "crash in llvm::MCAssembler::Finish()",
		rule: "wasm/section-symbol-takes-name", dev: "wasm-section-symbol-takes-name"},
	{name: "declared function at the end 14", versions: []int{14}, globals: []Global{
		{Name: "f0", Kind: KindData, Section: "f"}, {Name: "f1", Kind: KindFunc, Declaration: true}},
		verdict: Fatal, diag: "LLVM ERROR: function symbols must have a size set with .size",
		rule: "wasm/section-symbol-takes-name", dev: "wasm-section-symbol-takes-name"},
	{name: "declared function first 19 22", versions: []int{19, 22}, globals: []Global{
		{Name: "f0", Kind: KindData, Section: "f"}, {Name: "f1", Kind: KindFunc, Declaration: true}},
		rule: "wasm/data-segment", places: map[string]*Placement{"f0": seg("f")}},
	{name: "own comdat in a custom section 22", versions: []int{22}, globals: []Global{
		{Name: "g0", Kind: KindData, Section: ".llvmbc", Comdat: "g0"}, {Name: "x", Kind: KindData}},
		rule: "wasm/comdat-key-section-symbol", dev: "wasm-comdat-key-section-symbol",
		places: map[string]*Placement{"g0": nil, "x": seg(".data.x")}},
	{name: "init pointer holds an offset", triple: w64, versions: []int{14, 19}, globals: []Global{
		{Name: "a", Kind: KindData, Section: ".init_array.3", Init: &Init{Form: InitPointer, Ref: "b"}},
		{Name: "c", Kind: KindData, Section: "x"}, {Name: "b", Kind: KindData, Section: "x"}},
		verdict: Fatal, diag: "LLVM ERROR: non-symbolic data in .init_array section", rule: "wasm/init-array-data"},
	{name: "first global decides STRINGS", globals: []Global{
		{Name: "s", Kind: KindConst, Section: ".x", UnnamedAddr: "unnamed_addr", Init: &Init{Form: InitString, Bytes: "ab", Len: 3}},
		{Name: "d", Kind: KindData, Section: ".x"},
	}, rule: "wasm/data-segment", places: map[string]*Placement{"s": seg(".x", "STRINGS"), "d": seg(".x", "STRINGS")}},
	{name: "later string joins plain", globals: []Global{
		{Name: "d", Kind: KindData, Section: ".x"},
		{Name: "s", Kind: KindConst, Section: ".x", UnnamedAddr: "unnamed_addr", Init: &Init{Form: InitString, Bytes: "ab", Len: 3}},
	}, rule: "wasm/data-segment", places: map[string]*Placement{"s": seg(".x"), "d": seg(".x")}},
	{name: "retain", versions: []int{19, 22}, globals: []Global{
		{Name: "a", Kind: KindData, Section: ".x", Used: true},
		{Name: "b", Kind: KindData, Section: ".x"},
		{Name: "c", Kind: KindData, Used: true},
	}, rule: "wasm/data-segment", places: map[string]*Placement{"a": seg(".x", "RETAIN"), "b": seg(".x", "RETAIN"), "c": seg(".data.c", "RETAIN")}},
	{name: "retain 14", versions: []int{14}, globals: []Global{
		{Name: "a", Kind: KindData, Section: ".x", Used: true},
	}, rule: "wasm/data-segment", dev: "wasm-no-retain-flag", places: map[string]*Placement{"a": seg(".x")}},
	{name: "predefined init_array has no flags", versions: []int{22}, globals: []Global{
		{Name: "s", Kind: KindConst, Section: ".init_array", UnnamedAddr: "unnamed_addr", Init: &Init{Form: InitString, Bytes: "x", Len: 2}},
	}, rule: "wasm/init-array-segment", dev: "wasm-init-array-data-unchecked", places: map[string]*Placement{"s": seg(".init_array")}},
	{name: "functions first", globals: []Global{
		{Name: "d", Kind: KindData, Section: ".text.f"},
		{Name: "f", Kind: KindFunc},
	}, verdict: Fatal, rule: "wasm/data-in-non-data-section", diag: "LLVM ERROR: data symbols must live in a data section: d"},
	{name: "comdat separates from function section", globals: []Global{
		{Name: "f", Kind: KindFunc, Comdat: "f"},
		{Name: "d", Kind: KindData, Section: ".text.f"},
	}, rule: "wasm/func-code", places: map[string]*Placement{"f": code, "d": seg(".text.f")}},
	{name: "comdat selection", globals: []Global{
		{Name: "a", Kind: KindData, Section: ".x"},
		{Name: "b", Kind: KindData, Section: ".x", Comdat: "c", ComdatSelection: "largest"},
	}, verdict: Fatal, rule: "wasm/comdat-selection", diag: "LLVM ERROR: WebAssembly COMDATs only support SelectionKind::Any, 'c' cannot be lowered."},
	{name: "comdat segment of its own", globals: []Global{
		{Name: "a", Kind: KindData, Section: ".x"},
		{Name: "b", Kind: KindData, Section: ".x", Comdat: "c"},
	}, rule: "wasm/data-segment", places: map[string]*Placement{"a": seg(".x"), "b": seg(".x")}},
	{name: "common is undefined", globals: []Global{
		{Name: "c", Kind: KindZero, Linkage: Common, Section: ".x"},
		{Name: "d", Kind: KindData, Section: ".x"},
	}, rule: "wasm/common-undefined", places: map[string]*Placement{"c": nil, "d": seg(".x")}},
	{name: "declaration and llvm.metadata", globals: []Global{
		{Name: "e", Kind: KindData, Section: ".x", Declaration: true},
		{Name: "m", Kind: KindData, Section: "llvm.metadata"},
	}, rule: "wasm/not-emitted", places: map[string]*Placement{"e": nil, "m": nil}},
	{name: "private data lost", globals: []Global{
		{Name: "p", Kind: KindData, Linkage: Private, Section: ".llvmbc"},
	}, rule: "wasm/private-data-lost", places: map[string]*Placement{"p": nil}},
	{name: "private in reloc is checked", globals: []Global{
		{Name: "p", Kind: KindData, Linkage: Private, Section: ".text"},
		{Name: "q", Kind: KindData, Section: ".llvmbc", Init: &Init{Form: InitPointer, Ref: "p"}},
	}, verdict: Fatal, rule: "wasm/offset-reloc-no-function", diag: "LLVM ERROR: section doesn't have defining symbol"},
	{name: "offset reloc outside metadata", globals: []Global{
		{Name: "p", Kind: KindData, Linkage: Internal, Section: ".llvmbc"},
		{Name: "q", Kind: KindData, Section: ".x", Init: &Init{Form: InitPointer, Ref: "p"}},
	}, verdict: Fatal, rule: "wasm/offset-reloc-outside-metadata", diag: "LLVM ERROR: relocations for function or section offsets are only supported in metadata sections"},
	{name: "offset reloc wasm64 falls through", triple: w64, globals: []Global{
		{Name: "p", Kind: KindData, Linkage: Internal, Section: ".llvmbc"},
		{Name: "q", Kind: KindData, Section: ".x", Init: &Init{Form: InitPointer, Ref: "p"}},
	}, verdict: Fatal, rule: "wasm/data-in-non-data-section", diag: "LLVM ERROR: data symbols must live in a data section: p"},
	{name: "init array data pointer", globals: []Global{
		{Name: "d", Kind: KindData},
		{Name: "p", Kind: KindData, Section: ".init_array", Init: &Init{Form: InitPointer, Ref: "d"}},
	}, verdict: Fatal, rule: "wasm/init-array-function", diag: "LLVM ERROR: symbols in .init_array should be for functions"},
	{name: "init array function pointer", versions: []int{19, 22}, globals: []Global{
		{Name: "f", Kind: KindFunc},
		{Name: "p", Kind: KindData, Section: ".init_array", Init: &Init{Form: InitPointer, Ref: "f"}},
	}, rule: "wasm/func-code", places: map[string]*Placement{"f": code, "p": seg(".init_array")}},
	{name: "init array 14 points at segment 0", versions: []int{14}, globals: []Global{
		{Name: "p", Kind: KindZero, Section: ".init_array"},
		{Name: "d", Kind: KindData, Section: ".x"},
	}, rule: "wasm/init-array-segment", dev: "wasm-init-array-not-a-segment",
		places: map[string]*Placement{"p": seg(".x"), "d": seg(".x")}},
	{name: "init array two globals 14", versions: []int{14}, globals: []Global{
		{Name: "a", Kind: KindZero, Section: ".init_array"},
		{Name: "b", Kind: KindZero, Section: ".init_array"},
	}, verdict: Fatal, rule: "wasm/init-array-layout", dev: "wasm-init-array-three-fragments",
		diag: "LLVM ERROR: only one .init_array section fragment supported"},
	{name: "init array byte global escapes 19", versions: []int{19}, globals: []Global{
		{Name: "b", Kind: KindData, Section: ".init_array.x", Init: &Init{Form: InitScalar, Size: 1, Value: 7}},
	}, rule: "wasm/init-array-segment", dev: "wasm-init-array-fragment-pairs", places: map[string]*Placement{"b": seg(".init_array.x")}},
	{name: "init array fill", versions: []int{22}, globals: []Global{
		{Name: "z", Kind: KindZero, Section: ".init_array", Init: &Init{Form: InitArray, Size: 4, Len: 4, Zero: true}},
	}, verdict: Fatal, rule: "wasm/init-array-data", diag: "LLVM ERROR: only data supported in .init_array section"},
	{name: "init array struct 14", versions: []int{14}, triple: w64, globals: []Global{
		{Name: "s", Kind: KindData, Section: ".init_array", Init: &Init{Form: InitStruct, Len: 1, Value: 1}},
	}, verdict: Fatal, rule: "wasm/init-array-layout", dev: "wasm-struct-field-fill,wasm-init-array-three-fragments",
		diag: "LLVM ERROR: only one .init_array section fragment supported"},
	{name: "init array i128 wasm64", triple: w64, versions: []int{19}, globals: []Global{
		{Name: "i", Kind: KindZero, Section: ".init_array", Init: &Init{Form: InitScalar, Size: 16, Zero: true}},
	}, rule: "wasm/init-array-segment", dev: "wasm-i128-align-8", places: map[string]*Placement{"i": seg(".init_array")}},
	{name: "fini after init", versions: []int{22}, globals: []Global{
		{Name: "a", Kind: KindZero, Section: ".init_array.x"},
		{Name: "b", Kind: KindZero, Section: ".fini_array"},
	}, verdict: Fatal, rule: "wasm/init-array-priority", diag: "LLVM ERROR: invalid .init_array section priority"},
}

func TestWasmRules(t *testing.T) {
	for _, tc := range wasmCases {
		versions := tc.versions
		if len(versions) == 0 {
			versions = Versions
		}
		for _, v := range versions {
			tr := tc.triple
			if tr == "" {
				tr = w32
			}
			c := Case{Triple: tr, LLVM: v, Globals: tc.globals}
			if c.Globals == nil {
				c = Single(tr, v, tc.kind, tc.section)
			}
			got := Predict(c, Options{})
			want := tc.verdict
			if want == "" {
				want = Accepted
			}
			name := tc.name + "/llvm" + itoa(v)
			if got.Verdict != want || got.Diag != tc.diag || got.Rule != tc.rule || got.Deviation != tc.dev {
				t.Errorf("%s: got %s %q rule %s dev %q, want %s %q rule %s dev %q",
					name, got.Verdict, got.Diag, got.Rule, got.Deviation, want, tc.diag, tc.rule, tc.dev)
			}
			places := tc.places
			if tc.place != nil {
				places = map[string]*Placement{SingleGlobal: tc.place}
			}
			for g, p := range places {
				gp, ok := got.Placements[g]
				switch {
				case p == nil && ok:
					t.Errorf("%s: %s placed in %+v, want no placement", name, g, gp)
				case p != nil && (!ok || gp != *p):
					t.Errorf("%s: %s placed in %+v, want %+v", name, g, gp, *p)
				}
			}
		}
	}
}

// TestWasmSpec: --spec predicts the rules without any version's
// deviations, i.e. LLVM's intent: non-zero bytes in .init_array are
// fatal everywhere, and LLVM 14's RETAIN-less segments are not.
func TestWasmSpec(t *testing.T) {
	for _, v := range Versions {
		got := Predict(Single(w32, v, KindData, ".init_array"), Options{Spec: true})
		if got.Verdict != Fatal || got.Diag != "LLVM ERROR: non-symbolic data in .init_array section" || got.Deviation != "" {
			t.Errorf("llvm%d spec: %+v", v, got)
		}
		got = Predict(Case{Triple: w32, LLVM: v, Globals: []Global{{Name: "a", Kind: KindData, Section: ".x", Used: true}}}, Options{Spec: true})
		if p := got.Placements["a"]; p.Flags != "RETAIN" {
			t.Errorf("llvm%d spec: RETAIN missing: %+v", v, got)
		}
	}
}

// TestWasmVersionsAsData: the rule file never names a version; every
// version difference is a deviation of the Wasm block of versions.go.
func TestWasmVersionsAsData(t *testing.T) {
	for _, d := range Deviations() {
		if strings.HasPrefix(d.ID, "wasm-") && d.Format != Wasm {
			t.Errorf("%s: format %s", d.ID, d.Format)
		}
	}
}

// FuzzOracleWasm: any module predicts without panicking, deterministically,
// and an accepted module places only globals it has.
func FuzzOracleWasm(f *testing.F) {
	f.Add(".init_array.5", ".x", uint8(0), uint8(1), uint8(3), false)
	f.Add(".llvmbc", ".text.f", uint8(4), uint8(2), uint8(7), true)
	f.Fuzz(func(t *testing.T, s1, s2 string, k1, k2, shape uint8, w64bit bool) {
		tr := w32
		if w64bit {
			tr = w64
		}
		forms := []InitForm{InitScalar, InitString, InitArray, InitStruct, InitPointer}
		g1 := Global{Name: "f", Kind: Kinds[int(k1)%len(Kinds)], Section: s1, Used: shape&1 != 0}
		g2 := Global{Name: "g", Kind: Kinds[int(k2)%len(Kinds)], Section: s2,
			Init: &Init{Form: forms[int(shape>>1)%len(forms)], Size: int(shape>>4) + 1, Len: int(shape & 7), Value: int64(shape), Ref: "f"}}
		if shape&0x80 != 0 {
			g2.Linkage = Private
		}
		for _, v := range Versions {
			c := Case{Triple: tr, LLVM: v, Globals: []Global{g1, g2}}
			a, b := Predict(c, Options{}), Predict(c, Options{})
			if a.Verdict != b.Verdict || a.Diag != b.Diag || len(a.Placements) != len(b.Placements) {
				t.Fatalf("nondeterministic: %+v vs %+v", a, b)
			}
			for name := range a.Placements {
				if name != "f" && name != "g" {
					t.Fatalf("placement of unknown global %q", name)
				}
			}
		}
	})
}
