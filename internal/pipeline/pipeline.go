// Package pipeline runs one case through the whole sectfuzz loop: render
// the IR, compile it with a real LLVM, read the object back into the
// oracle's vocabulary, predict, and compare. Fuzz targets, `sectfuzz check`
// and triage all go through Check, so they agree on what a divergence is.
package pipeline

import (
	"context"
	"fmt"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/internal/object"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// Result is one checked case.
type Result struct {
	Case oracle.Case
	// IR is the module text that was compiled.
	IR string
	// Predicted is the oracle's answer for the compiler's LLVM version.
	Predicted oracle.Outcome
	// Actual is what the real tools did, in the oracle's vocabulary.
	Actual oracle.Outcome
	// Run is the raw tool result (stderr, command, timing).
	Run toolchain.Result
	// Divergence is nil when prediction and reality agree.
	Divergence *diff.Divergence
	// Minimized is true when the minimizer produced this result.
	Minimized bool
	// Flaky is true when re-running the case did not reproduce the
	// divergence's signature.
	Flaky bool
}

// Check renders c, compiles it with comp, reads the object and compares it
// with the oracle. c.LLVM is set to the compiler's version. The error is
// for sectfuzz's own failures only (unrenderable case, missing tool, full
// disk); everything LLVM does is in the Result.
func Check(ctx context.Context, comp toolchain.Compiler, c oracle.Case, opt oracle.Options) (Result, error) {
	c.LLVM = comp.Version()
	ir, err := irgen.Render(c)
	if err != nil {
		return Result{}, fmt.Errorf("rendering IR: %w", err)
	}
	return CheckIR(ctx, comp, c, ir, opt)
}

// CheckIR is Check for a module whose text is already known (a .ll file
// given by the user); c must describe the same module.
func CheckIR(ctx context.Context, comp toolchain.Compiler, c oracle.Case, ir string, opt oracle.Options) (Result, error) {
	c.LLVM = comp.Version()
	run, err := comp.Compile(ctx, toolchain.Request{Triple: c.Triple, IR: ir})
	if err != nil {
		return Result{}, err
	}
	r := Result{Case: c, IR: ir, Run: run, Predicted: oracle.Predict(c, opt)}
	r.Actual = Observe(c, run)
	r.Divergence = diff.Compare(oracle.TripleFor(c.Triple, c.LLVM).Format, r.Predicted, r.Actual)
	return r, nil
}

// Observe turns a tool result into an outcome: the verdict and diagnostic,
// and for accepted runs the section of each global's symbol.
func Observe(c oracle.Case, run toolchain.Result) oracle.Outcome {
	out := oracle.Outcome{Verdict: oracle.Verdict(run.Verdict), Diag: run.Diag}
	if run.Verdict != toolchain.Accepted {
		return out
	}
	f, err := object.Read(run.Output)
	if err != nil {
		// An object sectfuzz cannot read is LLVM writing garbage or a
		// reader bug; either way it must be looked at, so it is a crash.
		return oracle.Outcome{Verdict: oracle.Crash, Diag: oracle.UnreadableObject}
	}
	tr := oracle.TripleFor(c.Triple, c.LLVM)
	for _, g := range c.Globals {
		if g.Declaration {
			continue
		}
		sec, ok := f.SectionOf(tr.ObjectSymbol(g))
		if !ok {
			continue
		}
		if out.Placements == nil {
			out.Placements = map[string]oracle.Placement{}
		}
		out.Placements[g.Name] = oracle.Placement{
			Name:    sec.Name,
			Segment: sec.Segment,
			Type:    sec.Type,
			Flags:   oracle.JoinFlags(sec.Flags...),
		}
	}
	return out
}
