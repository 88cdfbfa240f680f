package oracle

import (
	"strings"
	"testing"
)

// These tests pin the COFF rules' bookkeeping (verdict, rule, deviation)
// without LLVM; internal/pipeline/testdata/expect/coff.jsonl holds the
// same rules to the real llc 14, 19 and 22.

const (
	x64   = "x86_64-pc-windows-msvc"
	i686  = "i686-pc-windows-gnu"
	arm64 = "aarch64-pc-windows-msvc"
)

type coffTest struct {
	name    string
	c       Case
	spec    bool
	verdict Verdict
	diag    string
	rule    string // the outcome's rule
	dev     string // the outcome's deviation list
	place   string // "name|type|flags" of global "g", "" to skip, "-" for none
}

func one(triple string, v int, k Kind, section string) Case { return Single(triple, v, k, section) }

func mod(triple string, v int, gs ...Global) Case { return Case{Triple: triple, LLVM: v, Globals: gs} }

var coffTests = []coffTest{
	{name: "common taken over by a section of its name", c: mod(x64, 19,
		Global{Name: "g2", Kind: KindZero, Linkage: Common},
		Global{Name: "a", Kind: KindData, Section: "g2"}),
		verdict: Accepted, dev: "coff-common-taken-by-section"},
	{name: "section named like its global (19+)", c: one(x64, 19, KindData, "g"), verdict: Error, rule: "coff/section-symbol-clash",
		diag: "error: symbol 'g' is already defined"},
	{name: "section named like its global, temporaries in 14", c: one(x64, 14, KindData, "g"), verdict: Accepted, rule: "coff/explicit-section"},
	{name: "default data", c: one(x64, 22, KindData, ""), verdict: Accepted, rule: "coff/default-section",
		place: ".data|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ|IMAGE_SCN_MEM_WRITE"},
	{name: "zero in bss", c: one(i686, 14, KindZero, ""), verdict: Accepted, rule: "coff/default-section",
		place: ".bss|IMAGE_SCN_CNT_UNINITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_UNINITIALIZED_DATA|IMAGE_SCN_MEM_READ|IMAGE_SCN_MEM_WRITE"},
	{name: "function x86 16-byte", c: one(x64, 19, KindFunc, "f"), verdict: Accepted, rule: "coff/explicit-section",
		place: "f|IMAGE_SCN_CNT_CODE|IMAGE_SCN_ALIGN_16BYTES|IMAGE_SCN_CNT_CODE|IMAGE_SCN_MEM_EXECUTE|IMAGE_SCN_MEM_READ"},
	{name: "thumb code is 16-bit", c: one("thumbv7-pc-windows-msvc", 22, KindFunc, "f"), verdict: Accepted, rule: "coff/explicit-section",
		place: "f|IMAGE_SCN_CNT_CODE|IMAGE_SCN_ALIGN_2BYTES|IMAGE_SCN_CNT_CODE|IMAGE_SCN_MEM_16BIT|IMAGE_SCN_MEM_EXECUTE|IMAGE_SCN_MEM_PURGEABLE|IMAGE_SCN_MEM_READ"},
	{name: "tls in a section is plain data", c: one(arm64, 22, KindTLS, ".tls$x"), verdict: Accepted, rule: "coff/tls-in-section",
		place: ".tls$x|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ|IMAGE_SCN_MEM_WRITE"},
	{name: "predefined wins over kind", c: one(x64, 22, KindData, ".CRT$XCU"), verdict: Accepted, rule: "coff/predefined-section",
		place: ".CRT$XCU|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ"},
	{name: "no CRT sections on mingw", c: one(i686, 22, KindData, ".CRT$XCU"), verdict: Accepted, rule: "coff/explicit-section"},
	{name: "long name", c: one(x64, 22, KindConst, "a_long_section_name"), verdict: Accepted, rule: "coff/long-name"},
	{name: "nul truncates", c: one(x64, 22, KindConst, "ab\x00cd"), verdict: Accepted, rule: "coff/nul-truncates",
		place: "ab|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ"},
	{name: "bss contents dropped in 14", c: one(x64, 14, KindData, ".bss"), verdict: Accepted, rule: "coff/bss-contents",
		dev: "coff-bss-contents-dropped"},
	{name: "bss contents rejected in 22", c: one(x64, 22, KindData, ".bss"), verdict: Error, rule: "coff/bss-contents",
		diag: "error: BSS section '.bss' cannot have non-zero bytes", place: "-"},
	{name: "bss contents rejected by the spec", c: one(x64, 14, KindData, ".bss"), spec: true, verdict: Error,
		diag: "error: BSS section '.bss' cannot have non-zero bytes"},
	{name: "code in bss at emission", c: one(i686, 19, KindFunc, ".bss"), verdict: Error, rule: "coff/bss-code",
		dev: "coff-bss-code-at-emission", diag: "error: IMAGE_SCN_CNT_UNINITIALIZED_DATA section '.bss' cannot have instructions"},
	{name: "covmap is metadata from 18", c: one(x64, 19, KindData, ".lcovd"), verdict: Accepted, rule: "coff/metadata-section",
		place: ".lcovd||IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_MEM_DISCARDABLE"},
	{name: "covmap plain in 14", c: one(x64, 14, KindData, ".lcovd"), verdict: Accepted, dev: "coff-covmap-not-metadata"},
	{name: "bitcode plain before 22", c: one(x64, 19, KindData, ".llvmbc"), verdict: Accepted, dev: "coff-bitcode-not-metadata"},
	{name: "pseudo probe predefined in 22", c: one(x64, 22, KindFunc, ".pseudo_probe"), verdict: Accepted, rule: "coff/predefined-section"},
	{name: "pseudo probe not predefined in 19", c: one(x64, 19, KindFunc, ".pseudo_probe"), verdict: Accepted,
		dev: "coff-no-pseudo-probe-sections", rule: "coff/long-name"},
	{name: "dwo lists", c: one(arm64, 19, KindData, ".debug_loclists.dwo"), verdict: Accepted, dev: "coff-no-dwo-list-sections"},
	{name: "import call x64", c: one(x64, 14, KindData, ".retplne"), verdict: Accepted, dev: "coff-no-import-call-sections"},
	{name: "impcall is aarch64 only", c: one(x64, 22, KindData, ".impcall"), verdict: Accepted, dev: "", rule: "coff/explicit-section"},
	{name: "short slash name, empty string table", c: one(x64, 22, KindData, "/4"), verdict: Accepted,
		place: "/4|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ|IMAGE_SCN_MEM_WRITE"},
	{name: "short slash name reads .eh_frame", c: one(i686, 22, KindFunc, "/4"), verdict: Accepted, rule: "coff/short-slash-name",
		dev: "coff-short-slash-name"},
	{name: "short slash name, spec", c: one(i686, 22, KindFunc, "/4"), spec: true, verdict: Accepted, rule: "coff/explicit-section",
		place: "/4|IMAGE_SCN_CNT_CODE|IMAGE_SCN_ALIGN_16BYTES|IMAGE_SCN_CNT_CODE|IMAGE_SCN_MEM_EXECUTE|IMAGE_SCN_MEM_READ"},
	{name: "arm mode", c: one("armv7-pc-windows-msvc", 22, KindFunc, ""), verdict: Error, rule: "coff/arm-mode",
		diag: "error: Function 'g' uses ARM instructions, but the target does not support ARM mode execution."},
	{name: "alignment overflow", c: mod(x64, 22, Global{Name: "g", Kind: KindData, Section: "s", Align: 1 << 16}), verdict: Accepted,
		dev:   "coff-align-overflow",
		place: "s|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_1BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_LNK_NRELOC_OVFL|IMAGE_SCN_MEM_READ|IMAGE_SCN_MEM_WRITE"},
	{name: "alignment clamps in 14", c: mod(x64, 14, Global{Name: "g", Kind: KindData, Section: "s", Align: 1 << 16}), verdict: Accepted,
		place: "s|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_8192BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ|IMAGE_SCN_MEM_WRITE"},
	{name: "alignment 4G wraps in 14", c: mod(x64, 14, Global{Name: "g", Kind: KindData, Section: "s", Align: 1 << 32}), verdict: Accepted,
		dev: "coff-align-4g-wraps"},
	{name: "i128 align 8 in 14", c: mod(x64, 14, Global{Name: "g", Kind: KindData, Section: "s", Init: &Init{Form: InitScalar, Size: 16, Value: 1}}),
		verdict: Accepted, dev: "coff-x86-i128-align8"},
	{name: "cygwin comdat names", c: mod("x86_64-pc-cygwin", 19, Global{Name: "g", Kind: KindData, Linkage: LinkOnceODR, Comdat: "g"}),
		verdict: Accepted, dev: "coff-cygwin-plain-comdat-names", rule: "coff/comdat-default-section"},
	{name: "first global decides", c: mod(i686, 22, Global{Name: "a", Kind: KindConst, Section: "x"}, Global{Name: "g", Kind: KindData, Section: "x"}),
		verdict: Accepted, place: "x|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_MEM_READ"},
	{name: "functions are emitted first", c: mod(x64, 22, Global{Name: "g", Kind: KindData, Section: "x"}, Global{Name: "f", Kind: KindFunc, Section: "x"}),
		verdict: Accepted, place: "x|IMAGE_SCN_CNT_CODE|IMAGE_SCN_ALIGN_16BYTES|IMAGE_SCN_CNT_CODE|IMAGE_SCN_MEM_EXECUTE|IMAGE_SCN_MEM_READ"},
	{name: "common has no section", c: mod(x64, 22, Global{Name: "g", Kind: KindZero, Linkage: Common, Section: "x"}),
		verdict: Accepted, rule: "coff/common", place: "-"},
	{name: "private has no symbol", c: mod(x64, 22, Global{Name: "g", Kind: KindData, Linkage: Private, Section: "x"}),
		verdict: Accepted, rule: "coff/private-no-symbol", place: "-"},
	{name: "comdat section", c: mod(x64, 22, Global{Name: "g", Kind: KindConst, Section: "x", Comdat: "g"}), verdict: Accepted,
		rule:  "coff/comdat-section",
		place: "x|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_ALIGN_4BYTES|IMAGE_SCN_CNT_INITIALIZED_DATA|IMAGE_SCN_LNK_COMDAT|IMAGE_SCN_MEM_READ"},
	{name: "comdat key missing", c: mod(x64, 22, Global{Name: "g", Kind: KindData, Comdat: "k"}), verdict: Fatal, rule: "coff/comdat-key",
		diag: "LLVM ERROR: Associative COMDAT symbol 'k' does not exist."},
	{name: "common over 32 bytes aligned on msvc", c: mod(arm64, 22, Global{Name: "g", Kind: KindZero, Linkage: Common, Align: 64}),
		verdict: Fatal, rule: "coff/common-alignment", diag: "LLVM ERROR: alignment is limited to 32-bytes"},
	{name: "verifier", c: mod(i686, 22, Global{Name: "g", Kind: KindConst, Linkage: Common}), verdict: Error, rule: "verifier",
		diag: "error: 'in.ll': input module cannot be verified"},
	{name: "aligned fragment unchecked in 22", c: mod(x64, 22, Global{Name: "g", Kind: KindConst, Section: ".bss"}, Global{Name: "z", Kind: KindZero, Section: ".bss"}),
		verdict: Accepted, dev: "mc-virtual-aligned-bytes-unchecked"},
	{name: "emulated tls on cygwin", c: one("i686-pc-cygwin", 22, KindTLS, "x"), verdict: Accepted, rule: "coff/emulated-tls", place: "-"},
}

