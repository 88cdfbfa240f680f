package toolchain_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// benchVersion is the LLVM version benchmarks run: $SECTFUZZ_LLVM, or 19.
func benchVersion(b *testing.B) int {
	if s := os.Getenv("SECTFUZZ_LLVM"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("SECTFUZZ_LLVM=%q: %v", s, err)
		}
		return v
	}
	return 19
}

// benchCases are n single-global cases spread evenly over every (format
// triple, corpus section, kind) combination: all formats, accepted and
// fatal, in an order that changes triple from one case to the next.
func benchCases(v, n int) []oracle.Case {
	es := corpus.Default()
	var perTriple [][]oracle.Case
	for _, ft := range formatTriples {
		secs := corpus.Sections(es, ft.format)
		for _, triple := range ft.triples {
			var cs []oracle.Case
			for _, sec := range secs {
				for _, k := range oracle.Kinds {
					cs = append(cs, oracle.Single(triple, v, k, sec))
				}
			}
			perTriple = append(perTriple, cs)
		}
	}
	var all []oracle.Case
	for i := 0; ; i++ {
		added := false
		for _, cs := range perTriple {
			if i < len(cs) {
				all = append(all, cs[i])
				added = true
			}
		}
		if !added {
			break
		}
	}
	out := make([]oracle.Case, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, all[i*len(all)/n])
	}
	return out
}

// checkAll runs pipeline.Check over cases with par in flight and returns
// the results in order and the wall time.
func checkAll(b *testing.B, comp toolchain.Compiler, cases []oracle.Case, par int) ([]pipeline.Result, time.Duration) {
	out := make([]pipeline.Result, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	start := time.Now()
	for i := 0; i < par; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				r, err := pipeline.Check(context.Background(), comp, cases[j], oracle.Options{})
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				out[j] = r
			}
		}()
	}
	for j := range cases {
		next <- j
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
	return out, time.Since(start)
}

// BenchmarkChecks is `make bench`: the same 2000 mixed inputs checked
// (rendered, compiled, read back, predicted, compared) through llc, one
// process per input, and through the worker pool, one worker per CPU, in
// one run. It prints checks/s for each, their ratio, and the oracle's
// predictions/s, and counts inputs whose verdict or diagnostic differs
// from llc's. Run it with -benchtime=1x: one iteration is the whole set.
func BenchmarkChecks(b *testing.B) {
	v := benchVersion(b)
	n := 2000
	if s := os.Getenv("SECTFUZZ_BENCH_INPUTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	cases := benchCases(v, n)
	cpus := runtime.NumCPU()
	// Workers per pool (and requests in flight): one per CPU unless
	// $SECTFUZZ_BENCH_WORKERS says otherwise.
	workers := cpus
	if s := os.Getenv("SECTFUZZ_BENCH_WORKERS"); s != "" {
		workers, _ = strconv.Atoi(s)
	}
	llc, err := toolchain.NewLLC(v)
	if err != nil {
		b.Fatal(err)
	}
	newPool := func(reuse bool) *toolchain.Pool {
		p, err := toolchain.NewPool(v, workers)
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range p.Workers() {
			w.ReusePasses = reuse
		}
		// Start the processes (libLLVM loading, ~30 ms each) before the
		// clock runs, as a campaign does once.
		checkAll(b, p, cases[:workers], workers)
		return p
	}
	pool, reuse := newPool(false), newPool(true)
	defer pool.Close()
	defer reuse.Close()

	for i := 0; i < b.N; i++ {
		want, tLLC := checkAll(b, llc, cases, cpus)
		got, tPool := checkAll(b, pool, cases, workers)
		gotReuse, tReuse := checkAll(b, reuse, cases, workers)

		rounds := 50
		start := time.Now()
		for r := 0; r < rounds; r++ {
			for _, c := range cases {
				oracle.Predict(c, oracle.Options{})
			}
		}
		tOracle := time.Since(start)

		// What llc said (before the object is read back: formats without
		// a reader yet make a check's outcome "crash").
		verdicts := map[oracle.Verdict]int{}
		for _, r := range want {
			verdicts[oracle.Verdict(r.Run.Verdict)]++
		}
		rate := func(d time.Duration) float64 { return float64(len(cases)) / d.Seconds() }
		llcRate, poolRate, reuseRate := rate(tLLC), rate(tPool), rate(tReuse)
		oracleRate := float64(rounds*len(cases)) / tOracle.Seconds()
		b.ReportMetric(llcRate, "llc-checks/s")
		b.ReportMetric(poolRate, "worker-checks/s")
		b.ReportMetric(reuseRate, "reuse-checks/s")
		b.ReportMetric(oracleRate, "predictions/s")
		b.ReportMetric(0, "ns/op")
		fmt.Printf("\nsectfuzz bench: LLVM %d, %d inputs over %d triples (llc: %s), %d CPUs, %d workers\n", v, len(cases), countTriples(), verdictList(verdicts), cpus, workers)
		fmt.Printf("  llc exec (1 process per input)   %8.0f checks/s\n", llcRate)
		fmt.Printf("  worker pool                      %8.0f checks/s  %6.1fx llc   %s\n", poolRate, poolRate/llcRate, sameAs(want, got))
		fmt.Printf("  worker pool, passes reused       %8.0f checks/s  %6.1fx llc   %s\n", reuseRate, reuseRate/llcRate, sameAs(want, gotReuse))
		fmt.Printf("  oracle only                      %8.0f predictions/s\n", oracleRate)
		fmt.Printf("  worker stats: %+v\n  reuse stats:  %+v\n", pool.Stats(), reuse.Stats())
	}
}

func countTriples() int {
	n := 0
	for _, ft := range formatTriples {
		n += len(ft.triples)
	}
	return n
}

func verdictList(m map[oracle.Verdict]int) string {
	var ks []string
	for k := range m {
		ks = append(ks, string(k))
	}
	sort.Strings(ks)
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%d %s", m[oracle.Verdict(k)], k)
	}
	return s
}

