package pipeline

import (
	"context"

	"github.com/sectfuzz/sectfuzz/internal/minimize"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// DefaultMinimizeSteps bounds the LLVM runs one minimization may make.
const DefaultMinimizeSteps = 300

// Minimize shrinks a divergent result's case while the same signature
// reproduces with comp. It first re-runs the case: if that gives another
// signature (or none), the result may have been a flake and is returned
// unchanged with Flaky set. The returned result is always one that was
// really observed.
func Minimize(ctx context.Context, comp toolchain.Compiler, r Result, opt oracle.Options, maxSteps int) (Result, error) {
	if r.Divergence == nil {
		return r, nil
	}
	want := r.Divergence.Signature()
	again, err := Check(ctx, comp, r.Case, opt)
	if err != nil {
		return r, err
	}
	if again.Divergence == nil || again.Divergence.Signature() != want {
		r.Flaky = true
		return r, nil
	}
	best := again
	var runErr error
	interesting := func(c oracle.Case) (bool, error) {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		got, err := Check(ctx, comp, c, opt)
		if err != nil {
			// A case irgen cannot render (a dropped global still
			// referenced) is just not interesting; tool trouble is.
			if _, tool := err.(*toolchain.MissingToolError); tool {
				runErr = err
				return false, err
			}
			return false, nil
		}
		if got.Divergence == nil || got.Divergence.Signature() != want {
			return false, nil
		}
		best = got
		return true, nil
	}
	c, err := minimize.Case(r.Case, interesting, maxSteps)
	if runErr != nil {
		return r, runErr
	}
	if err != nil && ctx.Err() == nil {
		return r, err
	}
	// best is the last interesting run; make sure it is the final case.
	if !sameCase(best.Case, c) {
		if got, err := Check(ctx, comp, c, opt); err == nil && got.Divergence != nil && got.Divergence.Signature() == want {
			best = got
		}
	}
	best.Minimized = true
	return best, nil
}

func sameCase(a, b oracle.Case) bool {
	if a.Triple != b.Triple || len(a.Globals) != len(b.Globals) {
		return false
	}
	for i := range a.Globals {
		x, y := a.Globals[i], b.Globals[i]
		if x.Name != y.Name || x.Section != y.Section || x.Kind != y.Kind || x.Linkage != y.Linkage ||
			x.Align != y.Align || x.Comdat != y.Comdat || (x.Init == nil) != (y.Init == nil) {
			return false
		}
	}
	return true
}
