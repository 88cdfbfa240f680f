package oracle

import (
	"encoding/json"
	"testing"
)

// TestLinkageJSON: outside tools may spell the default linkage the way
// LLVM does.
func TestLinkageJSON(t *testing.T) {
	for in, want := range map[string]Linkage{
		`"external"`: External,
		`""`:         External,
		`"weak_odr"`: WeakODR,
		`"common"`:   Common,
	} {
		var l Linkage
		if err := json.Unmarshal([]byte(in), &l); err != nil || l != want {
			t.Errorf("Unmarshal(%s) = %q, %v; want %q", in, l, err, want)
		}
	}
	var l Linkage
	if err := json.Unmarshal([]byte(`3`), &l); err == nil {
		t.Errorf("Unmarshal(3) = %q, want an error", l)
	}
}
