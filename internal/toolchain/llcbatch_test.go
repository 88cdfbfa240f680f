package toolchain_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/internal/object"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// versions are the LLVM versions sectfuzz supports.
var versions = []int{14, 19, 22}

// formatTriples are the triples the worker is checked on, per object
// format of the corpus.
var formatTriples = []struct {
	format  string
	triples []string
}{
	{"elf", []string{"x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"}},
	{"macho", []string{"x86_64-apple-macosx10.15", "arm64-apple-ios14"}},
	{"coff", []string{"x86_64-pc-windows-msvc", "i686-pc-windows-gnu"}},
	{"wasm", []string{"wasm32-unknown-unknown"}},
	{"xcoff", []string{"powerpc-ibm-aix", "powerpc64-ibm-aix"}},
	{"goff", []string{"s390x-ibm-zos"}},
}

// input is one module for both compilers.
type input struct {
	name string // for messages: triple, kinds and sections
	req  toolchain.Request
}

// corpusInputs renders the embedded corpus for version v: every section
// string of a format on each of the format's triples. Without
// SECTFUZZ_WORKER_FULL=1 each (section, triple) gets one kind, rotating
// through the kinds, instead of all five; -short keeps every fourth
// section. Every tenth input asks for assembly instead of an object, and
// for each triple a few modules put three globals of different kinds and
// sections together. The order is interleaved so that consecutive requests
// change triple, kind and verdict, which is what a reused pipeline must
// survive.
func corpusInputs(t testing.TB, v int, short bool) []input {
	full := os.Getenv("SECTFUZZ_WORKER_FULL") == "1"
	es := corpus.Default()
	var perTriple [][]input
	for _, ft := range formatTriples {
		secs := corpus.Sections(es, ft.format)
		for ti, triple := range ft.triples {
			var ins []input
			for si, sec := range secs {
				if short && si%4 != 0 {
					continue
				}
				kinds := oracle.Kinds
				if !full {
					kinds = []oracle.Kind{oracle.Kinds[(si+ti)%len(oracle.Kinds)]}
				}
				for _, k := range kinds {
					c := oracle.Single(triple, v, k, sec)
					ins = append(ins, render(t, c, len(ins)%10 == 9))
				}
			}
			// Modules of three globals: sections i, i+1, i+2 with
			// different kinds.
			for m := 0; m+2 < len(secs) && m < 60; m += 3 {
				if short && m%12 != 0 {
					continue
				}
				c := oracle.Case{Triple: triple, LLVM: v}
				for j := 0; j < 3; j++ {
					c.Globals = append(c.Globals, oracle.Global{
						Name:    fmt.Sprintf("g%d", j),
						Kind:    oracle.Kinds[(m+j)%len(oracle.Kinds)],
						Section: secs[m+j],
					})
				}
				ins = append(ins, render(t, c, false))
			}
			perTriple = append(perTriple, ins)
		}
	}
	// Round-robin over the triples.
	var out []input
	for i := 0; ; i++ {
		added := false
		for _, ins := range perTriple {
			if i < len(ins) {
				out = append(out, ins[i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

func render(t testing.TB, c oracle.Case, asm bool) input {
	ir, err := irgen.Render(c)
	if err != nil {
		t.Fatalf("rendering %+v: %v", c, err)
	}
	var parts []string
	for _, g := range c.Globals {
		parts = append(parts, fmt.Sprintf("%s %q", g.Kind, g.Section))
	}
	name := c.Triple + " " + strings.Join(parts, ", ")
	if asm {
		name += " (asm)"
	}
	return input{name: name, req: toolchain.Request{Triple: c.Triple, IR: ir, Asm: asm}}
}

// compileAll runs every input through comp with n requests in flight and
// returns the results in input order.
func compileAll(t testing.TB, comp toolchain.Compiler, ins []input, n int) []toolchain.Result {
	out := make([]toolchain.Result, len(ins))
	var wg sync.WaitGroup
	next := make(chan int)
	var mu sync.Mutex
	var firstErr error
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				r, err := comp.Compile(context.Background(), ins[j].req)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", ins[j].name, err)
					}
					mu.Unlock()
					continue
				}
				out[j] = r
			}
		}()
	}
	for j := range ins {
		next <- j
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	return out
}

// TestWorkerMatchesLLC is the worker's contract: for every input, the same
// verdict, diagnostic and object (or assembly) as running llc.
func TestWorkerMatchesLLC(t *testing.T) {
	for _, v := range versions {
		t.Run(fmt.Sprintf("llvm%d", v), func(t *testing.T) {
			t.Parallel()
			ins := corpusInputs(t, v, testing.Short())
			llc, err := toolchain.NewLLC(v)
			if err != nil {
				t.Fatal(err)
			}
			pool, err := toolchain.NewPool(v, runtime.NumCPU())
			if err != nil {
				t.Fatal(err)
			}
			defer pool.Close()
			want := compileAll(t, llc, ins, runtime.NumCPU())
			got := compileAll(t, pool, ins, runtime.NumCPU())
			mismatches := compare(t, v, llc, ins, want, got, "worker")

			// Reusing the passes (on a sample): same verdicts and
			// diagnostics, and the same sections where the object package
			// reads the format.
			reuse, err := toolchain.NewWorker(v)
			if err != nil {
				t.Fatal(err)
			}
			defer reuse.Close()
			reuse.ReusePasses = true
			var sample []input
			var sampleWant []toolchain.Result
			for i := 0; i < len(ins); i += 3 {
				sample = append(sample, ins[i])
				sampleWant = append(sampleWant, want[i])
			}
			mismatches += compare(t, v, llc, sample, sampleWant, compileAll(t, reuse, sample, 1), "reusing worker")

			verdicts := map[toolchain.Verdict]int{}
			for _, r := range want {
				verdicts[r.Verdict]++
			}
			st := pool.Stats()
			t.Logf("LLVM %d: %d inputs (%d also with reused passes), %d mismatches; llc verdicts %v; worker %+v",
				v, len(ins), len(sample), mismatches, verdicts, st)
		})
	}
}

// compare reports every input where got differs from want (llc). Before
// it counts, llc runs the input again: an llc that hangs in its crash
// handler after `LLVM ERROR:` (seen under load) is llc's flake, not the
// worker's mismatch; such inputs are logged.
func compare(t *testing.T, v int, llc toolchain.Compiler, ins []input, want, got []toolchain.Result, who string) int {
	t.Helper()
	same := func(a, b toolchain.Result) bool {
		return a.Verdict == b.Verdict && a.Diag == b.Diag && string(a.Output) == string(b.Output)
	}
	n := 0
	for i, in := range ins {
		w, g := want[i], got[i]
		if same(w, g) {
			continue
		}
		if again, err := llc.Compile(context.Background(), in.req); err == nil && same(again, g) {
			t.Logf("LLVM %d, %s: llc said %s %q once, then %s %q as the %s did", v, in.name, w.Verdict, w.Diag, again.Verdict, again.Diag, who)
			continue
		}
		n++
		if n > 20 {
			continue // enough to go on
		}
		msg := fmt.Sprintf("LLVM %d, %s:\n  llc:    %s %q\n  %s: %s %q", v, in.name, w.Verdict, w.Diag, who, g.Verdict, g.Diag)
		if w.Verdict == g.Verdict && w.Diag == g.Diag {
			msg += "\n  outputs differ:\n" + outputDiff(t, v, in.req.Asm, w.Output, g.Output)
		} else {
			msg += fmt.Sprintf("\n  llc stderr: %q\n  %s stderr: %q", clip(w.Stderr), who, clip(g.Stderr))
		}
		t.Errorf("%s\n  IR:\n%s", msg, in.req.IR)
	}
	if n > 20 {
		t.Errorf("LLVM %d: %d more mismatches not shown", v, n-20)
	}
	return n
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}

// outputDiff describes how two outputs differ: their sections as the
// object package reads them, or llvm-readobj's view where it cannot.
func outputDiff(t *testing.T, v int, asm bool, a, b []byte) string {
	if asm {
		return fmt.Sprintf("    llc:\n%s\n    worker:\n%s", a, b)
	}
	fa, errA := object.Read(a)
	fb, errB := object.Read(b)
	if errA == nil && errB == nil {
		if !reflect.DeepEqual(fa.Sections, fb.Sections) {
			return fmt.Sprintf("    llc sections:    %+v\n    worker sections: %+v", fa.Sections, fb.Sections)
		}
		return fmt.Sprintf("    same sections, different bytes (%d vs %d bytes, first difference at %d)", len(a), len(b), firstDiff(a, b))
	}
	ra, rb := readobj(t, v, a), readobj(t, v, b)
	return fmt.Sprintf("    llc (llvm-readobj):\n%s\n    worker (llvm-readobj):\n%s\n    first difference at byte %d", ra, rb, firstDiff(a, b))
}

func firstDiff(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func readobj(t *testing.T, v int, obj []byte) string {
	tool, err := toolchain.FindTool("llvm-readobj", v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "out.o")
	if err := os.WriteFile(p, obj, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "--sections", "--symbols", p).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("(llvm-readobj failed: %v) %s", err, out)
	}
	return string(out)
}

// TestWorkerVerdicts checks one input of each verdict the worker can be
// asked about without crashing LLVM.
func TestWorkerVerdicts(t *testing.T) {
	w, err := toolchain.NewWorker(19)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cases := []struct {
		triple, ir string
		want       toolchain.Verdict
		diag       string
	}{
		{"x86_64-unknown-linux-gnu", "@g = global i32 1, section \"foo\"\n", toolchain.Accepted, ""},
		{"x86_64-apple-macosx10.15", "@g = global i32 1, section \"nocomma\"\n", toolchain.Fatal,
			"LLVM ERROR: Global variable 'g' has an invalid section specifier 'nocomma': mach-o section specifier requires a segment and section separated by a comma."},
		{"x86_64-unknown-linux-gnu", "@g = common global i32 1\n", toolchain.Error, "error: 'in.ll': input module cannot be verified"},
		{"x86_64-unknown-linux-gnu", "@g = global i32 1, section \"x\" junk\n", toolchain.Error,
			"error: expected top-level entity"}, // FirstDiag drops "llc: in.ll:1:32: error:"
		{"bogus-triple", "@g = global i32 1\n", toolchain.Unsupported, "error: unable to get target for 'bogus-triple', see --version and --triple."},
		{"x86_64-unknown-linux-gnu", "@g = global i32 1, section \"foo\"\n", toolchain.Accepted, ""},
	}
	for _, c := range cases {
		r, err := w.Compile(context.Background(), toolchain.Request{Triple: c.triple, IR: c.ir})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != c.want || r.Diag != c.diag {
			t.Errorf("%s %q: %s %q, want %s %q", c.triple, c.ir, r.Verdict, r.Diag, c.want, c.diag)
		}
		if (r.Verdict == toolchain.Accepted) != (len(r.Output) > 0) {
			t.Errorf("%s %q: %s with %d output bytes", c.triple, c.ir, r.Verdict, len(r.Output))
		}
	}
}
