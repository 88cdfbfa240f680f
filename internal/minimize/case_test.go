package minimize

import (
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// TestCaseWithOracle minimizes real modules against the oracle: "the
// Mach-O type-mismatch fatal" needs two globals in one section, one of
// them with an attribute; everything else goes.
func TestCaseWithOracle(t *testing.T) {
	c := oracle.Case{Triple: "x86_64-apple-macosx10.15", LLVM: 19, Globals: []oracle.Global{
		{Name: "first", Kind: oracle.KindConst, Section: "__DATA,__other", Align: 8, Linkage: oracle.Internal},
		{Name: "keep1", Kind: oracle.KindData, Section: "__DATA,__x,regular,no_dead_strip", Visibility: "hidden"},
		{Name: "noise", Kind: oracle.KindFunc, Section: "__TEXT,__t"},
		{Name: "keep2", Kind: oracle.KindData, Section: "__DATA,__x,regular", Align: 16, UnnamedAddr: "unnamed_addr"},
	}}
	wantDiag := "section type or attributes does not match previous section specifier"
	calls := 0
	interesting := func(c oracle.Case) (bool, error) {
		calls++
		o := oracle.Predict(c, oracle.Options{})
		return o.Verdict == oracle.Fatal && strings.Contains(o.Diag, wantDiag), nil
	}
	got, err := Case(c, interesting, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := interesting(got); !ok {
		t.Fatalf("result is not interesting: %+v", got)
	}
	if len(got.Globals) != 2 {
		t.Fatalf("%d globals left, want 2: %+v", len(got.Globals), got.Globals)
	}
	for _, g := range got.Globals {
		if g.Align != 0 || g.Visibility != "" || g.UnnamedAddr != "" || g.Linkage != "" || len(g.Name) != 1 {
			t.Errorf("global not simplified: %+v", g)
		}
	}
	// Both names shrink together; "regular" and the attribute must stay.
	if len(got.Globals[0].Section)+len(got.Globals[1].Section) > len("a,b,regular,no_dead_strip")+len("a,b,regular") {
		t.Errorf("sections not shrunk: %q %q", got.Globals[0].Section, got.Globals[1].Section)
	}
	if calls > 2000 {
		t.Errorf("%d calls over budget", calls)
	}
}
