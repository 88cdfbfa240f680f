package toolchain

import (
	"context"
	"strings"
	"time"
)

// Clang compiles a C file to an object with clang of one LLVM version: the
// third road to an object, through clang's own front end (Sema checks,
// CodeGen's section attributes) and then the same backend as llc.
type Clang struct {
	path    string
	version int
	// Timeout bounds each run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// NewClang finds clang of LLVM major version v.
func NewClang(v int) (*Clang, error) {
	p, err := FindTool("clang", v)
	if err != nil {
		return nil, err
	}
	return &Clang{path: p, version: v}, nil
}

// Version is the LLVM major version.
func (c *Clang) Version() int { return c.version }

// Path is the clang binary.
func (c *Clang) Path() string { return c.path }

// Args returns the clang arguments that compile in.c for triple into out.o.
// The integrated assembler is forced: clang 14 hands AIX objects to the
// system's `as` otherwise (GNU as here, which rejects AIX options).
// Warnings are off and carets too, so that no echoed source line (which
// holds the section string) can look like a diagnostic; crash diagnostics
// are off so that a backend abort leaves no reproducer files in /tmp.
func (c *Clang) Args(triple string) []string {
	return []string{"-c", "--target=" + triple, "-O0", "-x", "c", "-fintegrated-as",
		"-w", "-fno-caret-diagnostics", "-fno-color-diagnostics", "-fno-crash-diagnostics",
		"-o", "out.o", "in.c"}
}

// Compile runs clang on the C source src. clang reports a backend abort as
// `fatal error: error in backend: X` and exits 1; Compile gives it the
// verdict llc has for the same abort (fatal, `LLVM ERROR: X`), so the two
// roads compare.
func (c *Clang) Compile(ctx context.Context, triple, src string) (Result, error) {
	res, err := run(ctx, invocation{
		path:    c.path,
		args:    c.Args(triple),
		files:   map[string][]byte{"in.c": []byte(src)},
		output:  "out.o",
		timeout: c.Timeout,
	})
	if err != nil || res.Verdict == Accepted || res.Verdict == Timeout {
		return res, err
	}
	res.Verdict, res.Diag = classifyClang(res.Verdict, res.Diag, res.Stderr)
	return res, nil
}

// classifyClang refines Classify for clang's driver, which catches the
// backend's report_fatal_error and crashes of its cc1 process.
func classifyClang(v Verdict, diag, stderr string) (Verdict, string) {
	const backend = "fatal error: error in backend: "
	for _, line := range strings.Split(stderr, "\n") {
		if i := strings.Index(line, backend); i >= 0 {
			msg := strings.TrimRight(line[i+len(backend):], "\r")
			for _, u := range unsupportedFatal {
				if strings.Contains(msg, u) {
					return Unsupported, "LLVM ERROR: " + msg
				}
			}
			return Fatal, "LLVM ERROR: " + msg
		}
	}
	if strings.Contains(stderr, "clang frontend command failed due to signal") ||
		(strings.Contains(stderr, "clang frontend command failed with exit code") && strings.Contains(stderr, "Stack dump:")) {
		if diag == "" || strings.Contains(diag, "clang frontend command failed") {
			diag = crashDiag(stderr)
		}
		return Crash, diag
	}
	return v, diag
}

// FrontEndDiag reports whether a clang diagnostic line came from the front
// end (it points into the source file) rather than the backend or the
// integrated assembler (which have no source location).
func FrontEndDiag(stderr string) bool {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "error:") {
			return strings.HasPrefix(line, "in.c:")
		}
	}
	return false
}
