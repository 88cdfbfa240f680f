package cgen

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

var update = flag.Bool("update", false, "rewrite testdata/*.c from the current output")

// TestRender compares the C of a few cases with testdata/<name>.c
// (refreshed with -update); the files are what clang is given.
func TestRender(t *testing.T) {
	multi := oracle.Case{Triple: "x86_64-unknown-linux-gnu", Globals: []oracle.Global{
		{Name: "d", Kind: oracle.KindData, Section: "a\"b\\c?"},
		{Name: "z", Kind: oracle.KindZero, Section: "raw\x01\xff", Linkage: oracle.Internal, Align: 16},
		{Name: "k", Kind: oracle.KindConst, Section: ".rodata.k", Init: &oracle.Init{Form: oracle.InitString, Bytes: "hi\n"}},
		{Name: "t", Kind: oracle.KindTLS, Section: ".tdata.t", TLSModel: "initialexec"},
		{Name: "a", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitArray, Size: 2, Len: 3, Value: 7}},
		{Name: "f", Kind: oracle.KindFunc, Section: ".text.f", Visibility: "hidden"},
	}}
	tests := []struct {
		name    string
		c       oracle.Case
		variant oracle.ClangVariant
	}{
		{"single-attr", oracle.Single("x86_64-apple-macosx10.15", 19, oracle.KindData, "__DATA,__foo"), oracle.ClangAttr},
		{"multi-attr", multi, oracle.ClangAttr},
		{"multi-pragma", multi, oracle.ClangPragma},
		{"single-pragma-all", oracle.Single("wasm32-unknown-unknown", 19, oracle.KindZero, ".bss.x"), oracle.ClangPragmaAll},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.c, tt.variant)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".c")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("C for %s differs from %s:\n%s", tt.name, path, got)
			}
		})
	}
}

func TestNotExpressible(t *testing.T) {
	for _, g := range []oracle.Global{
		{Name: "g", Kind: oracle.KindData, Comdat: "g"},
		{Name: "g", Kind: oracle.KindData, Linkage: oracle.Weak},
		{Name: "g.x", Kind: oracle.KindData},
		{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitPointer, Ref: "h"}},
		{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitScalar, Size: 3}},
		{Name: "g", Kind: oracle.KindData, Declaration: true},
	} {
		c := oracle.Case{Triple: "x86_64-unknown-linux-gnu", Globals: []oracle.Global{g}}
		if _, err := Render(c, oracle.ClangAttr); !errors.Is(err, ErrNotExpressible) {
			t.Errorf("%+v: err %v, want ErrNotExpressible", g, err)
		}
	}
	// On Wasm the `used` that keeps a static alive adds RETAIN.
	static := oracle.Global{Name: "g", Kind: oracle.KindData, Linkage: oracle.Internal, Section: ".data.g"}
	if _, err := Render(oracle.Case{Triple: "wasm32-unknown-unknown", Globals: []oracle.Global{static}}, oracle.ClangAttr); !errors.Is(err, ErrNotExpressible) {
		t.Errorf("static on Wasm: err %v, want ErrNotExpressible", err)
	}
	if _, err := Render(oracle.Case{Triple: "x86_64-unknown-linux-gnu", Globals: []oracle.Global{static}}, oracle.ClangAttr); err != nil {
		t.Errorf("static on ELF: %v", err)
	}
}
