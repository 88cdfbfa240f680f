package paths

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
)

// Record stores every divergence of res: the object road's (against the
// oracle, as pipeline stores it) and each other road's, with both roads
// recorded. It returns one Recorded per divergent road, in road order.
func Record(ctx context.Context, rec *pipeline.Recorder, res Result) ([]pipeline.Recorded, error) {
	var out []pipeline.Recorded
	for _, rr := range res.Roads {
		if rr.Divergence == nil {
			continue
		}
		var got pipeline.Recorded
		var err error
		if rr.Road == Obj {
			got, err = rec.Record(ctx, res.Obj)
		} else {
			got, err = recordRoad(rec, res, rr)
		}
		if err != nil {
			return out, err
		}
		out = append(out, got)
	}
	return out, nil
}

// ToFinding describes a divergent non-object road as a finding: the road
// and its reference (the object road, or the oracle's model of clang's
// front end), each with the command that reproduces it.
func ToFinding(res Result, rr RoadResult) findings.Finding {
	d := rr.Divergence
	c := res.Case
	f := findings.Finding{
		Signature:     d.Signature(),
		Title:         d.Title,
		Class:         string(d.Class),
		Format:        string(d.Format),
		Triple:        c.Triple,
		LLVM:          c.LLVM,
		Versions:      []int{c.LLVM},
		Paths:         []string{string(rr.Road)},
		Case:          c,
		Global:        d.Global,
		Rule:          d.Rule,
		Expected:      rr.Expected,
		Actual:        rr.Outcome,
		ExpectedWords: d.Expected,
		ActualWords:   d.Actual,
		Command:       rr.Command,
		Stderr:        pipeline.FirstLines(rr.Stderr, 12),
		Count:         1,
	}
	road := findings.Road{Name: string(rr.Road), Command: rr.Command, Outcome: rr.Outcome, Stderr: f.Stderr}
	if strings.HasPrefix(string(rr.Road), "clang") {
		road.Input = rr.Input
	}
	if rr.Reference == string(Obj) {
		f.Paths = append(f.Paths, string(Obj))
		ref := findings.Road{Name: string(Obj), Reference: true, Outcome: rr.Expected,
			Command: pipeline.ReproCommand(c.Triple, c.LLVM, rr.Expected.Verdict)}
		if rr.RefIR != "" {
			ref.Input = rr.RefIR
			ref.Command = strings.Replace(ref.Command, "repro.ll", "reference.ll", 1)
		}
		f.Roads = []findings.Road{ref, road}
	} else {
		f.Roads = []findings.Road{road}
	}
	return f
}

func recordRoad(rec *pipeline.Recorder, res Result, rr RoadResult) (pipeline.Recorded, error) {
	f := ToFinding(res, rr)
	f.Known = rec.Known[res.Case.LLVM][f.Signature]
	sig, isNew, err := rec.Store.Save(f, res.Obj.IR)
	if err != nil {
		return pipeline.Recorded{}, err
	}
	return pipeline.Recorded{Signature: sig, Dir: filepath.Join(rec.Store.Dir, sig), New: isNew, Known: rec.Known[res.Case.LLVM][sig]}, nil
}
