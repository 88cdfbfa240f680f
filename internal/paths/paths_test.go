package paths

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

var (
	runnerMu sync.Mutex
	runners  = map[int]*Runner{}
)

// runnerFor returns the roads of LLVM v, failing the test when a tool is
// missing: these tests must really run the tools.
func runnerFor(t *testing.T, v int) *Runner {
	t.Helper()
	runnerMu.Lock()
	defer runnerMu.Unlock()
	if r := runners[v]; r != nil {
		return r
	}
	llc, err := toolchain.NewLLC(v)
	if err != nil {
		t.Fatalf("%v", err)
	}
	r, err := NewRunner(llc)
	if err != nil {
		t.Fatalf("%v (install with `make deps`)", err)
	}
	runners[v] = r
	return r
}

// roadExpect is what one road must do with a case (testdata/roads.jsonl).
type roadExpect struct {
	Agree   bool           `json:"agree"`
	Title   string         `json:"title"`
	Name    *string        `json:"name"`
	Status  Status         `json:"status"`
	Reason  string         `json:"reason"`
	Verdict oracle.Verdict `json:"verdict"`
	Diag    string         `json:"diag"`
}

type caseExpect struct {
	ID      string               `json:"id"`
	Triple  string               `json:"triple"`
	LLVM    []int                `json:"llvm"`
	Kind    oracle.Kind          `json:"kind"`
	Section string               `json:"section"`
	Roads   map[Road]*roadExpect `json:"roads"`
}

func loadExpectations(t *testing.T, path string) []caseExpect {
	fd, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	var out []caseExpect
	sc := bufio.NewScanner(fd)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var e caseExpect
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, e)
	}
	return out
}

// TestRoads holds every road of every version to testdata/roads.jsonl:
// the known disagreements of the assembly round trip and of clang's front
// end, and the roads that cannot run, with their reasons.
func TestRoads(t *testing.T) {
	for _, e := range loadExpectations(t, "testdata/roads.jsonl") {
		versions := e.LLVM
		if len(versions) == 0 {
			versions = oracle.Versions
		}
		for _, v := range versions {
			t.Run(e.ID+"/"+strconv.Itoa(v), func(t *testing.T) {
				t.Parallel()
				r := runnerFor(t, v)
				res, err := r.Check(context.Background(), oracle.Single(e.Triple, v, e.Kind, e.Section), AllRoads, oracle.Options{})
				if err != nil {
					t.Fatal(err)
				}
				unreadable := res.Obj.Actual.Verdict == oracle.Crash && res.Obj.Actual.Diag == oracle.UnreadableObject
				for _, rr := range res.Roads {
					want := e.Roads[rr.Road]
					if want == nil {
						continue
					}
					checkRoad(t, rr, want, unreadable)
				}
			})
		}
	}
}

func checkRoad(t *testing.T, rr RoadResult, want *roadExpect, unreadable bool) {
	t.Helper()
	title := func() string {
		if rr.Divergence == nil {
			return "(agree)"
		}
		return rr.Divergence.Title
	}
	if want.Status == NotApplicable {
		if rr.Status != NotApplicable || !strings.Contains(rr.Reason, want.Reason) {
			t.Errorf("%s: status %s %q, want not-applicable %q", rr.Road, rr.Status, rr.Reason, want.Reason)
		}
		return
	}
	if rr.Status != Ran {
		if unreadable && strings.Contains(rr.Reason, "cannot read") {
			// sectfuzz has no reader for this format yet: the road
			// says so instead of comparing.
			t.Logf("%s: %s", rr.Road, rr.Reason)
			return
		}
		t.Errorf("%s did not run: %s", rr.Road, rr.Reason)
		return
	}
	switch {
	case want.Agree:
		if rr.Divergence != nil {
			t.Errorf("%s: want agreement with %s, got %q\n  expected %+v\n  actual %+v\n%s", rr.Road, rr.Reference, title(), rr.Expected, rr.Outcome, rr.Stderr)
		}
	case want.Title != "":
		if title() != want.Title {
			t.Errorf("%s: divergence %q, want %q\n  expected %+v\n  actual %+v", rr.Road, title(), want.Title, rr.Expected, rr.Outcome)
		}
	case want.Verdict != "":
		if rr.Outcome.Verdict != want.Verdict || rr.Outcome.Diag != want.Diag || rr.Divergence != nil {
			t.Errorf("%s: %s %q (%s), want %s %q and agreement", rr.Road, rr.Outcome.Verdict, rr.Outcome.Diag, title(), want.Verdict, want.Diag)
		}
	}
	if want.Name != nil {
		if pl, ok := rr.Outcome.Section(); !ok || pl.Name != *want.Name {
			t.Errorf("%s: section %q, want %q", rr.Road, pl.Name, *want.Name)
		}
	}
}

