// Package triage compares two LLVM versions on the same inputs: what a
// maintainer reads before moving a project from one LLVM to the next.
// Every input runs through the real llc of both versions (and the oracle
// of each); every difference is classified (newly rejected, newly
// accepted, placement changed, diagnostic changed, fixed divergence, new
// divergence, new crash) and grouped, with the commands that show it.
package triage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// Change classes, worst first.
const (
	NewCrash           = "new crash"
	NewlyRejected      = "newly rejected"
	NewlyAccepted      = "newly accepted"
	PlacementChanged   = "placement changed"
	DiagnosticChanged  = "diagnostic changed"
	NewDivergence      = "new divergence"
	FixedDivergence    = "fixed divergence"
	DivergenceChanged  = "divergence changed"
	classOrderUnranked = 99
)

var classOrder = []string{NewCrash, NewlyRejected, NewlyAccepted, PlacementChanged, DiagnosticChanged, NewDivergence, FixedDivergence, DivergenceChanged}

// Input is one case to compare, with where it came from.
type Input struct {
	Case   oracle.Case
	Origin string // corpus line or finding signature
}

// Change is one input that behaves differently.
type Change struct {
	Classes []string    `json:"classes"`
	Origin  string      `json:"origin"`
	Case    oracle.Case `json:"case"`
	// From and To are the real outcomes; FromDiv and ToDiv the
	// divergence signatures from each version's oracle ("" = agrees).
	From    oracle.Outcome `json:"from"`
	To      oracle.Outcome `json:"to"`
	FromDiv string         `json:"from_divergence,omitempty"`
	ToDiv   string         `json:"to_divergence,omitempty"`
	// Commands reproduce both sides from the module in IR.
	IR       string   `json:"ir"`
	Commands []string `json:"commands"`
}

// Report is the whole comparison.
type Report struct {
	From, To int      `json:"-"`
	Inputs   int      `json:"inputs"`
	Changes  []Change `json:"changes"`
	// Errors are inputs sectfuzz could not run (with the reason).
	Errors []string `json:"errors,omitempty"`
}

// Run compares every input on the two compilers, with jobs in parallel.
func Run(ctx context.Context, from, to toolchain.Compiler, inputs []Input, jobs int) Report {
	rep := Report{From: from.Version(), To: to.Version(), Inputs: len(inputs)}
	type result struct {
		change *Change
		err    string
	}
	results := make([]result, len(inputs))
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < max(jobs, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				ch, err := compare(ctx, from, to, inputs[i])
				if err != nil {
					results[i].err = fmt.Sprintf("%s: %v", inputs[i].Origin, err)
				}
				results[i].change = ch
			}
		}()
	}
	for i := range inputs {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	for _, r := range results {
		if r.err != "" {
			rep.Errors = append(rep.Errors, r.err)
		}
		if r.change != nil {
			rep.Changes = append(rep.Changes, *r.change)
		}
	}
	return rep
}

// compare runs one input on both versions; nil means no change.
func compare(ctx context.Context, from, to toolchain.Compiler, in Input) (*Change, error) {
	a, err := pipeline.Check(ctx, from, in.Case, oracle.Options{})
	if err != nil {
		return nil, err
	}
	b, err := pipeline.Check(ctx, to, in.Case, oracle.Options{})
	if err != nil {
		return nil, err
	}
	classes := Classify(a.Actual, b.Actual, a.Divergence, b.Divergence)
	if len(classes) == 0 {
		return nil, nil
	}
	return &Change{
		Classes: classes, Origin: in.Origin, Case: a.Case,
		From: a.Actual, To: b.Actual, FromDiv: sig(a.Divergence), ToDiv: sig(b.Divergence),
		IR:       a.IR,
		Commands: []string{pipeline.ReproCommand(a.Case.Triple, a.Case.LLVM, a.Actual.Verdict), pipeline.ReproCommand(b.Case.Triple, b.Case.LLVM, b.Actual.Verdict)},
	}, nil
}

func sig(d *diff.Divergence) string {
	if d == nil {
		return ""
	}
	return d.Signature()
}

// Classify names every way the outcome of one input changed from a to b
// (real outcomes) and from da to db (divergences from each version's
// oracle).
func Classify(a, b oracle.Outcome, da, db *diff.Divergence) []string {
	var out []string
	bad := func(v oracle.Verdict) bool { return v == oracle.Crash || v == oracle.Timeout }
	rejected := func(v oracle.Verdict) bool { return v == oracle.Error || v == oracle.Fatal || v == oracle.Unsupported }
	switch {
	case bad(b.Verdict) && !bad(a.Verdict):
		out = append(out, NewCrash)
	case a.Verdict == oracle.Accepted && rejected(b.Verdict):
		out = append(out, NewlyRejected)
	case rejected(a.Verdict) && b.Verdict == oracle.Accepted:
		out = append(out, NewlyAccepted)
	case a.Verdict == oracle.Accepted && b.Verdict == oracle.Accepted && !diff.Equal(a, b):
		out = append(out, PlacementChanged)
	case a.Verdict == b.Verdict && a.Diag != b.Diag:
		out = append(out, DiagnosticChanged)
	case a.Verdict != b.Verdict:
		out = append(out, DiagnosticChanged)
	}
	switch {
	case da == nil && db != nil:
		out = append(out, NewDivergence)
	case da != nil && db == nil:
		out = append(out, FixedDivergence)
	case da != nil && db != nil && da.Signature() != db.Signature():
		out = append(out, DivergenceChanged)
	}
	return out
}

// Group is the changes that look alike: same classes, format, and
// outcome on each side with names normalized.
type Group struct {
	Classes  []string
	Format   oracle.Format
	From, To string // normalized outcome words
	Changes  []Change
}

// Groups folds changes into groups, worst class first, biggest first.
func (r Report) Groups() []Group {
	by := map[string]*Group{}
	var keys []string
	for _, c := range r.Changes {
		f := oracle.ParseTriple(c.Case.Triple).Format
		from, to := words(c.From), words(c.To)
		key := strings.Join(c.Classes, ",") + "|" + string(f) + "|" + from + "|" + to
		g, ok := by[key]
		if !ok {
			g = &Group{Classes: c.Classes, Format: f, From: from, To: to}
			by[key] = g
			keys = append(keys, key)
		}
		g.Changes = append(g.Changes, c)
	}
	out := make([]Group, 0, len(keys))
	for _, k := range keys {
		out = append(out, *by[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, oj := rank(out[i].Classes), rank(out[j].Classes)
		if oi != oj {
			return oi < oj
		}
		return len(out[i].Changes) > len(out[j].Changes)
	})
	return out
}

func rank(classes []string) int {
	best := classOrderUnranked
	for _, c := range classes {
		for i, o := range classOrder {
			if c == o && i < best {
				best = i
			}
		}
	}
	return best
}

// words describes an outcome with its names and numbers normalized, so
// that changes with the same cause group together.
func words(o oracle.Outcome) string {
	if o.Verdict == oracle.Error {
		return diff.Normalize(o.Diag) // "error: ..." says it already
	}
	if o.Verdict != oracle.Accepted {
		return string(o.Verdict) + ": " + diff.Normalize(o.Diag)
	}
	var ps []string
	for _, p := range o.Placements {
		ps = append(ps, p.Type+" ["+p.Flags+"]")
	}
	sort.Strings(ps)
	return "accepted: " + strings.Join(ps, "; ")
}
