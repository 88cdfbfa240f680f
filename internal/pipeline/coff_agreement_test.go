package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// BenchmarkCOFFAgreement measures how often the COFF oracle agrees with the
// real llc on modules it was not tuned on: random section strings (odd
// bytes, '$', '/N', NULs, long names, predefined names, corpus names) on
// 2-6 globals with random kinds, linkages, alignments, initializers and
// comdats. It is a measurement, not a test: run it with a fixed count,
//
//	go test -run '^$' -bench COFFAgreement -benchtime 300x ./internal/pipeline
//
// and read the agreement metric (percent of modules without divergence).
func BenchmarkCOFFAgreement(b *testing.B) {
	for _, v := range oracle.Versions {
		b.Run(fmt.Sprintf("llvm%d", v), func(b *testing.B) {
			llc := llcFor(b, v)
			r := rand.New(rand.NewSource(1))
			real := coffSeeds()
			agree := 0
			for i := 0; i < b.N; i++ {
				c := randomCOFFModule(r, real)
				res, err := Check(context.Background(), llc, c, oracle.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res.Divergence == nil {
					agree++
					continue
				}
				gs, _ := json.Marshal(c.Globals)
				b.Logf("divergence (%s, %s): want %q, got %q\n%s %s", res.Divergence.Class, res.Divergence.Rule,
					res.Divergence.Expected, res.Divergence.Actual, c.Triple, gs)
			}
			b.ReportMetric(100*float64(agree)/float64(b.N), "agreement%")
		})
	}
}

var coffTriples = []string{"x86_64-pc-windows-msvc", "i686-pc-windows-gnu", "aarch64-pc-windows-msvc"}

// coffSpecial are names LLVM treats specially on COFF.
var coffSpecial = []string{".bss", ".data", ".text", ".rdata", ".tls$", ".CRT$XCU", ".CRT$XLB", ".ctors", ".drectve",
	".debug_info", ".debug$S", ".lcovmap$M", ".llvmbc", ".pseudo_probe", ".retplne", ".impcall", ".eh_frame",
	".pdata", ".xdata", ".sxdata", ".gfids$y", ".debug_rnglists.dwo", ".gcc_except_table", ".llvm_stackmaps", ".dtors"}

func coffSeeds() []string { return corpus.Sections(corpus.Default(), "coff") }

func randomName(r *rand.Rand) string {
	alpha := []string{"a", "b", "z", "Q", "0", "9", ".", "$", "_", "-", " ", "\"", "#", "/", "\\", ",", "\x00", "\n", "\t", "é", "'", "@", ":", "%", "~"}
	n := 1 + r.Intn(12)
	if r.Intn(4) == 0 {
		n = 8 + r.Intn(30)
	}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteString(alpha[r.Intn(len(alpha))])
	}
	return sb.String()
}

func randomSection(r *rand.Rand, real []string) string {
	switch r.Intn(10) {
	case 0, 1, 2:
		return real[r.Intn(len(real))]
	case 3, 4:
		s := coffSpecial[r.Intn(len(coffSpecial))]
		switch r.Intn(4) {
		case 0:
			return s
		case 1:
			return s + "$" + randomName(r)
		case 2:
			return s + "\x00" + randomName(r)
		}
		return s + randomName(r)
	case 5:
		return "/" + fmt.Sprint(r.Intn(60))
	case 6:
		return ""
	}
	return randomName(r)
}

func randomCOFFModule(r *rand.Rand, real []string) oracle.Case {
	n := 2 + r.Intn(5)
	pool := []string{randomSection(r, real), randomSection(r, real), coffSpecial[r.Intn(len(coffSpecial))], "",
		"/" + fmt.Sprint(4+r.Intn(40)), "a_long_name_" + randomName(r)}
	c := oracle.Case{Triple: coffTriples[r.Intn(len(coffTriples))]}
	for i := 0; i < n; i++ {
		g := oracle.Global{Name: fmt.Sprintf("g%d", i), Kind: oracle.Kinds[r.Intn(len(oracle.Kinds))], Section: pool[r.Intn(len(pool))]}
		switch r.Intn(10) {
		case 0:
			g.Linkage = oracle.Internal
		case 1:
			g.Linkage = oracle.Private
		case 2:
			g.Linkage = oracle.Weak
		case 3:
			g.Linkage = oracle.LinkOnceODR
		case 4:
			if g.Kind == oracle.KindZero {
				g.Linkage = oracle.Common
			}
		}
		if r.Intn(4) == 0 {
			g.Align = []int{1, 2, 4, 8, 16, 32, 64}[r.Intn(7)]
		}
		if !g.IsFunc() && r.Intn(3) == 0 {
			switch r.Intn(5) {
			case 0:
				g.Init = &oracle.Init{Form: oracle.InitScalar, Size: []int{1, 2, 8, 16}[r.Intn(4)], Value: int64(r.Intn(2))}
			case 1:
				g.Init = &oracle.Init{Form: oracle.InitString, Bytes: "hello"[:r.Intn(5)], Zero: r.Intn(3) == 0, Len: 3 + r.Intn(30)}
			case 2:
				g.Init = &oracle.Init{Form: oracle.InitArray, Size: 4, Len: 1 + r.Intn(8), Value: int64(r.Intn(2))}
			case 3:
				g.Init = &oracle.Init{Form: oracle.InitStruct, Len: 1 + r.Intn(5), Value: int64(r.Intn(2))}
			case 4:
				ref := ""
				if r.Intn(2) == 0 {
					ref = fmt.Sprintf("g%d", r.Intn(i+1))
				}
				g.Init = &oracle.Init{Form: oracle.InitPointer, Ref: ref}
			}
			if g.Kind == oracle.KindZero && g.Init != nil {
				g.Init.Zero = true
			}
		}
		if r.Intn(6) == 0 && g.Linkage != oracle.Common && g.Linkage != oracle.Private {
			if r.Intn(2) == 0 {
				g.Comdat = g.Name
				g.ComdatSelection = []string{"any", "largest", "nodeduplicate", "exactmatch", "samesize"}[r.Intn(5)]
			} else if i > 0 {
				g.Comdat = fmt.Sprintf("g%d", r.Intn(i))
			}
		}
		switch r.Intn(12) {
		case 0:
			if !g.IsFunc() {
				g.Declaration, g.Init, g.Comdat, g.Linkage = true, nil, "", oracle.External
				if r.Intn(3) == 0 {
					g.Linkage = oracle.ExternWeak
				}
			}
		case 1:
			g.Used = true
		case 2:
			if !g.Linkage.IsLocal() {
				g.Visibility = "hidden"
			}
		case 3:
			g.UnnamedAddr = "unnamed_addr"
		}
		c.Globals = append(c.Globals, g)
	}
	// Most comdats name a global that declares the comdat itself.
	for i := range c.Globals {
		if cd := c.Globals[i].Comdat; cd != "" && r.Intn(5) != 0 {
			for j := range c.Globals {
				if k := &c.Globals[j]; k.Name == cd && k.Linkage != oracle.Common && k.Linkage != oracle.Private && !k.Declaration {
					k.Comdat = cd
				}
			}
		}
	}
	return c
}
