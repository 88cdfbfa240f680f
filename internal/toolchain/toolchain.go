// Package toolchain finds the real LLVM tools of each version and runs them
// the way sectfuzz needs: in a fresh temporary directory, with a time limit,
// with LLVM's crash symbolizer and crash reports off, and with the result
// classified into one verdict (accepted, error, fatal, crash, timeout,
// unsupported).
//
// Each external tool gets one small type behind the Compiler interface, so
// the rest of sectfuzz never builds a command line itself: LLC (llc.go) runs
// one llc process per input; Worker and Pool (llcbatch.go) compile in
// long-lived worker processes, 50-100 times faster, with llc's answers.
//
// The worker (worker/worker.cpp) is C++ against each LLVM version's own
// headers, built on first use by WorkerBinary. Not cgo: a fatal error or a
// crash inside LLVM must not take the Go process with it, and three LLVM
// versions cannot share one address space. Not the LLVM-C API: what llc
// does is C++ the C API cannot reach (llc's target options, e.g. data
// sections on by default for XCOFF, which LLVMCreateTargetMachine leaves
// off; its diagnostic handler, which prints MC-layer errors differently from
// other errors; the verifier run before code generation), so the worker is
// llc's own compileModule in a loop, and a test (TestWorkerMatchesLLC)
// checks its answers against llc over the corpus for every format and
// version.
package toolchain

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// Verdict is the classified result of one tool run. Its values are the
// oracle's verdict words.
type Verdict string

const (
	Accepted    Verdict = "accepted"
	Error       Verdict = "error"
	Fatal       Verdict = "fatal"
	Crash       Verdict = "crash"
	Timeout     Verdict = "timeout"
	Unsupported Verdict = "unsupported"
)

// DefaultTimeout bounds one tool run. llc compiles a small module in
// ~15 ms; anything near a second is a hang worth reporting.
const DefaultTimeout = 10 * time.Second

// Request is one module to compile.
type Request struct {
	// Triple is passed as -mtriple.
	Triple string
	// IR is the module's text.
	IR string
	// Asm asks for assembly (-filetype=asm) instead of an object.
	Asm bool
	// Args are extra tool flags (e.g. -opaque-pointers for LLVM 14).
	Args []string

	// crashForTest makes the persistent worker die of a real fault while
	// compiling (tests of crash handling only).
	crashForTest bool
	// isolate asks the persistent worker to compile in a forked child
	// with LLVM's own fatal error behaviour (set by Worker.Compile).
	isolate bool
}

// Result is what one run produced. A tool that crashed or rejected the
// input is a Result, not a Go error: Go errors are for sectfuzz's own
// trouble (tool missing, disk full).
type Result struct {
	Verdict Verdict
	// Diag is the first `error:` or `LLVM ERROR:` line, without the
	// tool/file prefix before `error:`.
	Diag string
	// Stderr is the tool's whole diagnostic output.
	Stderr string
	// Output is the object file (or assembly text) for accepted runs.
	Output []byte
	// ExitCode is the process's exit status, -1 when killed by a signal.
	ExitCode int
	// Signal names the signal that ended the process, if any.
	Signal string
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
	// Command is the command line that reproduces the run, with the input
	// file named in.ll.
	Command string
}

// Compiler turns IR into an object file. Implementations: LLC (one llc
// process per input) and the persistent worker.
type Compiler interface {
	// Compile runs one request. The error is non-nil only when sectfuzz
	// itself failed; every outcome of LLVM is in the Result.
	Compile(ctx context.Context, req Request) (Result, error)
	// Version is the LLVM major version.
	Version() int
	// Close releases the compiler's processes.
	Close() error
}

// env is the environment every LLVM tool runs with: no symbolizer (a fatal
// error would otherwise spend ~1 s symbolizing), no crash-report files.
func env() []string {
	return append(os.Environ(), "LLVM_DISABLE_SYMBOLIZATION=1", "LLVM_DISABLE_CRASH_REPORT=1")
}

// FindTool locates LLVM tool name of major version v. It looks, in order,
// in $SECTFUZZ_LLVM_<v> (a bin directory), /usr/lib/llvm-<v>/bin, and for
// <name>-<v> on PATH.
func FindTool(name string, v int) (string, error) {
	var tried []string
	if dir := os.Getenv("SECTFUZZ_LLVM_" + strconv.Itoa(v)); dir != "" {
		p := filepath.Join(dir, name)
		if isExecutable(p) {
			return p, nil
		}
		tried = append(tried, p)
	}
	p := filepath.Join("/usr/lib", "llvm-"+strconv.Itoa(v), "bin", name)
	if isExecutable(p) {
		return p, nil
	}
	tried = append(tried, p)
	if p, err := exec.LookPath(fmt.Sprintf("%s-%d", name, v)); err == nil {
		return p, nil
	}
	tried = append(tried, fmt.Sprintf("%s-%d on PATH", name, v))
	return "", &MissingToolError{Name: name, Version: v, Tried: tried}
}

// MissingToolError says which tool is missing and where sectfuzz looked.
type MissingToolError struct {
	Name    string
	Version int
	Tried   []string
}

func (e *MissingToolError) Error() string {
	return fmt.Sprintf("%s of LLVM %d not found (looked at %v); install it with `make deps` or set SECTFUZZ_LLVM_%d to its bin directory",
		e.Name, e.Version, e.Tried, e.Version)
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}
