package object

import (
	"os"
	"testing"
)

// FuzzRead feeds every registered reader truncated and mutated objects: a
// reader may reject them, never panic. Read's own recover would hide a
// panic, so the readers are called directly.
func FuzzRead(f *testing.F) {
	dir := f.TempDir()
	for _, m := range []struct{ triple, ir string }{
		{"x86_64-unknown-linux-gnu", elfModule},
		{"aarch64-unknown-linux-gnu", elfModule},
		{"x86_64-apple-macosx10.15", machoModule},
	} {
		data, err := os.ReadFile(compile(f, dir, "seed.o", 19, m.triple, m.ir))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range readers {
			if !r.magic(data) {
				continue
			}
			file, err := r.read(data)
			if err != nil {
				return
			}
			for _, s := range file.Sections {
				_ = s.Name
			}
		}
	})
}
