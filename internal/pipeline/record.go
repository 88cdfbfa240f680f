package pipeline

import (
	"context"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// Recorder stores divergences as findings: the last step of the loop.
type Recorder struct {
	Store *findings.Store
	// Known maps LLVM versions to their known-divergence lists.
	Known map[int]findings.Known
	// CompilerFor, when set, gives the compiler of an LLVM version, used
	// to minimize a divergence before it is first stored; a signature
	// already stored with a minimized reproducer is only counted.
	CompilerFor func(v int) (toolchain.Compiler, error)
	// MinimizeSteps bounds each minimization (DefaultMinimizeSteps if 0).
	MinimizeSteps int
	// Options are the oracle options the results were checked with.
	Options oracle.Options
	// Path names the road the result came from ("obj" when empty).
	Path string
}

// Recorded says what happened to one divergence.
type Recorded struct {
	Signature string
	// Dir is the finding's directory.
	Dir string
	// New is true when the store had not seen the signature.
	New bool
	// Known is the known-list reason, "" when the signature is not known.
	Known string
}

// Record stores r's divergence (r must have one) and reports whether it is
// new and whether it is known.
func (rec *Recorder) Record(ctx context.Context, r Result) (Recorded, error) {
	explained := ""
	if rec.Options.Spec {
		explained = explainedBy(r)
	}
	if rec.CompilerFor != nil && !r.Minimized && rec.needsMinimizing(r, explained) {
		comp, err := rec.CompilerFor(r.Case.LLVM)
		if err != nil {
			return Recorded{}, err
		}
		steps := rec.MinimizeSteps
		if steps == 0 {
			steps = DefaultMinimizeSteps
		}
		m, err := Minimize(ctx, comp, r, rec.Options, steps)
		if err != nil {
			return Recorded{}, err
		}
		r = m
	}
	f := ToFinding(r, rec.pathName())
	if rec.Options.Spec {
		f.ExplainedBy = explainedBy(r) // of the minimized case
	}
	if f.ExplainedBy != "" {
		// The cause is known: sign by it, keep the divergence's own
		// signature as an alternate.
		f.AltSignatures = []string{f.Signature}
		f.Signature = diff.CauseSignature(r.Divergence.Format, r.Divergence.Class, f.ExplainedBy)
	}
	sig, isNew, err := rec.Store.Save(f, r.IR)
	if err != nil {
		return Recorded{}, err
	}
	known := rec.Known[r.Case.LLVM][sig]
	if known == "" && f.ExplainedBy != "" {
		// Compared with the spec alone, LLVM did exactly what a modeled
		// deviation says: a known behaviour, recorded, not a new one.
		known = "modeled deviation " + f.ExplainedBy
	}
	return Recorded{Signature: sig, Dir: rec.Store.Dir + "/" + sig, New: isNew, Known: known}, nil
}

// explainedBy names the deviations that make the oracle predict exactly
// what LLVM did, for a divergence from the spec alone; "" when none do.
func explainedBy(r Result) string {
	o := oracle.Predict(r.Case, oracle.Options{})
	if o.Deviation == "" || !diff.Equal(o, r.Actual) {
		return ""
	}
	return o.Deviation
}

// needsMinimizing is false when the store already holds this signature,
// or this root cause, with a minimized reproducer: a repeat is only
// counted.
func (rec *Recorder) needsMinimizing(r Result, explained string) bool {
	if old, err := rec.Store.Load(r.Divergence.Signature()); err == nil && old.Minimized {
		return false
	}
	if explained != "" {
		if sig := rec.Store.RootCause(string(r.Divergence.Format), explained); sig != "" {
			// A minimized finding of this cause exists: just count.
			if old, err := rec.Store.Load(sig); err == nil && old.Minimized {
				return false
			}
		}
	}
	return true
}

func (rec *Recorder) pathName() string {
	if rec.Path == "" {
		return "obj"
	}
	return rec.Path
}

// IsKnown reports whether signature sig is on LLVM v's known list.
func (rec *Recorder) IsKnown(v int, sig string) bool {
	_, ok := rec.Known[v][sig]
	return ok
}

// ToFinding describes a divergent result as a finding.
func ToFinding(r Result, path string) findings.Finding {
	d := r.Divergence
	return findings.Finding{
		Signature:     d.Signature(),
		Title:         d.Title,
		Class:         string(d.Class),
		Format:        string(d.Format),
		Triple:        r.Case.Triple,
		LLVM:          r.Case.LLVM,
		Versions:      []int{r.Case.LLVM},
		Paths:         []string{path},
		Case:          r.Case,
		Global:        d.Global,
		Rule:          d.Rule,
		Deviation:     r.Predicted.Deviation,
		Expected:      r.Predicted,
		Actual:        r.Actual,
		ExpectedWords: d.Expected,
		ActualWords:   d.Actual,
		Command:       ReproCommand(r.Case.Triple, r.Case.LLVM, r.Actual.Verdict),
		Stderr:        FirstLines(r.Run.Stderr, 12),
		Count:         1,
		Minimized:     r.Minimized,
		Flaky:         r.Flaky,
	}
}

// ReproCommand is the shell command that shows the actual outcome from a
// finding's repro.ll with the Debian-packaged tools.
func ReproCommand(triple string, llvm int, v oracle.Verdict) string {
	llc := "llc-" + strconv.Itoa(llvm)
	base := llc + " -mtriple=" + shellQuote(triple) + " -O0 -filetype=obj repro.ll -o repro.o"
	if llvm < 15 {
		base = llc + " -mtriple=" + shellQuote(triple) + " -O0 -opaque-pointers -filetype=obj repro.ll -o repro.o"
	}
	if v == oracle.Accepted {
		return base + " && llvm-readobj-" + strconv.Itoa(llvm) + " --sections --symbols repro.o"
	}
	return "LLVM_DISABLE_SYMBOLIZATION=1 " + base
}

// FirstLines keeps the first n lines of a tool's output for a report.
func FirstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " '\"$\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