func TestCOFFRules(t *testing.T) {
	for _, tt := range coffTests {
		t.Run(tt.name, func(t *testing.T) {
			o := Predict(tt.c, Options{Spec: tt.spec})
			if o.Verdict != tt.verdict || (tt.diag != "" && o.Diag != tt.diag) {
				t.Errorf("verdict %s %q, want %s %q", o.Verdict, o.Diag, tt.verdict, tt.diag)
			}
			if tt.rule != "" && o.Rule != tt.rule && o.Rules["g"] != tt.rule {
				t.Errorf("rule %q (g: %q), want %q", o.Rule, o.Rules["g"], tt.rule)
			}
			if tt.dev != "" && !strings.Contains(","+o.Deviation+",", ","+tt.dev+",") {
				t.Errorf("deviation %q, want %q", o.Deviation, tt.dev)
			}
			if tt.spec && o.Deviation != "" {
				t.Errorf("spec prediction records deviation %q", o.Deviation)
			}
			p, ok := o.Placements["g"]
			switch {
			case tt.place == "-" && ok:
				t.Errorf("g placed in %+v, want no placement", p)
			case tt.place != "" && tt.place != "-":
				got := p.Name + "|" + p.Type + "|" + p.Flags
				if !ok || got != tt.place {
					t.Errorf("g: %q (placed %v)\nwant %q", got, ok, tt.place)
				}
			}
		})
	}
}

