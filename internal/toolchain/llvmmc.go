package toolchain

import (
	"context"
	"time"
)

// LLVMMC assembles llc's assembly with llvm-mc of the same LLVM version:
// the second half of the assembly road (llc -filetype=asm, then llvm-mc
// -filetype=obj), which must give the object llc writes directly.
type LLVMMC struct {
	path    string
	version int
	// Timeout bounds each run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// NewLLVMMC finds llvm-mc of LLVM major version v.
func NewLLVMMC(v int) (*LLVMMC, error) {
	p, err := FindTool("llvm-mc", v)
	if err != nil {
		return nil, err
	}
	return &LLVMMC{path: p, version: v}, nil
}

// Version is the LLVM major version.
func (m *LLVMMC) Version() int { return m.version }

// Path is the llvm-mc binary.
func (m *LLVMMC) Path() string { return m.path }

// Args returns the llvm-mc arguments that assemble in.s for triple into
// out.o, as used by Assemble and printed in reports.
func (m *LLVMMC) Args(triple string) []string {
	return []string{"-triple", triple, "-filetype=obj", "-o", "out.o", "in.s"}
}

// Assemble runs llvm-mc on asm. An assembler that rejects the text is a
// Result with an error verdict, not a Go error.
func (m *LLVMMC) Assemble(ctx context.Context, triple, asm string) (Result, error) {
	return run(ctx, invocation{
		path:    m.path,
		args:    m.Args(triple),
		files:   map[string][]byte{"in.s": []byte(asm)},
		output:  "out.o",
		timeout: m.Timeout,
	})
}
