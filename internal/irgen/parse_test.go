package irgen

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

var update = flag.Bool("update", false, "rewrite testdata/*.want.json from Parse's output")

// parseFixtures are the modules in testdata/, with the LLVM versions whose
// llvm-as must accept them (so the fixtures are real IR, not what Parse
// happens to like). The *_c / *_cpp ones are clang's output for C/C++.
var parseFixtures = []struct {
	name     string
	versions []int
}{
	{"elf_c", []int{19, 22}},     // clang-19, x86_64 Linux: attribute groups, metadata, ctors
	{"coff_cpp", []int{19, 22}},  // clang-22, MSVC C++: quoted names, comdats
	{"macho_c", []int{19, 22}},   // clang-19, arm64 macOS
	{"wasm_c", []int{19, 22}},    // clang-19, wasm32: 4-byte pointers, named struct
	{"edge", []int{19, 22}},      // hand-written corner cases of the subset
	{"typed14", []int{14}},       // LLVM 14's typed pointers and bitcasts
	{"generated", []int{19, 22}}, // Render's output for a generated module
}

// TestParseFixtures parses each fixture and compares the case with the
// reviewed testdata/<name>.want.json (refresh with -update, then review
// the diff).
func TestParseFixtures(t *testing.T) {
	for _, fx := range parseFixtures {
		t.Run(fx.name, func(t *testing.T) {
			path := filepath.Join("testdata", fx.name+".ll")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range fx.versions {
				assemble(t, v, path)
			}
			got, err := Parse(string(src))
			if err != nil {
				t.Fatalf("Parse(%s): %v", path, err)
			}
			wantPath := filepath.Join("testdata", fx.name+".want.json")
			if *update {
				b, err := json.MarshalIndent(got, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(wantPath, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			var want oracle.Case
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&want); err != nil {
				t.Fatalf("%s: %v", wantPath, err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("Parse(%s) (-want +got):\n%s", path, d)
			}
		})
	}
}

// assemble checks that LLVM v's llvm-as reads the fixture.
func assemble(t *testing.T, v int, path string) {
	t.Helper()
	as, err := toolchain.FindTool("llvm-as", v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(as, "-o", os.DevNull, path).CombinedOutput()
	if err != nil {
		t.Fatalf("llvm-as-%d rejects %s: %v\n%s", v, path, err, out)
	}
}

// TestParseSnippets pins down single constructs, one global each.
func TestParseSnippets(t *testing.T) {
	i32 := func(v int64) *oracle.Init {
		return &oracle.Init{Form: oracle.InitScalar, Size: 4, Value: v, Zero: v == 0}
	}
	tests := []struct {
		name string
		ll   string
		want oracle.Global
	}{
		{"plain data", `@g = global i32 1`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: i32(1)}},
		{"zero", `@g = global i32 0`,
			oracle.Global{Name: "g", Kind: oracle.KindZero, Init: i32(0)}},
		{"const", `@g = constant i32 1`,
			oracle.Global{Name: "g", Kind: oracle.KindConst, Init: i32(1)}},
		{"tls generic", `@g = thread_local global i32 1`,
			oracle.Global{Name: "g", Kind: oracle.KindTLS, Init: i32(1)}},
		{"tls model", `@g = thread_local(localexec) global i32 0`,
			oracle.Global{Name: "g", Kind: oracle.KindTLS, TLSModel: "localexec", Init: i32(0)}},
		{"func", `define void @g() { ret void }`,
			oracle.Global{Name: "g", Kind: oracle.KindFunc}},
		{"section escapes", `@g = global i32 1, section "a\22b\5C\00\FFc\\d\q"`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Section: "a\"b\\\x00\xffc\\d\\q", Init: i32(1)}},
		{"empty section", `@g = global i32 1, section ""`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: i32(1)}},
		{"quoted name", `@"x y\22z" = global i32 1`,
			oracle.Global{Name: "x y\"z", Kind: oracle.KindData, Init: i32(1)}},
		{"attributes after initializer", `@g = weak_odr protected local_unnamed_addr global i32 1, section "s", align 16`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Linkage: oracle.WeakODR, Visibility: "protected",
				UnnamedAddr: "local_unnamed_addr", Section: "s", Align: 16, Init: i32(1)}},
		{"own comdat", "$g = comdat samesize\n@g = global i32 1, comdat",
			oracle.Global{Name: "g", Kind: oracle.KindData, Comdat: "g", ComdatSelection: "samesize", Init: i32(1)}},
		{"comdat defined after use", "@g = global i32 1, comdat($c)\n$c = comdat largest",
			oracle.Global{Name: "g", Kind: oracle.KindData, Comdat: "c", ComdatSelection: "largest", Init: i32(1)}},
		{"declaration", `@g = external thread_local constant [4 x i8], section "s"`,
			oracle.Global{Name: "g", Kind: oracle.KindTLS, Section: "s", Declaration: true}},
		{"common", `@g = common global i64 0, align 8`,
			oracle.Global{Name: "g", Kind: oracle.KindZero, Linkage: oracle.Common, Align: 8,
				Init: &oracle.Init{Form: oracle.InitScalar, Zero: true, Size: 8}}},
		{"string", `@g = constant [4 x i8] c"a\00b\00"`,
			oracle.Global{Name: "g", Kind: oracle.KindConst, Init: &oracle.Init{Form: oracle.InitString, Len: 4, Bytes: "a\x00b"}}},
		{"string without NUL", `@g = constant [2 x i8] c"ab"`,
			oracle.Global{Name: "g", Kind: oracle.KindConst, Init: &oracle.Init{Form: oracle.InitString, Len: 2, Bytes: "ab"}}},
		{"zero string", `@g = global [2 x i8] c"\00\00"`,
			oracle.Global{Name: "g", Kind: oracle.KindZero, Init: &oracle.Init{Form: oracle.InitString, Zero: true, Len: 2}}},
		{"array", `@g = global [2 x i16] [i16 3, i16 4]`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitArray, Size: 2, Len: 2, Value: 3, Mixed: true}}},
		{"all-zero array", `@g = global [2 x i16] [i16 0, i16 0]`,
			oracle.Global{Name: "g", Kind: oracle.KindZero, Init: &oracle.Init{Form: oracle.InitArray, Zero: true, Size: 2, Len: 2}}},
		{"struct", `@g = global { i8, i32 } { i8 5, i32 6 }`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitStruct, Size: 8, Len: 2, Value: 5, Mixed: true, TypeAlign: 4}}},
		{"packed struct", `@g = global <{ i8, i32 }> <{ i8 5, i32 6 }>`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitStruct, Size: 5, Len: 2, Value: 5, Mixed: true, TypeAlign: 1}}},
		{"pointer", "@g = global ptr @h\n@h = global i8 1",
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitPointer, Size: 8, Ref: "h"}}},
		{"null", `@g = global ptr null`,
			oracle.Global{Name: "g", Kind: oracle.KindZero, Init: &oracle.Init{Form: oracle.InitPointer, Zero: true, Size: 8}}},
		{"undef is zero", `@g = global i32 undef`,
			oracle.Global{Name: "g", Kind: oracle.KindZero, Init: i32(0)}},
		{"negative zero is not zero", `@g = global double -0.0`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: &oracle.Init{Form: oracle.InitScalar, Size: 8}}},
		{"used", "@g = global i32 1\n@llvm.used = appending global [1 x ptr] [ptr @g], section \"llvm.metadata\"",
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: i32(1), Used: true}},
		{"compiler.used is not used", "@g = global i32 1\n@llvm.compiler.used = appending global [1 x ptr] [ptr @g], section \"llvm.metadata\"",
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: i32(1)}},
		{"llvm.metadata section kept", `@g = global i32 1, section "llvm.metadata"`,
			oracle.Global{Name: "g", Kind: oracle.KindData, Section: "llvm.metadata", Init: i32(1)}},
		{"function header", `define internal fastcc noundef nonnull align 8 ptr @g(i32 %x) unnamed_addr #0 section "t" comdat align 4 { ret ptr null }` +
			"\n$g = comdat any\nattributes #0 = { nounwind }",
			oracle.Global{Name: "g", Kind: oracle.KindFunc, Linkage: oracle.Internal, UnnamedAddr: "unnamed_addr",
				Section: "t", Comdat: "g", ComdatSelection: "any", Align: 4}},
		{"function declaration", `declare extern_weak hidden void @g() section "d" align 2`,
			oracle.Global{Name: "g", Kind: oracle.KindFunc, Linkage: oracle.ExternWeak, Visibility: "hidden",
				Section: "d", Align: 2, Declaration: true}},
		{"skipped entities", "; comment @x = global i32 1\nattributes #0 = { \"a\"=\"}\" }\n!0 = !{!\"@y\"}\n" +
			"@a = alias i32, ptr @g\ndeclare void @llvm.trap()\n@g = global i32 1",
			oracle.Global{Name: "g", Kind: oracle.KindData, Init: i32(1)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.ll)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got *oracle.Global
			for i := range c.Globals {
				if c.Globals[i].Name == tc.want.Name {
					got = &c.Globals[i]
				}
			}
			if got == nil {
				t.Fatalf("no global %q in %+v", tc.want.Name, c.Globals)
			}
			if d := cmp.Diff(tc.want, *got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, ll, want string }{
		{"unterminated string", "@g = global i32 1, section \"abc", "line 1: unterminated string"},
		{"no global keyword", "\n@g = i32 1", "line 2: @g: expected 'global' or 'constant'"},
		{"bad type", "@g = global 5", "line 1: expected a type"},
		{"bad initializer", "@g = global i32 ,", "line 1: expected a constant"},
		{"redefinition", "@g = global i32 1\n@g = global i32 2", "line 2: redefinition of @g"},
		{"unclosed body", "define void @f() {\n ret void", "unclosed"},
		{"section not a string", "@g = global i32 1, section 5", "section: expected a string"},
		{"deep nesting", "@g = global " + strings.Repeat("[1 x ", 5000) + "i8" + strings.Repeat("]", 5000) + " zeroinitializer", "nested more than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.ll)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tc.ll, err, tc.want)
			}
		})
	}
}

