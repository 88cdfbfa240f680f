package main

import (
	"context"
	"sync"

	"github.com/sectfuzz/sectfuzz/internal/paths"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// `sectfuzz check --paths obj,asm,clang` runs each case down several roads
// to an object and adds a "paths" object to the answer line, one entry per
// road, without changing the other fields:
//
//	"paths":{"obj":{"status":"ran","reference":"oracle","stage":"llc","verdict":…,"section":…,"divergence":null},
//	         "asm-gas":{"status":"not-applicable","reason":"Debian ships no GNU as for macho objects on x86_64"},…}

// roadLine is one road's entry in "paths".
type roadLine struct {
	// Status is "ran" or "not-applicable".
	Status paths.Status `json:"status"`
	// Reason says why a road does not apply.
	Reason string `json:"reason,omitempty"`
	// Reference is what the road was compared with: "oracle" or "obj".
	Reference string `json:"reference,omitempty"`
	// Stage is the tool that decided the outcome.
	Stage   string         `json:"stage,omitempty"`
	Verdict oracle.Verdict `json:"verdict,omitempty"`
	Diag    string         `json:"diag,omitempty"`
	// Section is the single global's placement (single-global lines).
	Section *oracle.Placement `json:"section,omitempty"`
	// Placements are every global's placements (module lines).
	Placements map[string]oracle.Placement `json:"placements,omitempty"`
	Divergence *divergenceLine             `json:"divergence"`
}

type checkSinglePaths struct {
	checkSingle
	Paths map[string]roadLine `json:"paths"`
}

type checkModulePaths struct {
	checkModule
	Paths map[string]roadLine `json:"paths"`
}

// unknownCount counts the divergences of a line whose signatures are not
// on the known list.
func (c checkSinglePaths) unknownCount() int { return unknownRoads(c.Paths) }
func (c checkModulePaths) unknownCount() int { return unknownRoads(c.Paths) }

func unknownRoads(m map[string]roadLine) int {
	n := 0
	for _, r := range m {
		if r.Divergence != nil && r.Divergence.Known == "" {
			n++
		}
	}
	return n
}

// runners holds one paths.Runner per LLVM version, created on first use.
type runners struct {
	mu   sync.Mutex
	by   map[int]*paths.Runner
	errs map[int]error
}

func (rs *runners) get(comp toolchain.Compiler) (*paths.Runner, error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	v := comp.Version()
	if r, ok := rs.by[v]; ok {
		return r, nil
	}
	if err, ok := rs.errs[v]; ok {
		return nil, err
	}
	r, err := paths.NewRunner(comp)
	if err != nil {
		rs.errs[v] = err
		return nil, err
	}
	rs.by[v] = r
	return r, nil
}

// checkPaths answers one input line with every road; the error is
// sectfuzz's own failure.
func checkPaths(ctx context.Context, rs *runners, comp toolchain.Compiler, p parsedLine, roads []paths.Road, opt oracle.Options, rec *pipeline.Recorder) (any, error) {
	r, err := rs.get(comp)
	if err != nil {
		return nil, err
	}
	var res paths.Result
	if p.module {
		res, err = r.CheckIR(ctx, p.c, p.ir, roads, opt)
	} else {
		res, err = r.Check(ctx, p.c, roads, opt)
	}
	if err != nil {
		return nil, err
	}
	lines := map[string]roadLine{}
	var recErr error
	for _, rr := range res.Roads {
		l := roadLine{Status: rr.Status, Reason: rr.Reason}
		if rr.Status == paths.Ran {
			l.Reference, l.Stage, l.Verdict, l.Diag = rr.Reference, rr.Stage, rr.Outcome.Verdict, rr.Outcome.Diag
			if p.module {
				l.Placements = rr.Outcome.Placements
			} else if pl, ok := rr.Outcome.Section(); ok {
				l.Section = &pl
			}
		}
		if d := rr.Divergence; d != nil {
			l.Divergence = &divergenceLine{Class: d.Class, Signature: d.Signature(), Title: d.Title}
			if rec != nil && recErr == nil {
				one := res
				one.Roads = []paths.RoadResult{rr}
				got, err := paths.Record(ctx, rec, one)
				if err != nil {
					recErr = err
				} else if len(got) == 1 {
					l.Divergence.Signature, l.Divergence.Finding, l.Divergence.Known = got[0].Signature, got[0].Dir, got[0].Known
				}
			}
		}
		lines[string(rr.Road)] = l
	}
	obj := lines[string(paths.Obj)]
	if p.module {
		return checkModulePaths{checkModule{
			moduleAnswer: moduleOf(p.id, res.Obj.Predicted),
			Actual:       actualModule{res.Obj.Actual.Verdict, res.Obj.Actual.Diag, moduleOf("", res.Obj.Actual).Placements},
			Divergence:   obj.Divergence,
		}, lines}, recErr
	}
	a := singleOf(p.id, res.Obj.Actual)
	return checkSinglePaths{checkSingle{
		singleAnswer: singleOf(p.id, res.Obj.Predicted),
		Actual:       actualSingle{a.Verdict, a.Diag, a.Section},
		Divergence:   obj.Divergence,
	}, lines}, recErr
}
