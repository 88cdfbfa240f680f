package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/paths"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["check"] = command{"run JSON-line cases through real llc and compare with the oracle", runCheck}
}

// checkFlags are the flags check shares with other LLVM-running commands.
type checkFlags struct {
	llvm    *int
	spec    *bool
	reports *string
	jobs    *int
	exec    *bool
	noStore *bool
	// noMinimize stores divergences as found, without shrinking them.
	noMinimize *bool
	steps      *int
	ll         *string
	triple     *string
}

func addCheckFlags(fs *flag.FlagSet) checkFlags {
	return checkFlags{
		llvm:       fs.Int("llvm", oracle.DefaultVersion, "LLVM major version to run and predict"),
		spec:       fs.Bool("spec", false, "compare with the spec rules alone, without known deviations"),
		reports:    fs.String("reports", "reports", "findings directory (divergences are stored here)"),
		jobs:       fs.Int("j", runtime.NumCPU(), "cases run in parallel"),
		exec:       fs.Bool("exec", false, "run one llc process per case"),
		noStore:    fs.Bool("no-store", false, "do not store findings"),
		noMinimize: fs.Bool("no-minimize", false, "store divergences without minimizing them first"),
		steps:      fs.Int("minimize-steps", pipeline.DefaultMinimizeSteps, "LLVM runs one minimization may make"),
		ll:         fs.String("ll", "", "check this .ll module file instead of reading JSON lines"),
		triple:     fs.String("triple", "", "target triple for --ll (default: the module's own)"),
	}
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cf := addCheckFlags(fs)
	pathsFlag := fs.String("paths", "obj", "roads to an object: obj, asm (llvm-mc, GNU as), clang (attribute, pragmas), all, or single roads, comma-separated")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	roads, err := paths.ParseRoads(*pathsFlag)
	if err != nil {
		return fail(stderr, exitUsage, "--paths: %v", err)
	}
	rs := &runners{by: map[int]*paths.Runner{}, errs: map[int]error{}}
	if !oracle.KnownVersion(*cf.llvm) {
		return fail(stderr, exitUsage, "unknown LLVM version %d (want one of %v)", *cf.llvm, oracle.Versions)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	comps := newCompilers(*cf.exec, *cf.jobs, stderr)
	defer comps.Close()
	var rec *pipeline.Recorder
	if !*cf.noStore {
		var err error
		if rec, err = newRecorder(*cf.reports); err != nil {
			return fail(stderr, exitInternal, "%v", err)
		}
		rec.Options = oracle.Options{Spec: *cf.spec}
		if !*cf.noMinimize {
			rec.CompilerFor = comps.get
			rec.MinimizeSteps = *cf.steps
		}
	}
	if *cf.ll != "" {
		data, err := os.ReadFile(*cf.ll)
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		line, _ := json.Marshal(caseLine{ID: *cf.ll, Triple: *cf.triple, LL: string(data)})
		stdin = bytesReader(line)
	}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	opt := oracle.Options{Spec: *cf.spec}
	var internalErr error
	var errOnce sync.Once
	unknown := 0

	job := func(raw []byte) any {
		p, err := parseLine(raw, *cf.llvm)
		if err != nil {
			return errorLine{ID: p.id, Error: err.Error()}
		}
		comp, err := comps.get(p.c.LLVM)
		if err != nil {
			errOnce.Do(func() { internalErr = err })
			return errorLine{ID: p.id, Error: err.Error()}
		}
		if len(roads) > 1 {
			line, err := checkPaths(ctx, rs, comp, p, roads, opt, rec)
			if err != nil {
				errOnce.Do(func() { internalErr = err })
				if line == nil {
					return errorLine{ID: p.id, Error: err.Error()}
				}
			}
			return line
		}
		var r pipeline.Result
		if p.module {
			r, err = pipeline.CheckIR(ctx, comp, p.c, p.ir, opt)
		} else {
			r, err = pipeline.Check(ctx, comp, p.c, opt)
		}
		if err != nil {
			errOnce.Do(func() { internalErr = err })
			return errorLine{ID: p.id, Error: err.Error()}
		}
		var div *divergenceLine
		if r.Divergence != nil {
			div = &divergenceLine{Class: r.Divergence.Class, Signature: r.Divergence.Signature(), Title: r.Divergence.Title}
			if rec != nil {
				got, err := rec.Record(ctx, r)
				if err != nil {
					errOnce.Do(func() { internalErr = err })
				} else {
					div.Signature, div.Finding, div.Known = got.Signature, got.Dir, got.Known
				}
			}
		}
		if p.module {
			return checkModule{
				moduleAnswer: moduleOf(p.id, r.Predicted),
				Actual:       actualModule{r.Actual.Verdict, r.Actual.Diag, moduleOf("", r.Actual).Placements},
				Divergence:   div,
			}
		}
		a := singleOf(p.id, r.Actual)
		return checkSingle{
			singleAnswer: singleOf(p.id, r.Predicted),
			Actual:       actualSingle{a.Verdict, a.Diag, a.Section},
			Divergence:   div,
		}
	}
	err = orderedParallel(stdin, *cf.jobs, job, func(v any) {
		if u, ok := v.(interface{ unknownCount() int }); ok {
			unknown += u.unknownCount()
		}
		if c, ok := v.(checkSingle); ok && c.Divergence != nil && c.Divergence.Known == "" {
			unknown++
		}
		if c, ok := v.(checkModule); ok && c.Divergence != nil && c.Divergence.Known == "" {
			unknown++
		}
		enc.Encode(v)
	})
	if err != nil {
		return fail(stderr, exitUsage, "reading input: %v", err)
	}
	if internalErr != nil {
		out.Flush()
		return fail(stderr, exitInternal, "%v", internalErr)
	}
	if unknown > 0 {
		where := "stored under " + *cf.reports
		if rec == nil {
			where = "not stored: --no-store"
		}
		fmt.Fprintf(stderr, "sectfuzz: %d case(s) diverged from the oracle with signatures not on the known list (%s)\n", unknown, where)
	}
	return exitOK
}

// orderedParallel runs job on every input line with n workers and hands
// the answers to emit in input order.
func orderedParallel(r io.Reader, n int, job func([]byte) any, emit func(any)) error {
	n = max(n, 1)
	type slot struct{ done chan any }
	slots := make(chan slot, 4*n)
	work := make(chan struct {
		line []byte
		s    slot
	})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range work {
				w.s.done <- job(w.line)
			}
		}()
	}
	emitted := make(chan struct{})
	go func() {
		for s := range slots {
			emit(<-s.done)
		}
		close(emitted)
	}()
	err := eachLine(r, func(line []byte) {
		s := slot{done: make(chan any, 1)}
		slots <- s
		work <- struct {
			line []byte
			s    slot
		}{line, s}
	})
	close(work)
	wg.Wait()
	close(slots)
	<-emitted
	return err
}

