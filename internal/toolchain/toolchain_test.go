package toolchain

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		exit     int
		signaled bool
		stderr   string
		verdict  Verdict
		diag     string
	}{
		{"accepted", 0, false, "", Accepted, ""},
		{"error", 1, false, "llc-19: in.ll:1:2: error: expected type\n", Error, "error: expected type"},
		{"mc error", 1, false, "<unknown>:0: error: BSS section '.bss' cannot have non-zero bytes\n", Error, "error: BSS section '.bss' cannot have non-zero bytes"},
		{"fatal", 134, false, "LLVM ERROR: Global variable 'g' has an invalid section specifier 'x': y.\nPLEASE submit a bug report\n", Fatal, "LLVM ERROR: Global variable 'g' has an invalid section specifier 'x': y."},
		{"fatal by signal", -1, true, "LLVM ERROR: boom\nStack dump:\n", Fatal, "LLVM ERROR: boom"},
		{"unsupported", 134, false, "LLVM ERROR: 64-bit XCOFF object files are not supported yet.\n", Unsupported, "LLVM ERROR: 64-bit XCOFF object files are not supported yet."},
		{"segfault 22", -1, true, "PLEASE submit a bug report\nStack dump:\n0.\tProgram arguments: llc-22\n0  libLLVM.so.22.1 0x00007f41e08b8786 llvm::sys::PrintStackTrace(llvm::raw_ostream&, int) + 54\n1  libLLVM.so.22.1 0x00007f41e08b5fd3 llvm::sys::RunSignalHandlers() + 131\n2  libLLVM.so.22.1 0x00007f41e08b94f4\n3  libc.so.6       0x00007f41db85a050\n4  libLLVM.so.22.1 0x00007f41e2340588 llvm::GOFFObjectWriter::writeObject() + 3496\n5  libLLVM.so.22.1 0x00007f41e2356903 llvm::MCAssembler::Finish() + 19\n", Crash, "crash in llvm::GOFFObjectWriter::writeObject()"},
		{"segfault 14", 139, false, "Stack dump:\n/lib/x86_64-linux-gnu/libLLVM-14.so.1(_ZN4llvm3sys15PrintStackTraceERNS_11raw_ostreamEi+0x31)[0x7f1e95ea5291]\n/lib/x86_64-linux-gnu/libLLVM-14.so.1(+0xea57c6)[0x7f1e95ea57c6]\n/lib/x86_64-linux-gnu/libc.so.6(+0x3c050)[0x7f1e94a5a050]\n/lib/x86_64-linux-gnu/libLLVM-14.so.1(_ZN4llvm11MCAssembler6layoutERNS_11MCAsmLayoutE+0x1f1)[0x7f1e974008d1]\n", Crash, "crash in _ZN4llvm11MCAssembler6layoutERNS_11MCAsmLayoutE"},
		{"unnamed frames", -1, true, "Stack dump:\n0  libLLVM.so.19.1 0x00007f26a86b73c6 llvm::sys::PrintStackTrace(llvm::raw_ostream&, int) + 54\n3  libc.so.6 0x00007f26a765a050\n4  llc-worker 0x000055e38ef9dda0\n6  libc.so.6 0x00007f26a7645305 __libc_start_main + 133\n", Crash, "crash without a named frame"},
		{"no backend", 1, false, "llc: error: unable to get target for 'csky-unknown-linux-gnu', see --version and --triple.\n", Unsupported, "error: unable to get target for 'csky-unknown-linux-gnu', see --version and --triple."},
		{"error then abort", 134, false, "error: invalid symbol name from source\nLLVM ERROR: XCOFF other section types not yet implemented.\n", Fatal, "error: invalid symbol name from source"},
		{"error then unsupported", 134, false, "error: invalid symbol name from source\nLLVM ERROR: 64-bit XCOFF object files are not supported yet.\n", Unsupported, "LLVM ERROR: 64-bit XCOFF object files are not supported yet."},
		{"assertion", 134, false, "llc: X.cpp:1: void f(): Assertion `x' failed.\n", Crash, "llc: X.cpp:1: void f(): Assertion `x' failed."},
		{"silent failure", 2, false, "", Crash, "exit status 2 without a diagnostic"},
		{"first of several", 1, false, "warning: w\n<unknown>:0: error: first\n<unknown>:0: error: second\n", Error, "error: first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, d := Classify(tt.exit, tt.signaled, tt.stderr)
			if v != tt.verdict || d != tt.diag {
				t.Errorf("Classify = %s %q, want %s %q", v, d, tt.verdict, tt.diag)
			}
		})
	}
}

// TestLLCVerdicts runs the real llc of every version on one accepted, one
// rejected and one aborting module.
func TestLLCVerdicts(t *testing.T) {
	for _, v := range []int{14, 19, 22} {
		llc, err := NewLLC(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			triple, ir string
			want       Verdict
			diag       string
		}{
			{"x86_64-unknown-linux-gnu", "@g = global i32 1, section \".x\"\n", Accepted, ""},
			{"x86_64-unknown-linux-gnu", "@g = global i32 1, section \".bss\"\n", Error, "error: "},
			{"x86_64-apple-macosx10.15", "@g = global i32 1, section \".x\"\n", Fatal, "LLVM ERROR: Global variable 'g' has an invalid section specifier '.x'"},
			{"x86_64-unknown-linux-gnu", "this is not IR\n", Error, "error: expected top-level entity"},
		} {
			res, err := llc.Compile(context.Background(), Request{Triple: tt.triple, IR: tt.ir})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tt.want || !strings.HasPrefix(res.Diag, tt.diag) {
				t.Errorf("llc-%d %s %q: %s %q, want %s %q…\n%s", v, tt.triple, tt.ir, res.Verdict, res.Diag, tt.want, tt.diag, res.Stderr)
			}
			if tt.want == Accepted && len(res.Output) == 0 {
				t.Errorf("llc-%d accepted without an object", v)
			}
			if strings.Contains(res.Stderr, "llvm-symbolizer") && strings.Contains(res.Stderr, "Symbolizing") {
				t.Errorf("llc-%d symbolized its crash: LLVM_DISABLE_SYMBOLIZATION not set", v)
			}
		}
	}
}

// TestTimeout: a tool that hangs is killed and reported, with its whole
// process group.
func TestTimeout(t *testing.T) {
	start := time.Now()
	res, err := run(context.Background(), invocation{path: "/bin/sh", args: []string{"-c", "sleep 30 & sleep 30"}, timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != Timeout || !strings.Contains(res.Diag, "timeout") {
		t.Errorf("verdict %s %q, want timeout", res.Verdict, res.Diag)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("the hung tool was not killed promptly")
	}
}

func TestMissingTool(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := FindTool("no-such-llvm-tool", 19)
	var missing *MissingToolError
	if !errors.As(err, &missing) || !strings.Contains(err.Error(), "make deps") {
		t.Fatalf("err = %v, want a MissingToolError that says how to install", err)
	}
}
