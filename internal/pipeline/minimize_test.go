package pipeline

import (
	"context"
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// TestMinimizeRealLLC shrinks a real divergence with llc-19: under --spec
// the oracle expects a long Mach-O segment name kept whole, LLVM cuts it
// to 16 bytes. The minimized case keeps the signature with one global and
// a short string.
func TestMinimizeRealLLC(t *testing.T) {
	llc := llcFor(t, 19)
	spec := oracle.Options{Spec: true}
	c := oracle.Case{Triple: "x86_64-apple-macosx10.15", Globals: []oracle.Global{
		{Name: "other", Kind: oracle.KindConst, Section: "__TEXT,__c", Align: 4},
		{Name: "victim", Kind: oracle.KindConst, Section: "__SEGMENT_NAME_TOO_LONG_FOR_MACHO,__x,regular", Visibility: "hidden"},
		{Name: "fn", Kind: oracle.KindFunc},
	}}
	r, err := Check(context.Background(), llc, c, spec)
	if err != nil {
		t.Fatal(err)
	}
	if r.Divergence == nil {
		t.Fatalf("no divergence to minimize: %+v", r.Actual)
	}
	m, err := Minimize(context.Background(), llc, r, spec, 200)
	if err != nil {
		t.Fatal(err)
	}
	if m.Divergence == nil || m.Divergence.Signature() != r.Divergence.Signature() || !m.Minimized || m.Flaky {
		t.Fatalf("minimized result lost the signature: %+v", m.Divergence)
	}
	if len(m.Case.Globals) != 1 {
		t.Errorf("%d globals left: %+v", len(m.Case.Globals), m.Case.Globals)
	}
	g := m.Case.Globals[0]
	if g.Name != "g" || g.Visibility != "" || len(g.Section) > len("__SEGMENT_NAME_TO,x") {
		t.Errorf("not minimal: %+v", g)
	}
	t.Logf("minimized to %s %q (%s)", g.Kind, g.Section, m.Divergence.Title)
}
