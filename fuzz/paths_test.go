package fuzz

import (
	"context"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/internal/paths"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// The FuzzPaths<Format> targets take one section string and a kind down
// every road to an object (llc's object, llc's assembly through llvm-mc and
// GNU as, clang from C with the attribute and the pragmas) and compare the
// roads with each other. Besides SECTFUZZ_LLVM and SECTFUZZ_REPORTS they
// read:
//
//	SECTFUZZ_PATHS       roads to run, as `sectfuzz check --paths` (default all)
//	SECTFUZZ_SEEDS=plain seed with a few plain names only, not the corpus
//	                     (to measure how fast the fuzzer finds things itself;
//	                     always so without -fuzz)
//	SECTFUZZ_KEEP_GOING=1 store new path findings and log them instead of
//	                     failing, so one run can find several

func FuzzPathsELF(f *testing.F)   { pathsTarget(f, oracle.ELF) }
func FuzzPathsMachO(f *testing.F) { pathsTarget(f, oracle.MachO) }
func FuzzPathsCOFF(f *testing.F)  { pathsTarget(f, oracle.COFF) }
func FuzzPathsWasm(f *testing.F)  { pathsTarget(f, oracle.Wasm) }

var (
	runnersOnce sync.Once
	runnersVal  map[int]*paths.Runner
	roadsVal    []paths.Road
	runnersErr  error
)

// pathRunners builds one paths.Runner per LLVM version of the environment.
func pathRunners(tb testing.TB, e *env) (map[int]*paths.Runner, []paths.Road) {
	tb.Helper()
	runnersOnce.Do(func() {
		spec := os.Getenv("SECTFUZZ_PATHS")
		if spec == "" {
			spec = "all"
		}
		if roadsVal, runnersErr = paths.ParseRoads(spec); runnersErr != nil {
			return
		}
		runnersVal = map[int]*paths.Runner{}
		for _, v := range e.versions {
			r, err := paths.NewRunner(e.comps[v])
			if err != nil {
				runnersErr = err
				return
			}
			runnersVal[v] = r
		}
	})
	if runnersErr != nil {
		tb.Fatalf("sectfuzz: %v", runnersErr)
	}
	return runnersVal, roadsVal
}

// plainSeeds are names every road agrees on, for a data global and a
// function: no prefix that an assembler reads flags from (.data, .text,
// .init_array, ...), nothing to escape. A run seeded with them alone must
// find the roads' disagreements by mutation.
var plainSeeds = map[oracle.Format][2]string{
	oracle.ELF:   {"mysect", "myfunc"},
	oracle.MachO: {"__DATA,__mysect", "__TEXT,__myfunc"},
	oracle.COFF:  {".mysect", ".myfunc"},
	oracle.Wasm:  {"mysect", "myfunc"},
}

// Without -fuzz (see fuzzing) the targets run their seeds as a unit test,
// and the corpus seeds, which hit the roads' known disagreements on
// purpose, would fail `make test` with an empty findings store; the plain
// seeds still check the plumbing.
func pathsTarget(f *testing.F, format oracle.Format) {
	if os.Getenv("SECTFUZZ_SEEDS") == "plain" || !fuzzing() {
		seeds := plainSeeds[format]
		f.Add(seeds[0], uint8(0), uint8(0)) // data
		f.Add(seeds[1], uint8(4), uint8(1)) // func
	} else {
		seedDiff(f, format)
	}
	f.Fuzz(func(t *testing.T, section string, kind, triple uint8) {
		e := setup(t)
		rs, roads := pathRunners(t, e)
		c := oracle.FuzzCase(format, section, kind, triple)
		for _, v := range e.versions {
			checkRoads(t, e, rs[v], roads, c)
		}
	})
}

// checkRoads runs one case down every road and stores each road that
// disagrees with its reference. The object road's own disagreements with
// the oracle belong to FuzzDiff<Format> and are left to it.
func checkRoads(t *testing.T, e *env, r *paths.Runner, roads []paths.Road, c oracle.Case) {
	t.Helper()
	ctx := context.Background()
	res, err := r.Check(ctx, c, roads, oracle.Options{})
	if err != nil {
		t.Fatalf("sectfuzz: %v", err)
	}
	for _, rr := range res.Divergent() {
		if rr.Road == paths.Obj {
			continue
		}
		one := res
		one.Roads = []paths.RoadResult{rr}
		got, err := paths.Record(ctx, e.rec, one)
		if err != nil {
			t.Fatalf("sectfuzz: storing finding: %v", err)
		}
		if len(got) == 0 || got[0].Known != "" {
			continue
		}
		d := rr.Divergence
		msg := "LLVM %d: road %s disagrees with %s on %s %s section %q:\n  %s\n  expected: %s\n  actual (%s): %s\n  finding: %s"
		args := []any{r.Version(), rr.Road, rr.Reference, c.Triple, c.Globals[0].Kind, c.Globals[0].Section, d.Title, d.Expected, rr.Stage, d.Actual, got[0].Dir}
		if os.Getenv("SECTFUZZ_KEEP_GOING") == "1" {
			if got[0].New {
				t.Logf("new finding: "+msg, args...)
			}
			continue
		}
		t.Errorf(msg, args...)
	}
}

// FuzzOracleClang checks properties of the oracle's model of clang's front
// end alone, without LLVM: it never panics, is deterministic, names a
// documented rule, gives one-line `error:` diagnostics, and carries a
// section to the backend only for globals that have one.
func FuzzOracleClang(f *testing.F) {
	for i, s := range corpus.Sections(corpus.Default(), "") {
		f.Add(s, uint8(i), uint8(i/5), uint8(i/3), uint8(i/7))
	}
	triples := allTriples()
	f.Fuzz(func(t *testing.T, section string, kind, triple, version, variant uint8) {
		c := oracle.Single(triples[int(triple)%len(triples)], oracle.Versions[int(version)%len(oracle.Versions)],
			oracle.Kinds[int(kind)%len(oracle.Kinds)], section)
		v := oracle.ClangVariants[int(variant)%len(oracle.ClangVariants)]
		p := oracle.PredictClang(c, v, oracle.Options{})
		if again := oracle.PredictClang(c, v, oracle.Options{}); !reflect.DeepEqual(p, again) {
			t.Fatalf("not deterministic: %+v then %+v", p, again)
		}
		if _, ok := oracle.RuleDoc(p.Rule); !ok {
			t.Errorf("rule %q has no doc", p.Rule)
		}
		switch p.Verdict {
		case oracle.Accepted:
			if p.Diag != "" {
				t.Errorf("accepted with a diagnostic %q", p.Diag)
			}
			if _, has := p.Attrs[oracle.SingleGlobal]; has != (section != "") {
				t.Errorf("attrs %v for section %q", p.Attrs, section)
			}
		case oracle.Error:
			if !strings.HasPrefix(p.Diag, "error: ") || strings.ContainsAny(p.Diag, "\n") || len(p.Attrs) != 0 {
				t.Errorf("rejection %q with attrs %v", p.Diag, p.Attrs)
			}
		default:
			t.Errorf("verdict %s: the front end only accepts or errors", p.Verdict)
		}
	})
}