// compilers holds one compiler per LLVM version, created on first use: a
// pool of persistent workers, or llc processes with --exec.
type compilers struct {
	exec bool
	jobs int
	warn io.Writer // where a fallback to llc is said
	mu   sync.Mutex
	by   map[int]toolchain.Compiler
	errs map[int]error
}

func newCompilers(exec bool, jobs int, warn io.Writer) *compilers {
	return &compilers{exec: exec, jobs: jobs, warn: warn, by: map[int]toolchain.Compiler{}, errs: map[int]error{}}
}

func (c *compilers) get(v int) (toolchain.Compiler, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if comp, ok := c.by[v]; ok {
		return comp, nil
	}
	if err, ok := c.errs[v]; ok {
		return nil, err
	}
	comp, note, err := toolchain.NewDefault(v, c.jobs, c.exec)
	if err != nil {
		c.errs[v] = err
		return nil, err
	}
	if note != "" && c.warn != nil {
		fmt.Fprintln(c.warn, "sectfuzz: "+note)
	}
	c.by[v] = comp
	return comp, nil
}

func (c *compilers) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, comp := range c.by {
		comp.Close()
	}
	return nil
}

// newRecorder opens the findings store and every version's known list.
func newRecorder(dir string) (*pipeline.Recorder, error) {
	st, err := findings.Open(dir)
	if err != nil {
		return nil, err
	}
	rec := &pipeline.Recorder{Store: st, Known: map[int]findings.Known{}}
	for _, v := range oracle.Versions {
		k, err := findings.LoadKnown(dir, v)
		if err != nil {
			return nil, err
		}
		rec.Known[v] = k
	}
	return rec, nil
}