// plainSections are names every road can place, one per format.
var plainSections = map[oracle.Format]string{
	oracle.ELF: ".data.x", oracle.MachO: "__DATA,__x", oracle.COFF: ".data$x",
	oracle.Wasm: ".data.x", oracle.XCOFF: "mysect", oracle.GOFF: "mysect",
}

// TestNoRoadSkipped runs a plain section on every triple the fuzz targets
// use, on every version, and accounts for every road: it ran, or it says
// why it cannot. Where the tool exists it must run: clang always, llvm-mc
// wherever it can read llc's assembly, GNU as wherever Debian ships one.
func TestNoRoadSkipped(t *testing.T) {
	for _, f := range oracle.Formats {
		for _, triple := range oracle.Triples[f] {
			for _, v := range oracle.Versions {
				t.Run(triple+"/"+strconv.Itoa(v), func(t *testing.T) {
					t.Parallel()
					r := runnerFor(t, v)
					c := oracle.Single(triple, v, oracle.KindData, plainSections[f])
					res, err := r.Check(context.Background(), c, AllRoads, oracle.Options{})
					if err != nil {
						t.Fatal(err)
					}
					if len(res.Roads) != len(AllRoads) {
						t.Fatalf("%d roads reported, want %d", len(res.Roads), len(AllRoads))
					}
					// An object road whose object sectfuzz cannot read
					// (no reader for the format yet, or a version that
					// cannot write it) explains the assembly roads'
					// absence.
					objUnreadable := res.Obj.Actual.Verdict != oracle.Accepted
					tr := oracle.ParseTriple(triple)
					_, gasErr := toolchain.FindGAS(string(f), tr.Arch)
					for _, rr := range res.Roads {
						if rr.Status == NotApplicable && rr.Reason == "" {
							t.Errorf("%s: not applicable without a reason", rr.Road)
						}
						if rr.Status == Ran {
							continue
						}
						switch {
						case rr.Road == Obj || strings.HasPrefix(string(rr.Road), "clang"):
							t.Errorf("%s did not run: %s", rr.Road, rr.Reason)
						case rr.Road == AsmGAS && gasErr != nil:
							if rr.Reason != gasErr.Error() {
								t.Errorf("asm-gas: reason %q, want %q", rr.Reason, gasErr)
							}
						case objUnreadable && (strings.Contains(rr.Reason, "cannot read") || strings.Contains(rr.Reason, "writes no assembly")):
						case rr.Road == AsmMC && (f == oracle.XCOFF || f == oracle.GOFF) && strings.Contains(rr.Reason, "cannot assemble"):
							// llvm-mc reads neither llc's XCOFF nor its
							// HLASM (GOFF) assembly: the probe says so.
						default:
							t.Errorf("%s did not run although its tool exists: %s", rr.Road, rr.Reason)
						}
					}
				})
			}
		}
	}
}

// TestModuleRoads takes a module of every kind, linkage and initializer C
// can spell through the clang roads: clang must place every global where
// llc places it for the same IR (or reject it as the oracle's model of
// Sema predicts).
func TestModuleRoads(t *testing.T) {
	c := oracle.Case{Triple: "x86_64-unknown-linux-gnu", Globals: []oracle.Global{
		{Name: "d", Kind: oracle.KindData, Section: "a b?"},
		{Name: "z", Kind: oracle.KindZero, Section: "raw\x01\xff", Linkage: oracle.Internal, Align: 16},
		{Name: "k", Kind: oracle.KindConst, Section: ".rodata.k", Init: &oracle.Init{Form: oracle.InitString, Bytes: "hi\n", Len: 4}},
		{Name: "t", Kind: oracle.KindTLS, Section: ".tdata.t", TLSModel: "initialexec"},
		{Name: "a", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitArray, Size: 2, Len: 3, Value: 7}},
		{Name: "f", Kind: oracle.KindFunc, Section: ".text.f", Visibility: "hidden"},
		{Name: "s", Kind: oracle.KindFunc, Section: ".text.s", Linkage: oracle.Internal},
	}}
	for _, v := range oracle.Versions {
		t.Run(strconv.Itoa(v), func(t *testing.T) {
			t.Parallel()
			res, err := runnerFor(t, v).Check(context.Background(), c, AllRoads, oracle.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Obj.Actual.Placements) != len(c.Globals) {
				t.Fatalf("obj placed %d of %d globals: %+v", len(res.Obj.Actual.Placements), len(c.Globals), res.Obj.Actual)
			}
			for _, rr := range res.Roads {
				if rr.Status != Ran {
					t.Errorf("%s did not run: %s", rr.Road, rr.Reason)
					continue
				}
				if rr.Divergence != nil {
					t.Errorf("%s disagrees with %s: %s\n  expected %+v\n  actual %+v\n%s\n%s", rr.Road, rr.Reference, rr.Divergence.Title, rr.Expected, rr.Outcome, rr.Input, rr.Stderr)
				}
			}
		})
	}
}
