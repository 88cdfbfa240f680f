package oracle

import (
	"fmt"
	"testing"
)

// benchCases is a mix over every format of accepted and rejected strings,
// single globals and small modules.
var benchCases = []Case{
	Single("x86_64-unknown-linux-gnu", 19, KindData, ".data.foo"),
	Single("x86_64-unknown-linux-gnu", 22, KindZero, ".bss.x"),
	Single("aarch64-unknown-linux-gnu", 14, KindFunc, ".text.hot"),
	Single("x86_64-apple-macosx10.15", 19, KindData, ".aot_stack_sizes"),
	Single("x86_64-apple-macosx10.15", 19, KindConst, "__TEXT,__const"),
	Single("arm64-apple-ios14", 22, KindFunc, "__TEXT,__foo,regular,pure_instructions"),
	Single("x86_64-apple-macosx10.15", 14, KindZero, "__DATA,__foo,zerofill"),
	Single("x86_64-pc-windows-msvc", 22, KindData, ".CRT$XCU"),
	Single("i686-pc-windows-gnu", 19, KindConst, ".rdata$zzz"),
	Single("wasm32-unknown-unknown", 19, KindData, ".data.x"),
	Single("powerpc64-ibm-aix", 22, KindData, "mysect"),
	Single("s390x-ibm-zos", 22, KindFunc, "ignored"),
	{Triple: "x86_64-unknown-linux-gnu", LLVM: 19, Globals: []Global{
		{Name: "a", Kind: KindData, Section: "s"}, {Name: "b", Kind: KindConst, Section: "s"},
		{Name: "c", Kind: KindZero, Linkage: Internal}, {Name: "f", Kind: KindFunc, Section: "s"},
		{Name: "p", Kind: KindData, Init: &Init{Form: InitPointer, Ref: "a"}},
	}},
	{Triple: "x86_64-pc-windows-msvc", LLVM: 22, Globals: []Global{
		{Name: "a", Kind: KindFunc, Section: "shared"}, {Name: "b", Kind: KindConst, Section: "shared"},
		{Name: "d", Kind: KindData, Comdat: "d", Linkage: LinkOnceODR},
	}},
}

// BenchmarkPredict measures oracle-only predictions per second on one
// core (Predict) and on all (Predict/parallel), and per format.
func BenchmarkPredict(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Predict(benchCases[i%len(benchCases)], Options{})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "predictions/s")
}

func BenchmarkPredictParallel(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			Predict(benchCases[i%len(benchCases)], Options{})
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "predictions/s")
}

func BenchmarkPredictFormat(b *testing.B) {
	for _, c := range benchCases {
		name := fmt.Sprintf("%s/%d-globals", ParseTriple(c.Triple).Format, len(c.Globals))
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Predict(c, Options{})
			}
		})
	}
}
