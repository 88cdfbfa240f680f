package toolchain

import "fmt"

// NewDefault returns the compiler sectfuzz uses unless told otherwise: a
// pool of n persistent workers for LLVM v, or, when exec is set or the
// worker cannot be built here (no llvm-N-dev, no C++ compiler), plain llc
// processes. note says why it fell back ("" when it did not).
func NewDefault(v, n int, exec bool) (c Compiler, note string, err error) {
	if !exec {
		var p *Pool
		if n <= 1 {
			w, werr := NewWorker(v)
			if werr == nil {
				return w, "", nil
			}
			err = werr
		} else if p, err = NewPool(v, n); err == nil {
			return p, "", nil
		}
	}
	llc, lerr := NewLLC(v)
	if lerr != nil {
		return nil, "", lerr
	}
	if err != nil {
		note = fmt.Sprintf("persistent worker for LLVM %d unavailable (%v); running llc per input", v, err)
	}
	return llc, note, nil
}