// sameAs counts the results whose outcome (verdict, diagnostic and
// placements) equals llc's.
func sameAs(want, got []pipeline.Result) string {
	same := 0
	for i := range want {
		if equalOutcome(want[i].Actual, got[i].Actual) {
			same++
		}
	}
	return fmt.Sprintf("same outcome as llc: %d/%d", same, len(want))
}

func equalOutcome(a, b oracle.Outcome) bool {
	if a.Verdict != b.Verdict || a.Diag != b.Diag || len(a.Placements) != len(b.Placements) {
		return false
	}
	for k, p := range a.Placements {
		if b.Placements[k] != p {
			return false
		}
	}
	return true
}

// BenchmarkWorkerMemory compiles $SECTFUZZ_BENCH_INPUTS (default 200000)
// inputs through one worker and reports its resident size: "accepted"
// cycles through inputs llc accepts, "mixed" through the benchmark's mix
// with its fatal errors (each leaks the abandoned compile until the worker
// is replaced at MaxRSS), "mixed-reuse" the same with ReusePasses. Every
// input must get llc's verdict and diagnostic.
func BenchmarkWorkerMemory(b *testing.B) {
	v := benchVersion(b)
	n := 200000
	if s := os.Getenv("SECTFUZZ_BENCH_INPUTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	cases := benchCases(v, 2000)
	llc, err := toolchain.NewLLC(v)
	if err != nil {
		b.Fatal(err)
	}
	// The verdict llc gives each distinct input, to check every answer.
	type job struct {
		req  toolchain.Request
		want toolchain.Result
	}
	var accepted, mixed []job
	for i, c := range cases {
		if i%4 != 0 { // 500 distinct inputs are plenty
			continue
		}
		ir, err := irgen.Render(c)
		if err != nil {
			b.Fatal(err)
		}
		req := toolchain.Request{Triple: c.Triple, IR: ir}
		want, err := llc.Compile(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		j := job{req, want}
		mixed = append(mixed, j)
		if want.Verdict == toolchain.Accepted {
			accepted = append(accepted, j)
		}
	}
	for _, set := range []struct {
		name  string
		jobs  []job
		reuse bool
	}{{"accepted", accepted, false}, {"mixed", mixed, false}, {"mixed-reuse", mixed, true}} {
		{
			name, reuse := set.name, set.reuse
			b.Run(name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					w, err := toolchain.NewWorker(v)
					if err != nil {
						b.Fatal(err)
					}
					w.ReusePasses = reuse
					var maxRSS int64
					wrong := 0
					start := time.Now()
					for k := 0; k < n; k++ {
						j := set.jobs[k%len(set.jobs)]
						r, err := w.Compile(context.Background(), j.req)
						if err != nil {
							b.Fatal(err)
						}
						if r.Verdict != j.want.Verdict || r.Diag != j.want.Diag {
							wrong++
						}
						if k%1000 == 999 {
							maxRSS = max(maxRSS, w.Stats().RSS)
						}
					}
					el := time.Since(start)
					st := w.Stats()
					w.Close()
					fatals := 0
					for _, j := range set.jobs {
						if j.want.Verdict == toolchain.Fatal {
							fatals++
						}
					}
					b.ReportMetric(float64(st.RSS)/(1<<20), "final-RSS-MB")
					b.ReportMetric(float64(maxRSS)/(1<<20), "max-RSS-MB")
					b.ReportMetric(float64(n)/el.Seconds(), "inputs/s")
					b.ReportMetric(0, "ns/op")
					fmt.Printf("\nworker memory, LLVM %d, %s: %d inputs (%d distinct, %d of them fatal) in %v: RSS %.0f MB at the end, %.0f MB at most; %d processes, %d fatals recovered, %d answers differing from llc\n",
						v, name, n, len(set.jobs), fatals, el.Round(time.Second), float64(st.RSS)/(1<<20), float64(maxRSS)/(1<<20), st.Starts, st.Fatals, wrong)
					if wrong > 0 {
						b.Errorf("%d answers differ from llc's", wrong)
					}
				}
			})
		}
	}
}
