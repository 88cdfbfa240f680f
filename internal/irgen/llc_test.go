package irgen

import (
	"context"
	"flag"
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

var llcModules = flag.Int("llc-modules", 300, "generated modules TestLLCAcceptance compiles per LLVM version")

// sectionRuleDiags are diagnostics (substrings) of rejections caused by
// the section strings or by the rules between globals' sections: what the
// generator is for. They do not count against its acceptance share; every
// other rejection means the generator wrote a module LLVM cannot take.
var sectionRuleDiags = []struct{ substr, why string }{
	{"has an invalid section specifier", "Mach-O specifier grammar and limits"},
	{"section type or attributes does not match", "Mach-O: two specifiers for one section"},
	{"cannot have non-zero bytes", "COFF: BSS-named section with data"},
	{"cannot have non-zero initializers", "ELF NOBITS / Mach-O zerofill section with data"},
	{"cannot have fixups", "NOBITS / zerofill section with a pointer"},
	{".init_array section", "Wasm: .init_array alignment or priority"},
	{"symbols in .init_array should be for functions", "Wasm: data in .init_array"},
	{"multiply symbols policy does not match", "XCOFF: one csect, different linkages"},
	{"associative with sectionless symbol", "COFF: comdat key in llvm.metadata, never emitted"},
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

// outcome is one module's llc run, and for a rejected module the run of
// its twin without any section strings.
type outcome struct {
	res      toolchain.Result
	twin     toolchain.Result
	hasTwin  bool
	module   string
	triple   string
	sections bool // the module has section strings at all
}

// sectionRule says whether a rejection was caused by section strings: its
// diagnostic is in sectionRuleDiags.
func sectionRule(diag string) bool {
	for _, d := range sectionRuleDiags {
		if strings.Contains(diag, d.substr) {
			return true
		}
	}
	return false
}

func (a *acceptance) add(o outcome) {
	a.total++
	switch {
	case o.res.Verdict == toolchain.Accepted:
		a.accepted++
	case o.res.Verdict == toolchain.Unsupported:
		a.unsupported++
	case sectionRule(o.res.Diag):
		a.sectionRule++
	default:
		if a.other == nil {
			a.other = map[string]int{}
		}
		a.other[string(o.res.Verdict)+": "+o.res.Diag]++
	}
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

// withoutSections is c with every section string removed.
func withoutSections(c oracle.Case) oracle.Case {
	gs := append([]oracle.Global(nil), c.Globals...)
	for i := range gs {
		gs[i].Section = ""
	}
	c.Globals = gs
	return c
}

// TestLLCAcceptance runs generated modules through the real llc of each
// LLVM version and checks that llc accepts at least 80 % of those it does
// not reject for a section rule: a generator whose modules fail to parse
// or verify tests nothing. It also checks the classification itself: a
// module rejected for a section rule must be accepted once its section
// strings are removed.
func TestLLCAcceptance(t *testing.T) {
	triples := allTriples()
	r := rand.New(rand.NewSource(2024))
	type module struct {
		c          oracle.Case
		text, twin string
	}
	modules := make([]module, *llcModules)
	for i := range modules {
		b := make([]byte, 40+r.Intn(360))
		r.Read(b)
		c, text := roundTrip(t, b, triples[i%len(triples)])
		twin, err := Render(withoutSections(c))
		if err != nil {
			t.Fatal(err)
		}
		modules[i] = module{c, text, twin}
	}
	for _, v := range []int{14, 19, 22} {
		llc, err := toolchain.NewLLC(v)
		if err != nil {
			t.Fatalf("LLVM %d: %v", v, err)
		}
		outcomes := make([]outcome, len(modules))
		errs := make([]error, len(modules))
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < runtime.NumCPU(); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					m := modules[i]
					o := outcome{module: m.text, triple: m.c.Triple, sections: m.text != m.twin}
					o.res, errs[i] = llc.Compile(context.Background(), toolchain.Request{Triple: m.c.Triple, IR: m.text})
					if errs[i] == nil && o.res.Verdict != toolchain.Accepted && o.res.Verdict != toolchain.Unsupported && o.sections {
						o.hasTwin = true
						o.twin, errs[i] = llc.Compile(context.Background(), toolchain.Request{Triple: m.c.Triple, IR: m.twin})
					}
					outcomes[i] = o
				}
			}()
		}
		for i := range modules {
			next <- i
		}
		close(next)
		wg.Wait()

		var all acceptance
		byFamily := map[oracle.Format]*acceptance{}
		samples := map[string]string{} // diag -> a module that hit it
		for i, o := range outcomes {
			if errs[i] != nil {
				t.Fatalf("llc-%d: %v", v, errs[i])
			}
			all.add(o)
			f := oracle.ParseTriple(o.triple).Format
			if byFamily[f] == nil {
				byFamily[f] = &acceptance{}
			}
			byFamily[f].add(o)
			if o.res.Verdict != toolchain.Accepted && samples[o.res.Diag] == "" {
				samples[o.res.Diag] = o.module
			}
			// (LLVM 14 reports a section error before finding out that it
			// cannot write 64-bit XCOFF at all: the twin is unsupported.)
			if sectionRule(o.res.Diag) && (!o.hasTwin || o.twin.Verdict != toolchain.Accepted && o.twin.Verdict != toolchain.Unsupported) {
				t.Errorf("llc-%d: %q counted as a section rule, but the module without sections gives %s %q:\n%s",
					v, o.res.Diag, o.twin.Verdict, o.twin.Diag, o.module)
			}
		}
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
