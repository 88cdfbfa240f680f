package irgen

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func TestGenerateEmptyInput(t *testing.T) {
	c, err := Generate(nil, "x86_64-unknown-linux-gnu", Dictionary{})
	if err != nil {
		t.Fatal(err)
	}
	want := oracle.Global{Name: "g0", Kind: oracle.KindData,
		Init: &oracle.Init{Form: oracle.InitScalar, Size: 4, Value: 1}}
	if d := cmp.Diff([]oracle.Global{want}, c.Globals); d != "" {
		t.Errorf("Generate(nil) (-want +got):\n%s", d)
	}
	if _, err := Generate(nil, "", Dictionary{}); err == nil {
		t.Error("Generate without a triple: want an error")
	}
}

// generated returns the cases of n random inputs for triple.
func generated(t *testing.T, triple string, n int) []oracle.Case {
	t.Helper()
	r := rand.New(rand.NewSource(int64(len(triple))))
	var out []oracle.Case
	for i := 0; i < n; i++ {
		b := make([]byte, r.Intn(500))
		r.Read(b)
		c, err := Generate(b, triple, dictFor(triple))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// TestGenerateKeepsIRRules checks the rules Generate's doc lists, on every
// triple: what the IR verifier and each format require.
func TestGenerateKeepsIRRules(t *testing.T) {
	for _, triple := range allTriples() {
		f := oracle.ParseTriple(triple).Format
		for _, c := range generated(t, triple, 500) {
			names := map[string]oracle.Global{}
			for _, g := range c.Globals {
				names[g.Name] = g
			}
			funcsStarted := false
			for _, g := range c.Globals {
				bad := func(why string) { t.Errorf("%s: %s: %+v", triple, why, g) }
				if g.IsFunc() {
					funcsStarted = true
				} else if funcsStarted {
					bad("variable after a function (Render prints variables first)")
				}
				switch {
				case g.Linkage == oracle.Common && (g.IsFunc() || g.Kind == oracle.KindConst || g.Init == nil || !g.Init.Zero || g.Comdat != ""):
					bad("common must be a zero, non-constant variable without comdat")
				case g.Linkage == oracle.ExternWeak && !g.Declaration:
					bad("extern_weak on a definition")
				case g.Declaration && (g.Linkage != oracle.External && g.Linkage != oracle.ExternWeak || g.Comdat != "" || g.Used || g.Init != nil):
					bad("declaration with a definition's attributes")
				case g.Linkage.IsLocal() && g.Visibility != "":
					bad("local linkage with non-default visibility")
				case g.Comdat != "" && len(comdatSelections[f]) == 0:
					bad("comdat on a format without comdats")
				case g.Comdat != "" && (names[g.Comdat].Comdat != g.Comdat || names[g.Comdat].Linkage == oracle.Private):
					bad("comdat without a (non-private) key global in it")
				case g.Comdat != "" && g.ComdatSelection != names[g.Comdat].ComdatSelection:
					bad("members of one comdat disagree on its selection")
				case g.Kind == oracle.KindZero && (g.Init == nil || !g.Init.Zero):
					bad("zero kind with a non-zero initializer")
				case g.Kind == oracle.KindData && g.Init != nil && g.Init.Zero:
					bad("data kind with a zero initializer")
				case g.Init != nil && g.Init.Ref != "" && names[g.Init.Ref].Name == "":
					bad("pointer to a global outside the module")
				case g.TLSModel != "" && g.Kind != oracle.KindTLS:
					bad("TLS model on a non-TLS global")
				case f == oracle.COFF && g.Linkage == oracle.Common && g.Align > 32:
					bad("COFF common aligned over 32 bytes")
				case f == oracle.GOFF && g.Linkage == oracle.Private && !g.IsFunc():
					bad("private variable on GOFF")
				}
			}
		}
	}
}

// TestGenerateCoverage checks that random inputs reach every choice the
// generator offers, so that no table entry is dead.
func TestGenerateCoverage(t *testing.T) {
	for _, triple := range []string{"x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc", "arm64-apple-ios"} {
		f := oracle.ParseTriple(triple).Format
		dict := dictFor(triple)
		inDict := map[string]bool{}
		for _, s := range dict.Sections {
			inDict[s] = true
		}
		seen := map[string]bool{}
		for _, c := range generated(t, triple, 3000) {
			if n := len(c.Globals); n == 16 {
				seen["16 globals"] = true
			}
			sections := map[string]int{}
			for _, g := range c.Globals {
				see := func(what string, v any) { seen[fmt.Sprintf("%s=%v", what, v)] = true }
				see("kind", g.Kind)
				see("linkage", g.Linkage)
				see("declaration", g.Declaration)
				see("align", g.Align)
				see("unnamed_addr", g.UnnamedAddr)
				see("visibility", g.Visibility)
				see("used", g.Used)
				if g.Kind == oracle.KindTLS {
					see("tls model", g.TLSModel)
				}
				if g.Init != nil {
					see("init", fmt.Sprintf("%s/zero=%v", g.Init.Form, g.Init.Zero))
				}
				if g.Comdat != "" {
					see("comdat selection", g.ComdatSelection)
					see("comdat member", g.Comdat != g.Name)
				}
				if g.Section != "" {
					sections[g.Section]++
					see("section from dictionary", inDict[g.Section])
				}
			}
			for _, n := range sections {
				if n > 1 {
					seen["shared section"] = true
				}
			}
		}
		want := []string{"16 globals", "shared section", "section from dictionary=true", "section from dictionary=false",
			"declaration=true", "used=true", "align=4096"}
		for _, k := range oracle.Kinds {
			want = append(want, fmt.Sprintf("kind=%v", k))
		}
		for _, l := range []oracle.Linkage{oracle.External, oracle.Internal, oracle.Private, oracle.Weak, oracle.WeakODR,
			oracle.LinkOnce, oracle.LinkOnceODR, oracle.Common, oracle.ExternWeak} {
			want = append(want, fmt.Sprintf("linkage=%v", l))
		}
		for _, m := range tlsModelTable {
			want = append(want, fmt.Sprintf("tls model=%v", m))
		}
		for _, u := range unnamedAddrTable {
			want = append(want, fmt.Sprintf("unnamed_addr=%v", u))
		}
		for _, v := range visibilityTable {
			want = append(want, fmt.Sprintf("visibility=%v", v))
		}
		for _, form := range initFormTable {
			for _, z := range []bool{false, true} {
				want = append(want, fmt.Sprintf("init=%s/zero=%v", form, z))
			}
		}
		for _, sel := range comdatSelections[f] {
			want = append(want, fmt.Sprintf("comdat selection=%v", sel), "comdat member=true")
		}
		for _, w := range want {
			if !seen[w] {
				t.Errorf("%s: 3000 inputs never gave %s", triple, w)
			}
		}
	}
}

func TestDefaultDictionary(t *testing.T) {
	for _, f := range oracle.Formats {
		triple := familyTriples[f][0]
		d := DefaultDictionary(triple)
		if len(d.Sections) < 20 || len(d.Foreign) < 20 {
			t.Errorf("%s: %d own and %d foreign sections; want at least 20 each", f, len(d.Sections), len(d.Foreign))
		}
		own := map[string]bool{}
		for _, s := range d.Sections {
			if own[s] {
				t.Errorf("%s: %q twice", f, s)
			}
			own[s] = true
		}
		for _, s := range specialSections[f] {
			if !own[s] {
				t.Errorf("%s: well-known section %q missing", f, s)
			}
		}
		for _, s := range d.Foreign {
			if own[s] {
				t.Errorf("%s: %q both own and foreign", f, s)
			}
		}
	}
}
