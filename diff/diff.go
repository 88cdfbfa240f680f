// Package diff compares the oracle's prediction with what the real LLVM
// tools did, and classifies a disagreement into a Divergence with a stable
// signature.
//
// go-cmp decides equality; the classification and the signature are this
// package's own code. go-cmp's Diff text is deliberately unstable and never
// reaches a signature or a golden file.
package diff

import (
	"sort"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// Class says which part of the outcome disagreed.
type Class string

const (
	// ClassVerdict: accepted vs error vs fatal vs unsupported.
	ClassVerdict Class = "verdict"
	// ClassDiagnostic: same verdict, different diagnostic text.
	ClassDiagnostic Class = "diagnostic"
	// ClassName: a global landed in a differently named section (or in
	// none, or in one the oracle did not expect).
	ClassName Class = "name"
	// ClassSegment: same section name, different Mach-O segment.
	ClassSegment Class = "segment"
	// ClassType: same section, different section type.
	ClassType Class = "type"
	// ClassFlags: same section and type, different flags.
	ClassFlags Class = "flags"
	// ClassCrash: LLVM crashed (a signal without LLVM ERROR).
	ClassCrash Class = "crash"
	// ClassTimeout: LLVM hung.
	ClassTimeout Class = "timeout"
	// ClassPath: two roads to an object (llc obj, asm round trip, clang)
	// disagree with each other.
	ClassPath Class = "path"
	// ClassVersion: the same input behaves differently across LLVM
	// versions in a way no deviation explains.
	ClassVersion Class = "version"
)

// Divergence is one disagreement between prediction and reality.
type Divergence struct {
	Class  Class
	Format oracle.Format
	// Rule is the oracle rule that made the prediction (for the global
	// concerned, when one is).
	Rule string
	// Global is the global whose placement differs ("" for verdict,
	// diagnostic, crash and timeout divergences).
	Global string
	// Expected and Actual are the values that differ, in words (a verdict,
	// a diagnostic, a section name, a flag list).
	Expected, Actual string
	// ExpectedVerdict and ActualVerdict are the two verdicts.
	ExpectedVerdict, ActualVerdict oracle.Verdict
	// Cause is the diagnostic that names what LLVM did differently: the
	// actual one when LLVM rejected, the expected one when LLVM accepted
	// what the rules reject.
	Cause string
	// Title is a one-line normalized description (capped for display);
	// the signature is derived from its uncapped form.
	Title string
	key   string
}

// outcomeOpts compare outcomes on what the object and the diagnostics
// show: rule and deviation names are the oracle's own bookkeeping.
var outcomeOpts = cmp.Options{
	cmpopts.IgnoreFields(oracle.Outcome{}, "Rule", "Deviation", "Rules"),
	cmpopts.EquateEmpty(),
}

// Equal reports whether a prediction and an actual outcome agree.
func Equal(pred, actual oracle.Outcome) bool {
	return cmp.Equal(pred, actual, outcomeOpts)
}

// Compare returns the first divergence between the prediction and the
// actual outcome for a module of format f, or nil when they agree.
// Placements are compared global by global in name order, so the result is
// deterministic.
func Compare(f oracle.Format, pred, actual oracle.Outcome) *Divergence {
	if Equal(pred, actual) {
		return nil
	}
	d := &Divergence{Format: f, Rule: pred.Rule, ExpectedVerdict: pred.Verdict, ActualVerdict: actual.Verdict, Cause: actual.Diag}
	if actual.Diag == "" {
		d.Cause = pred.Diag
	}
	switch {
	case actual.Verdict == oracle.Crash && pred.Verdict != oracle.Crash:
		d.Class, d.Expected, d.Actual = ClassCrash, string(pred.Verdict), actual.Diag
	case actual.Verdict == oracle.Timeout && pred.Verdict != oracle.Timeout:
		d.Class, d.Expected, d.Actual = ClassTimeout, string(pred.Verdict), actual.Diag
	case pred.Verdict != actual.Verdict:
		d.Class, d.Expected, d.Actual = ClassVerdict, verdictWords(pred), verdictWords(actual)
	case pred.Diag != actual.Diag:
		d.Class, d.Expected, d.Actual = ClassDiagnostic, pred.Diag, actual.Diag
	default:
		comparePlacements(d, pred, actual)
		if d.Class == "" {
			return nil // only ignored fields differed
		}
	}
	d.Title = title(d)
	return d
}

func verdictWords(o oracle.Outcome) string {
	if o.Diag == "" {
		return string(o.Verdict)
	}
	return string(o.Verdict) + ": " + o.Diag
}

// comparePlacements fills d with the first placement that differs.
func comparePlacements(d *Divergence, pred, actual oracle.Outcome) {
	names := map[string]bool{}
	for n := range pred.Placements {
		names[n] = true
	}
	for n := range actual.Placements {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		p, pok := pred.Placements[n]
		a, aok := actual.Placements[n]
		d.Global = n
		if r, ok := pred.Rules[n]; ok {
			d.Rule = r
		}
		switch {
		case !pok:
			d.Class, d.Expected, d.Actual = ClassName, "(no section)", a.Name
		case !aok:
			d.Class, d.Expected, d.Actual = ClassName, p.Name, "(no section)"
		case p.Name != a.Name:
			d.Class, d.Expected, d.Actual = ClassName, p.Name, a.Name
		case p.Segment != a.Segment:
			d.Class, d.Expected, d.Actual = ClassSegment, p.Segment, a.Segment
		case p.Type != a.Type:
			d.Class, d.Expected, d.Actual = ClassType, p.Type, a.Type
		case p.Flags != a.Flags:
			d.Class, d.Expected, d.Actual = ClassFlags, p.Flags, a.Flags
		default:
			continue
		}
		return
	}
	d.Global = ""
}
