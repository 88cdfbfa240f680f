package oracle

import "testing"

// benchCases is a mix of formats, kinds, accepted and rejected strings.
var benchCases = []Case{
	Single("x86_64-unknown-linux-gnu", 19, KindData, ".data.foo"),
	Single("x86_64-unknown-linux-gnu", 22, KindZero, ".bss.x"),
	Single("aarch64-unknown-linux-gnu", 14, KindFunc, ".text.hot"),
	Single("x86_64-apple-macosx10.15", 19, KindData, ".aot_stack_sizes"),
	Single("x86_64-apple-macosx10.15", 19, KindConst, "__TEXT,__const"),
	Single("arm64-apple-ios14", 22, KindFunc, "__TEXT,__foo,regular,pure_instructions"),
	Single("x86_64-apple-macosx10.15", 14, KindZero, "__DATA,__foo,zerofill"),
	Single("x86_64-unknown-linux-gnu", 19, KindTLS, ""),
}

// BenchmarkPredict measures oracle-only predictions per second.
func BenchmarkPredict(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Predict(benchCases[i%len(benchCases)], Options{})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "predictions/s")
}
