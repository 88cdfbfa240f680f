// Package paths runs one case down the three roads to an object and
// compares them: llc's object writer (obj, the reference the oracle
// predicts), llc's assembly through an assembler (asm-mc: llvm-mc of the
// same version; asm-gas: GNU as where Debian has one), and clang from C
// (clang-attr, clang-pragma, clang-pragma-all: the section string as an
// attribute or through `#pragma clang section`).
//
// A road that cannot run for a case is never skipped silently: its result
// says "not-applicable" and why (no GNU as for Mach-O, an llvm-mc that
// cannot read llc's XCOFF assembly at all, a module with no C spelling).
package paths

import (
	"fmt"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// Road is one way from a case to an object file.
type Road string

const (
	// Obj is `llc -filetype=obj`: the reference road.
	Obj Road = "obj"
	// AsmMC is `llc -filetype=asm`, then `llvm-mc -filetype=obj`.
	AsmMC Road = "asm-mc"
	// AsmGAS is `llc -filetype=asm`, then GNU as.
	AsmGAS Road = "asm-gas"
	// ClangAttr is clang -c of C with __attribute__((section(S))).
	ClangAttr Road = "clang-attr"
	// ClangPragma is clang -c of C with `#pragma clang section K=S`.
	ClangPragma Road = "clang-pragma"
	// ClangPragmaAll is clang -c of C with one pragma naming S for every
	// kind.
	ClangPragmaAll Road = "clang-pragma-all"
)

// AllRoads lists every road in the order results are reported.
var AllRoads = []Road{Obj, AsmMC, AsmGAS, ClangAttr, ClangPragma, ClangPragmaAll}

// roadGroups are the names --paths accepts besides single roads.
var roadGroups = map[string][]Road{
	"asm":   {AsmMC, AsmGAS},
	"clang": {ClangAttr, ClangPragma, ClangPragmaAll},
	"all":   AllRoads,
}

// ParseRoads reads a comma-separated list of roads or groups (obj, asm,
// clang, all, or single roads such as asm-mc). The object road is always
// included: it is every other road's reference.
func ParseRoads(s string) ([]Road, error) {
	want := map[Road]bool{Obj: true}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if g, ok := roadGroups[part]; ok {
			for _, r := range g {
				want[r] = true
			}
			continue
		}
		found := false
		for _, r := range AllRoads {
			if string(r) == part {
				want[r], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown path %q (want obj, asm, clang, all, or one of %v)", part, AllRoads)
		}
	}
	var out []Road
	for _, r := range AllRoads {
		if want[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// variant is the C spelling of a clang road.
func (r Road) variant() (oracle.ClangVariant, bool) {
	switch r {
	case ClangAttr:
		return oracle.ClangAttr, true
	case ClangPragma:
		return oracle.ClangPragma, true
	case ClangPragmaAll:
		return oracle.ClangPragmaAll, true
	}
	return "", false
}

// Status says whether a road ran.
type Status string

const (
	// Ran: the road produced an outcome (an object or a rejection).
	Ran Status = "ran"
	// NotApplicable: the road cannot run for this case; Reason says why.
	NotApplicable Status = "not-applicable"
)