// TestCOFFDeviationsExercised: every COFF deviation in versions.go is
// reached by some case above, so none is dead data.
func TestCOFFDeviationsExercised(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range coffTests {
		for _, d := range strings.Split(Predict(tt.c, Options{Spec: tt.spec}).Deviation, ",") {
			seen[d] = true
		}
	}
	for _, d := range coffDeviations {
		if d.Feature {
			continue // a version's own rule, not a deviation: no outcome names it
		}
		if !seen[d.ID] {
			t.Errorf("deviation %s is not exercised by TestCOFFRules", d.ID)
		}
		if d.Upstream == "" || d.Summary == "" {
			t.Errorf("deviation %s lacks a summary or upstream reference", d.ID)
		}
	}
}

// TestCOFFStringTable checks StringTableBuilder's layout: strings sorted by
// their reversed bytes, a suffix sharing the tail of the previous string.
func TestCOFFStringTable(t *testing.T) {
	st := buildCOFFStringTable([]string{"x_section_name", "a_long_section_name", "section_name", "x_section_name"})
	// Reversed, descending: "eman_noitces_x" ... all end in "section_name";
	// "x_..." sorts first, then "a_long_...", then the shared suffix.
	want := "x_section_name\x00a_long_section_name\x00"
	if got := string(st[4:]); got != want {
		t.Fatalf("table %q, want %q", got, want)
	}
	for _, tt := range []struct{ field, want string }{
		{"/4", "x_section_name"},
		{"/6", "section_name"},
		{"/19", "a_long_section_name"},
		{"//AAAAAE", "x_section_name"},
		{"/0", "'"}, // the size field's own bytes: 0x27 = 39
		{"/99", "/99"},
		{"/x", "/x"},
		{"/", "/"},
	} {
		if got, _ := st.resolve(tt.field); got != tt.want {
			t.Errorf("resolve(%q) = %q, want %q", tt.field, got, tt.want)
		}
	}
}

