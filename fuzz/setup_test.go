package fuzz

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// env is what every differential target shares: compilers per version and
// the findings recorder.
type env struct {
	versions []int
	comps    map[int]toolchain.Compiler
	rec      *pipeline.Recorder
	// opt is the oracle mode: by default the spec alone, so a campaign
	// rediscovers LLVM's modeled deviations (recorded as known) and fails
	// only on what no deviation explains; SECTFUZZ_SPEC=0 applies the
	// deviations in the prediction instead.
	opt oracle.Options
}

var (
	envOnce sync.Once
	envVal  *env
	envErr  error
)

// setup builds the shared environment once per process; a missing tool or
// a bad setting fails the target with one clear line.
func setup(tb testing.TB) *env {
	tb.Helper()
	envOnce.Do(func() { envVal, envErr = newEnv() })
	if envErr != nil {
		tb.Fatalf("sectfuzz: %v", envErr)
	}
	return envVal
}

func newEnv() (*env, error) {
	e := &env{comps: map[int]toolchain.Compiler{}}
	spec := os.Getenv("SECTFUZZ_LLVM")
	if spec == "" {
		spec = strconv.Itoa(oracle.DefaultVersion)
	}
	for _, s := range strings.Split(spec, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || !oracle.KnownVersion(v) {
			return nil, fmt.Errorf("SECTFUZZ_LLVM=%q: want LLVM versions among %v", spec, oracle.Versions)
		}
		// One persistent worker per fuzz process (Go runs one process
		// per core); SECTFUZZ_EXEC=1 runs llc per input instead.
		comp, note, err := toolchain.NewDefault(v, 1, os.Getenv("SECTFUZZ_EXEC") == "1")
		if err != nil {
			return nil, err
		}
		if note != "" {
			fmt.Fprintln(os.Stderr, "sectfuzz: "+note)
		}
		e.versions = append(e.versions, v)
		e.comps[v] = comp
	}
	e.opt.Spec = os.Getenv("SECTFUZZ_SPEC") != "0"
	dir := os.Getenv("SECTFUZZ_REPORTS")
	if dir == "" {
		dir = filepath.Join("..", "reports")
		if !fuzzing() {
			// A plain `go test` replays the seeds: what it finds is
			// reported, but it does not write into the repository.
			tmp, err := os.MkdirTemp("", "sectfuzz-reports-")
			if err != nil {
				return nil, err
			}
			dir = tmp
		}
	}
	st, err := findings.Open(dir)
	if err != nil {
		return nil, err
	}
	e.rec = &pipeline.Recorder{Store: st, Known: map[int]findings.Known{}, Options: e.opt}
	if fuzzing() {
		// Known divergences come back thousands of times: count their
		// repeats in memory and write them once a second.
		st.CountEvery = time.Second
		// Minimize what a campaign finds; a seed replay only reports.
		e.rec.CompilerFor = e.compiler
	}
	for _, v := range oracle.Versions {
		k, err := findings.LoadKnown(dir, v)
		if err != nil {
			return nil, err
		}
		e.rec.Known[v] = k
	}
	return e, nil
}

func (e *env) compiler(v int) (toolchain.Compiler, error) {
	if c := e.comps[v]; c != nil {
		return c, nil
	}
	return nil, fmt.Errorf("LLVM %d is not in SECTFUZZ_LLVM", v)
}

// fuzzing reports whether this is a `go test -fuzz` run (not a replay of
// the seed corpus).
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// seedDiff adds the corpus entries of format f, each once with a kind and
// triple picked in turn: the fuzzer mutates those bytes anyway, and
// gathering baseline coverage costs one llc run per seed.
func seedDiff(f *testing.F, format oracle.Format) {
	for i, s := range corpus.Sections(corpus.Default(), string(format)) {
		f.Add(s, uint8(i), uint8(i/len(oracle.Kinds)))
	}
}

// diffTarget is the body of every FuzzDiff<Format> target.
func diffTarget(f *testing.F, format oracle.Format) {
	seedDiff(f, format)
	f.Fuzz(func(t *testing.T, section string, kind, triple uint8) {
		e := setup(t)
		c := oracle.FuzzCase(format, section, kind, triple)
		for _, v := range e.versions {
			checkOne(t, e, v, c)
		}
	})
}

// checkOne runs one case on one LLVM version and stores any divergence.
func checkOne(t *testing.T, e *env, v int, c oracle.Case) {
	t.Helper()
	ctx := context.Background()
	r, err := pipeline.Check(ctx, e.comps[v], c, e.opt)
	if err != nil {
		t.Fatalf("sectfuzz: %v", err)
	}
	if r.Divergence == nil {
		return
	}
	got, err := e.rec.Record(ctx, r)
	if err != nil {
		t.Fatalf("sectfuzz: storing finding: %v", err)
	}
	if got.Known != "" {
		return
	}
	d := r.Divergence
	t.Errorf("LLVM %d diverges from the oracle on %s (%d global(s), first %s section %q):\n  %s\n  expected (%s): %s\n  actual: %s\n  finding: %s",
		v, c.Triple, len(c.Globals), c.Globals[0].Kind, c.Globals[0].Section, d.Title, d.Rule, d.Expected, d.Actual, got.Dir)
}
