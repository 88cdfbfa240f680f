package oracle

import "testing"

// Predictions must stay cheap enough to fuzz the oracle on its own.
func BenchmarkPredictXCOFF(b *testing.B) {
	benchPredict(b, "powerpc64-ibm-aix")
}

func BenchmarkPredictGOFF(b *testing.B) {
	benchPredict(b, "s390x-ibm-zos")
}

func benchPredict(b *testing.B, triple string) {
	single := Single(triple, 22, KindData, "mysect")
	module := Case{Triple: triple, LLVM: 22, Globals: []Global{
		{Name: "a", Kind: KindData, Section: "s"}, {Name: "b", Kind: KindConst, Section: "s"},
		{Name: "c", Kind: KindZero, Linkage: Internal}, {Name: "f", Kind: KindFunc, Section: "t"},
		{Name: "p", Kind: KindData, Init: &Init{Form: InitPointer, Ref: "a"}},
	}}
	b.Run("single", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Predict(single, Options{})
		}
	})
	b.Run("module", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Predict(module, Options{})
		}
	})
}
