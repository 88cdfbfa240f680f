package pipeline

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// expectation is one line of testdata/expect/*.jsonl: a case and what LLVM
// does with it, written by hand from LLVM's source. The test holds both the
// oracle and the real llc to it, so an expectation can never drift from
// what LLVM really does, and the oracle can never drift from it either.
type expectation struct {
	ID     string `json:"id"`
	Triple string `json:"triple"`
	// LLVM lists the versions the expectation holds for; empty means all.
	LLVM    []int             `json:"llvm"`
	Kind    oracle.Kind       `json:"kind"`
	Section string            `json:"section"`
	Globals []oracle.Global   `json:"globals"` // instead of kind+section
	Verdict oracle.Verdict    `json:"verdict"`
	Diag    string            `json:"diag"`
	Place   *oracle.Placement `json:"place"` // the single global's placement
	// Places are the placements of a multi-global case.
	Places map[string]oracle.Placement `json:"places"`
}

var (
	llcMu sync.Mutex
	llcs  = map[int]*toolchain.LLC{}
)

// llcFor returns llc of version v, failing the test when it is missing:
// an LLVM-backed test must really run in CI.
func llcFor(t testing.TB, v int) *toolchain.LLC {
	t.Helper()
	llcMu.Lock()
	defer llcMu.Unlock()
	if l := llcs[v]; l != nil {
		return l
	}
	l, err := toolchain.NewLLC(v)
	if err != nil {
		t.Fatalf("%v", err)
	}
	llcs[v] = l
	return l
}

func loadExpectations(t *testing.T) map[string][]expectation {
	files, err := filepath.Glob("testdata/expect/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no expectation files: %v", err)
	}
	out := map[string][]expectation{}
	for _, f := range files {
		fd, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fd)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "//") {
				continue
			}
			var e expectation
			dec := json.NewDecoder(strings.NewReader(line))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&e); err != nil {
				t.Fatalf("%s:%d: %v", f, n, err)
			}
			if e.ID == "" {
				e.ID = filepath.Base(f) + ":" + itoa(n)
			}
			out[filepath.Base(f)] = append(out[filepath.Base(f)], e)
		}
		fd.Close()
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func (e expectation) toCase(v int) oracle.Case {
	if len(e.Globals) > 0 {
		return oracle.Case{Triple: e.Triple, LLVM: v, Globals: e.Globals}
	}
	return oracle.Single(e.Triple, v, e.Kind, e.Section)
}

func (e expectation) outcome() oracle.Outcome {
	o := oracle.Outcome{Verdict: e.Verdict, Diag: e.Diag}
	if e.Place != nil {
		o.Placements = map[string]oracle.Placement{oracle.SingleGlobal: *e.Place}
	}
	if e.Places != nil {
		o.Placements = e.Places
	}
	return o
}

// TestExpectations holds the oracle and real llc to every hand-written
// expectation, for every LLVM version it names.
func TestExpectations(t *testing.T) {
	for file, es := range loadExpectations(t) {
		for _, e := range es {
			versions := e.LLVM
			if len(versions) == 0 {
				versions = oracle.Versions
			}
			for _, v := range versions {
				e, v := e, v
				t.Run(file+"/"+e.ID+"/llvm"+itoa(v), func(t *testing.T) {
					t.Parallel()
					c := e.toCase(v)
					want := e.outcome()
					pred := oracle.Predict(c, oracle.Options{})
					if !sameOutcome(pred, want) {
						t.Errorf("oracle:   %s\nexpected: %s", show(pred), show(want))
					}
					r, err := Check(context.Background(), llcFor(t, v), c, oracle.Options{})
					if err != nil {
						t.Fatal(err)
					}
					if !sameOutcome(r.Actual, want) {
						t.Errorf("llc-%d:   %s\nexpected: %s\nstderr: %s", v, show(r.Actual), show(want), r.Run.Stderr)
					}
				})
			}
		}
	}
}

// sameOutcome compares verdict, diagnostic and the expected placements
// (an expectation without placements does not constrain them).
func sameOutcome(got, want oracle.Outcome) bool {
	if got.Verdict != want.Verdict || got.Diag != want.Diag {
		return false
	}
	for name, p := range want.Placements {
		if got.Placements[name] != p {
			return false
		}
	}
	return true
}

func show(o oracle.Outcome) string {
	b, _ := json.Marshal(struct {
		V oracle.Verdict              `json:"verdict"`
		D string                      `json:"diag"`
		P map[string]oracle.Placement `json:"placements"`
	}{o.Verdict, o.Diag, o.Placements})
	return string(b)
}
