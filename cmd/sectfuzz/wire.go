package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// The JSON-lines interface of `sectfuzz oracle` and `sectfuzz check` is
// stable: outside tools read it (../shared/ARCHITECTURE.md, "Machine
// interface"). Field names and the null-ness of "section" and
// "divergence" must not change.

// caseLine is one input line: a single global, or a whole module.
type caseLine struct {
	ID      string  `json:"id"`
	Triple  string  `json:"triple"`
	Kind    string  `json:"kind"`
	Section *string `json:"section"`
	// LL is a whole module's text, instead of kind and section.
	LL string `json:"ll"`
	// Globals is a whole module as the oracle's vocabulary describes it
	// (the form of report.json and of irgen's cases), instead of kind and
	// section; it is rendered to IR with irgen. Answered like "ll".
	Globals []oracle.Global `json:"globals"`
	// LLVM optionally overrides --llvm for this line.
	LLVM int `json:"llvm,omitempty"`
}

// singleAnswer is the answer to a single-global line.
type singleAnswer struct {
	ID        string            `json:"id"`
	Verdict   oracle.Verdict    `json:"verdict"`
	Diag      string            `json:"diag"`
	Rule      string            `json:"rule"`
	Deviation string            `json:"deviation"`
	Section   *oracle.Placement `json:"section"`
}

// moduleAnswer is the answer to a whole-module line.
type moduleAnswer struct {
	ID         string                      `json:"id"`
	Verdict    oracle.Verdict              `json:"verdict"`
	Diag       string                      `json:"diag"`
	Rule       string                      `json:"rule"`
	Deviation  string                      `json:"deviation"`
	Placements map[string]oracle.Placement `json:"placements"`
}

// actualSingle and actualModule are check's "actual" object.
type actualSingle struct {
	Verdict oracle.Verdict    `json:"verdict"`
	Diag    string            `json:"diag"`
	Section *oracle.Placement `json:"section"`
}

type actualModule struct {
	Verdict    oracle.Verdict              `json:"verdict"`
	Diag       string                      `json:"diag"`
	Placements map[string]oracle.Placement `json:"placements"`
}

// divergenceLine is check's "divergence" object.
type divergenceLine struct {
	Class     diff.Class `json:"class"`
	Signature string     `json:"signature"`
	// Title is the normalized one-line description.
	Title string `json:"title"`
	// Finding is the directory the finding was stored in.
	Finding string `json:"finding,omitempty"`
	// Known is the reason from the known list, when listed.
	Known string `json:"known,omitempty"`
}

type checkSingle struct {
	singleAnswer
	Actual     actualSingle    `json:"actual"`
	Divergence *divergenceLine `json:"divergence"`
}

type checkModule struct {
	moduleAnswer
	Actual     actualModule    `json:"actual"`
	Divergence *divergenceLine `json:"divergence"`
}

// errorLine answers an input line sectfuzz could not use.
type errorLine struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// parsedLine is an input line turned into a case.
type parsedLine struct {
	id     string
	module bool
	c      oracle.Case
	ir     string // the module text for "ll" lines
}

// parseLine decodes and validates one input line.
func parseLine(raw []byte, llvm int) (parsedLine, error) {
	var in caseLine
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(&in); err != nil {
		return parsedLine{}, fmt.Errorf("malformed JSON: %v", err)
	}
	p := parsedLine{id: in.ID}
	if in.LLVM != 0 {
		llvm = in.LLVM
	}
	if !oracle.KnownVersion(llvm) {
		return p, fmt.Errorf("unknown LLVM version %d (want one of %v)", llvm, oracle.Versions)
	}
	if in.LL != "" {
		c, err := irgen.Parse(in.LL)
		if err != nil {
			return p, fmt.Errorf("ll: %v", err)
		}
		if in.Triple != "" {
			c.Triple = in.Triple
		}
		if c.Triple == "" {
			return p, fmt.Errorf(`missing "triple" (and the module has no target triple)`)
		}
		c.LLVM = llvm
		p.module, p.c, p.ir = true, c, in.LL
		return p, nil
	}
	if in.Triple == "" {
		return p, fmt.Errorf(`missing "triple"`)
	}
	if len(in.Globals) > 0 {
		c := oracle.Case{Triple: in.Triple, LLVM: llvm, Globals: in.Globals}
		ir, err := irgen.Render(c)
		if err != nil {
			return p, fmt.Errorf("globals: %v", err)
		}
		p.module, p.c, p.ir = true, c, ir
		return p, nil
	}
	kind, err := oracle.ParseKind(in.Kind)
	if err != nil {
		return p, err
	}
	if in.Section == nil {
		return p, fmt.Errorf(`missing "section" (use "" for none)`)
	}
	p.c = oracle.Single(in.Triple, llvm, kind, *in.Section)
	return p, nil
}

func singleOf(id string, o oracle.Outcome) singleAnswer {
	a := singleAnswer{ID: id, Verdict: o.Verdict, Diag: o.Diag, Rule: o.Rule, Deviation: o.Deviation}
	if p, ok := o.Section(); ok {
		a.Section = &p
	}
	return a
}

func moduleOf(id string, o oracle.Outcome) moduleAnswer {
	pl := o.Placements
	if pl == nil {
		pl = map[string]oracle.Placement{}
	}
	return moduleAnswer{ID: id, Verdict: o.Verdict, Diag: o.Diag, Rule: o.Rule, Deviation: o.Deviation, Placements: pl}
}
