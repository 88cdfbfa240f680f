package toolchain

import (
	"context"
	"time"
)

// LLC compiles by running one llc process per input: slow (~15 ms each,
// mostly loading libLLVM) but exactly what users run.
type LLC struct {
	path    string
	version int
	// Timeout bounds each run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// NewLLC finds llc of LLVM major version v.
func NewLLC(v int) (*LLC, error) {
	p, err := FindTool("llc", v)
	if err != nil {
		return nil, err
	}
	return &LLC{path: p, version: v}, nil
}

// Version is the LLVM major version.
func (l *LLC) Version() int { return l.version }

// Path is the llc binary.
func (l *LLC) Path() string { return l.path }

// Close does nothing: each run is its own process.
func (l *LLC) Close() error { return nil }

// Args returns the llc arguments for req, reading in.ll and writing out.o
// (or out.s), as used by Compile and printed in reports.
func (l *LLC) Args(req Request) []string {
	args := []string{"-mtriple=" + req.Triple, "-O0"}
	args = append(args, versionArgs(l.version)...)
	if req.Asm {
		args = append(args, "-filetype=asm", "-o", "out.s")
	} else {
		args = append(args, "-filetype=obj", "-o", "out.o")
	}
	args = append(args, req.Args...)
	return append(args, "in.ll")
}

// Compile runs llc on req.
func (l *LLC) Compile(ctx context.Context, req Request) (Result, error) {
	out := "out.o"
	if req.Asm {
		out = "out.s"
	}
	return run(ctx, invocation{
		path:    l.path,
		args:    l.Args(req),
		files:   map[string][]byte{"in.ll": []byte(req.IR)},
		output:  out,
		timeout: l.Timeout,
	})
}

// versionArgs are the llc options a version always needs; the persistent
// worker passes the same ones to LLVM's option parser.
func versionArgs(v int) []string {
	if v < 15 {
		// LLVM 14 parses `ptr` only with opaque pointers switched on.
		return []string{"-opaque-pointers"}
	}
	return nil
}
