package irgen

import (
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// familyTriples are the triples the generator is exercised on, per object
// format family.
var familyTriples = map[oracle.Format][]string{
	oracle.ELF:   {"x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"},
	oracle.MachO: {"x86_64-apple-macosx10.15", "arm64-apple-ios"},
	oracle.COFF:  {"x86_64-pc-windows-msvc", "i686-pc-windows-gnu", "aarch64-pc-windows-msvc"},
	oracle.Wasm:  {"wasm32-unknown-unknown", "wasm64-unknown-unknown"},
	oracle.XCOFF: {"powerpc-ibm-aix", "powerpc64-ibm-aix"},
	oracle.GOFF:  {"s390x-ibm-zos"},
}

// allTriples lists familyTriples in a fixed order.
func allTriples() []string {
	var out []string
	for _, f := range oracle.Formats {
		out = append(out, familyTriples[f]...)
	}
	return out
}

var dictCache = map[string]Dictionary{}

func dictFor(triple string) Dictionary {
	d, ok := dictCache[triple]
	if !ok {
		d = DefaultDictionary(triple)
		dictCache[triple] = d
	}
	return d
}

// roundTrip is the property FuzzGenerateRoundTrip checks: the generated
// case renders, and the rendered module parses back to the same case.
func roundTrip(t *testing.T, data []byte, triple string) (oracle.Case, string) {
	t.Helper()
	c, err := Generate(data, triple, dictFor(triple))
	if err != nil {
		t.Fatalf("Generate(%q): %v", data, err)
	}
	if n := len(c.Globals); n < 1 || n > 16 {
		t.Fatalf("Generate(%q): %d globals, want 1 to 16", data, n)
	}
	again, err := Generate(data, triple, dictFor(triple))
	if err != nil || !cmp.Equal(c, again) {
		t.Fatalf("Generate(%q) is not deterministic: %v", data, cmp.Diff(c, again))
	}
	text, err := Render(c)
	if err != nil {
		t.Fatalf("Render of generated case: %v\ncase: %+v", err, c)
	}
	back, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse of rendered module: %v\nmodule:\n%s", err, text)
	}
	if d := cmp.Diff(c, back); d != "" {
		t.Fatalf("round trip changed the case (-generated +parsed):\n%s\nmodule:\n%s", d, text)
	}
	return c, text
}

func FuzzGenerateRoundTrip(f *testing.F) {
	f.Add([]byte{}, uint8(0))
	f.Add([]byte("\x0f"+"sectfuzz module seed, long enough for a few globals with sections"), uint8(1))
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 16; i++ {
		b := make([]byte, 40+r.Intn(300))
		r.Read(b)
		f.Add(b, uint8(i))
	}
	triples := allTriples()
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		roundTrip(t, data, triples[int(which)%len(triples)])
	})
}

// TestGenerateRoundTrip runs the fuzz property over a fixed set of random
// inputs on every triple, so that `go test` covers it without -fuzz.
func TestGenerateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, triple := range allTriples() {
		for i := 0; i < 200; i++ {
			b := make([]byte, r.Intn(400))
			r.Read(b)
			roundTrip(t, b, triple)
		}
	}
}
