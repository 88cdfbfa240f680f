package irgen

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// sectionRuleDiags are diagnostics (substrings) of rejections caused by
// the section strings or by the rules between globals' sections: what the
// generator is for. They do not count against its acceptance share; every
// other rejection means the generator wrote a module LLVM cannot take.
var sectionRuleDiags = []struct{ substr, why string }{
	{"has an invalid section specifier", "Mach-O specifier grammar and limits"},
	{"section type or attributes does not match", "Mach-O: two specifiers for one section"},
	{"cannot have non-zero bytes", "BSS-named section with data"},
	{"XCOFF other section types not yet implemented", "XCOFF: TLS in an explicit section"},
	{"changed section", "ELF: one name, incompatible type/flags/entsize"},
	{"section type conflict", "one section, incompatible kinds"},
	{"cannot have instructions", "ELF: code in a NOBITS section"},
	{"data symbols must live in a data section", "Wasm: data in a non-data section"},
	{"only supported in metadata sections", "Wasm: relocations in a custom section"},
	{".fini_array sections are unsupported", "Wasm: .fini_array"},
	// A section named like a global: ELF and COFF section symbols then
	// clash with the global's symbol (LLVM 19 and 22 go on to abort with
	// "two sections have the same comdat" on COFF).
	{"is already defined", "section named like a symbol"},
	{"invalid symbol redefinition", "section named like a symbol"},
}

// acceptance is the tally of one group of llc runs.
type acceptance struct {
	total, accepted, unsupported, sectionRule int
	other                                     map[string]int // diag -> count
}

func (a *acceptance) add(res toolchain.Result) {
	a.total++
	switch res.Verdict {
	case toolchain.Accepted:
		a.accepted++
		return
	case toolchain.Unsupported:
		a.unsupported++
		return
	}
	for _, d := range sectionRuleDiags {
		if strings.Contains(res.Diag, d.substr) {
			a.sectionRule++
			return
		}
	}
	if a.other == nil {
		a.other = map[string]int{}
	}
	a.other[string(res.Verdict)+": "+res.Diag]++
}

// share is the accepted part of the runs that neither the format's
// support in this LLVM nor a section rule decided.
func (a *acceptance) share() float64 {
	n := a.total - a.unsupported - a.sectionRule
	if n == 0 {
		return 1
	}
	return float64(a.accepted) / float64(n)
}

func (a *acceptance) String() string {
	raw := 0.0
	if n := a.total - a.unsupported; n > 0 {
		raw = 100 * float64(a.accepted) / float64(n)
	}
	return fmt.Sprintf("%5.1f%% accepted outside section rules (%d of %d); %5.1f%% of all; %d section-rule rejections, %d unsupported, %d other",
		100*a.share(), a.accepted, a.total-a.unsupported-a.sectionRule, raw, a.sectionRule, a.unsupported,
		a.total-a.accepted-a.unsupported-a.sectionRule)
}

// TestLLCAcceptance runs generated modules through the real llc of each
// LLVM version and checks that llc accepts at least 80 % of those it does
// not reject for a section rule: a generator whose modules fail to parse
// or verify tests nothing.
func TestLLCAcceptance(t *testing.T) {
	const modules = 300
	triples := allTriples()
	type job struct {
		triple string
		data   []byte
	}
	r := rand.New(rand.NewSource(2024))
	jobs := make([]job, modules)
	for i := range jobs {
		b := make([]byte, 40+r.Intn(360))
		r.Read(b)
		jobs[i] = job{triples[i%len(triples)], b}
	}
	for _, v := range []int{14, 19, 22} {
		llc, err := toolchain.NewLLC(v)
		if err != nil {
			t.Fatalf("LLVM %d: %v", v, err)
		}
		var (
			mu       sync.Mutex
			all      acceptance
			byFamily = map[oracle.Format]*acceptance{}
			samples  = map[string]string{} // diag -> a module that hit it
			wg       sync.WaitGroup
			next     = make(chan job)
		)
		for w := 0; w < runtime.NumCPU(); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range next {
					c, text := roundTrip(t, j.data, j.triple)
					res, err := llc.Compile(context.Background(), toolchain.Request{Triple: c.Triple, IR: text})
					if err != nil {
						t.Errorf("llc-%d: %v", v, err)
						continue
					}
					f := oracle.ParseTriple(c.Triple).Format
					mu.Lock()
					all.add(res)
					if byFamily[f] == nil {
						byFamily[f] = &acceptance{}
					}
					byFamily[f].add(res)
					if res.Verdict != toolchain.Accepted && samples[res.Diag] == "" {
						samples[res.Diag] = text
					}
					mu.Unlock()
				}
			}()
		}
		for _, j := range jobs {
			next <- j
		}
		close(next)
		wg.Wait()

		t.Logf("LLVM %d: %v", v, &all)
		for _, f := range oracle.Formats {
			if a := byFamily[f]; a != nil {
				t.Logf("  %-6s %v", f, a)
			}
		}
		var diags []string
		for d := range all.other {
			diags = append(diags, d)
		}
		sort.Strings(diags)
		for _, d := range diags {
			t.Logf("  other rejection x%d: %s", all.other[d], d)
			if os.Getenv("IRGEN_SAMPLES") != "" {
				t.Logf("    e.g.:\n%s", samples[strings.SplitN(d, ": ", 2)[1]])
			}
		}
		if s := all.share(); s < 0.80 {
			t.Errorf("LLVM %d accepts only %.1f%% of the generated modules outside section rules; want at least 80%%", v, 100*s)
		}
	}
}
