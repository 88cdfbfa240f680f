package toolchain

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestAssemblers runs llvm-mc of every version and the GNU assemblers on
// one good and one bad input each.
func TestAssemblers(t *testing.T) {
	const good = "\t.section\t.mydata,\"aw\",@progbits\n\t.globl\tg\ng:\n\t.long\t1\n"
	const bad = "\t.section\ta b,\"aw\",@progbits\n"
	for _, v := range []int{14, 19, 22} {
		mc, err := NewLLVMMC(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			asm  string
			want Verdict
			diag string
		}{
			{good, Accepted, ""},
			{bad, Error, "error: "},
		} {
			res, err := mc.Assemble(context.Background(), "x86_64-unknown-linux-gnu", tt.asm)
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tt.want || !strings.HasPrefix(res.Diag, tt.diag) || (tt.want == Accepted && len(res.Output) == 0) {
				t.Errorf("llvm-mc-%d: %s %q, want %s %q…\n%s", v, res.Verdict, res.Diag, tt.want, tt.diag, res.Stderr)
			}
		}
	}
	for _, target := range []struct{ format, arch, asm string }{
		{"elf", "x86_64", good},
		{"elf", "aarch64", "\t.section\t.mydata,\"aw\",@progbits\n\t.globl\tg\ng:\n\t.word\t1\n"},
		{"coff", "x86_64", "\t.section\t.mydata,\"dw\"\n\t.globl\tg\ng:\n\t.long\t1\n"},
		{"coff", "i686", "\t.section\t.mydata,\"dw\"\n\t.globl\t_g\n_g:\n\t.long\t1\n"},
	} {
		as, err := FindGAS(target.format, target.arch)
		if err != nil {
			t.Fatalf("%v", err)
		}
		res, err := as.Assemble(context.Background(), target.asm)
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != Accepted || len(res.Output) == 0 {
			t.Errorf("%s: %s %q\n%s", as.Name(), res.Verdict, res.Diag, res.Stderr)
		}
		res, err = as.Assemble(context.Background(), "\t.section\ta b\n")
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != Error || !strings.HasPrefix(res.Diag, "Error: ") {
			t.Errorf("%s on a bad name: %s %q, want an Error: line\n%s", as.Name(), res.Verdict, res.Diag, res.Stderr)
		}
	}
}

func TestNoGAS(t *testing.T) {
	for _, tt := range []struct{ format, arch, want string }{
		{"macho", "x86_64", "Debian ships no GNU as for macho objects on x86_64"},
		{"wasm", "wasm32", "Debian ships no GNU as for wasm objects on wasm32"},
		{"coff", "aarch64", "Debian ships no GNU as for coff objects on aarch64"},
	} {
		_, err := FindGAS(tt.format, tt.arch)
		var no *NoGASError
		if !errors.As(err, &no) || err.Error() != tt.want {
			t.Errorf("FindGAS(%s, %s) = %v, want %q", tt.format, tt.arch, err, tt.want)
		}
	}
}

// TestClang compiles C with clang of every version: accepted, rejected by
// Sema (a located diagnostic), and aborted in the backend (reported like
// llc's LLVM ERROR).
func TestClang(t *testing.T) {
	for _, v := range []int{14, 19, 22} {
		cl, err := NewClang(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name, triple, src string
			want              Verdict
			diag              string
			frontEnd          bool
		}{
			{"accepted", "x86_64-unknown-linux-gnu", "int g __attribute__((section(\".x\"))) = 1;\n", Accepted, "", false},
			{"sema", "x86_64-apple-macosx10.15", "int g __attribute__((section(\".x\"))) = 1;\n", Error,
				"error: argument to 'section' attribute is not valid for this target: mach-o section specifier requires a segment and section separated by a comma", true},
			{"backend", "x86_64-apple-macosx10.15", "int g __attribute__((section(\"__DATA,__data,cstring_literals\"))) = 1;\n", Fatal,
				"LLVM ERROR: Global variable 'g' section type or attributes does not match previous section specifier", false},
			{"assembler", "x86_64-unknown-linux-gnu", "int g __attribute__((section(\".bss\"))) = 1;\n", Error, "error: ", false},
		} {
			res, err := cl.Compile(context.Background(), tt.triple, tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tt.want || !strings.HasPrefix(res.Diag, tt.diag) || FrontEndDiag(res.Stderr) != tt.frontEnd {
				t.Errorf("clang-%d %s: %s %q (front end %v), want %s %q (%v)\n%s", v, tt.name, res.Verdict, res.Diag, FrontEndDiag(res.Stderr), tt.want, tt.diag, tt.frontEnd, res.Stderr)
			}
		}
	}
}