// TestParseHostile: inputs that must end quickly, with or without an
// error (self-containing types would lay out exponentially if not cached).
func TestParseHostile(t *testing.T) {
	for _, ll := range []string{
		"%a = type { %a, %a, %a }\n@g = global %a zeroinitializer",
		"%a = type { %b, %b }\n%b = type { %a, %a }\n@g = global %a zeroinitializer",
		"%a = type %a\n@g = global %a zeroinitializer",
		"@g = global i8 " + strings.Repeat("(", 100000),
		"@g = global [1 x i8] " + strings.Repeat("[i8 ", 100000),
	} {
		_, _ = Parse(ll)
	}
}

func TestParseTriple(t *testing.T) {
	c, err := Parse("@p = global ptr null\ntarget triple = \"i686-pc-windows-gnu\"")
	if err != nil {
		t.Fatal(err)
	}
	if c.Triple != "i686-pc-windows-gnu" || c.Globals[0].Init.Size != 4 {
		t.Errorf("got triple %q, pointer size %d; want i686-pc-windows-gnu, 4", c.Triple, c.Globals[0].Init.Size)
	}
}

// FuzzParse checks that Parse never panics, whatever the text, and that
// what it reads has names.
func FuzzParse(f *testing.F) {
	for _, fx := range parseFixtures {
		b, err := os.ReadFile(filepath.Join("testdata", fx.name+".ll"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text)
		if err != nil {
			return
		}
		for _, g := range c.Globals {
			if g.Kind == "" {
				t.Errorf("global %q without a kind", g.Name)
			}
		}
	})
}
