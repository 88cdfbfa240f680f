package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// BenchmarkAgreement measures how often the oracle agrees with the real
// llc on inputs nobody hand-picked: per format and LLVM version, b.N
// single globals (a section string from irgen's dictionary and mutations,
// a random kind and triple) and b.N whole modules from irgen.Generate on
// random bytes. It reports agreement% and logs every divergence. A
// measurement, not a test:
//
//	go test -run '^$' -bench Agreement -benchtime 300x ./internal/pipeline
//
// $SECTFUZZ_AGREEMENT_SEED (default 0) picks another stream of inputs: the
// oracle is tuned on what the default stream found, so a fresh seed is
// the fair measure of cases nobody has looked at.
func BenchmarkAgreement(b *testing.B) {
	seed, _ := strconv.ParseInt(os.Getenv("SECTFUZZ_AGREEMENT_SEED"), 10, 64)
	for _, f := range oracle.Formats {
		for _, shape := range []string{"single", "module"} {
			for _, v := range oracle.Versions {
				b.Run(fmt.Sprintf("%s/%s/llvm%d", f, shape, v), func(b *testing.B) {
					llc, _, err := toolchain.NewDefault(v, 1, false)
					if err != nil {
						b.Fatal(err)
					}
					defer llc.Close()
					r := rand.New(rand.NewSource(seed*1_000_000 + int64(v)*1000 + int64(len(f))))
					agree, total := 0, 0
					for i := 0; i < b.N; i++ {
						c, ok := randomCase(r, f, shape == "module")
						if !ok {
							continue
						}
						total++
						res, err := Check(context.Background(), llc, c, oracle.Options{})
						if err != nil {
							b.Fatal(err)
						}
						if res.Divergence == nil {
							agree++
							continue
						}
						gs, _ := json.Marshal(c.Globals)
						b.Logf("%s: %s\n  %s %s", res.Divergence.Signature(), res.Divergence.Title, c.Triple, gs)
					}
					if total > 0 {
						b.ReportMetric(100*float64(agree)/float64(total), "agreement%")
					}
				})
			}
		}
	}
}

// randomCase draws one case of format f from the PRNG.
func randomCase(r *rand.Rand, f oracle.Format, module bool) (oracle.Case, bool) {
	triples := oracle.Triples[f]
	triple := triples[r.Intn(len(triples))]
	data := make([]byte, 16+r.Intn(400))
	r.Read(data)
	c, err := irgen.Generate(data, triple, irgen.DefaultDictionary(triple))
	if err != nil {
		return oracle.Case{}, false
	}
	if module {
		return c, true
	}
	section := ""
	for _, g := range c.Globals {
		if g.Section != "" {
			section = g.Section
			break
		}
	}
	return oracle.Single(triple, 0, oracle.Kinds[r.Intn(len(oracle.Kinds))], section), true
}