// FuzzPredictCOFF: any section string, kind and triple gives a prediction
// without panicking, the same twice, with llvm-readobj's sorted words.
func FuzzPredictCOFF(f *testing.F) {
	for _, s := range []string{"", ".bss", "/4", "a\x00b", ".CRT$XCU", "a_long_section_name", "//AAAAAE"} {
		f.Add(s, uint8(0), uint8(0), uint8(0))
	}
	triples := []string{x64, i686, arm64, "thumbv7-pc-windows-msvc", "x86_64-pc-cygwin", "armv7-pc-windows-msvc"}
	f.Fuzz(func(t *testing.T, section string, kind, triple, version uint8) {
		c := Single(triples[int(triple)%len(triples)], Versions[int(version)%len(Versions)], Kinds[int(kind)%len(Kinds)], section)
		a, b := Predict(c, Options{}), Predict(c, Options{})
		if a.Verdict != b.Verdict || a.Diag != b.Diag || a.Deviation != b.Deviation {
			t.Fatalf("non-deterministic: %+v vs %+v", a, b)
		}
		for _, p := range a.Placements {
			if strings.IndexByte(p.Name, 0) >= 0 {
				t.Fatalf("name %q holds a NUL", p.Name)
			}
			if JoinFlags(strings.Split(p.Flags, "|")...) != p.Flags {
				t.Fatalf("flags %q not sorted", p.Flags)
			}
		}
	})
}
