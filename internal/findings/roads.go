package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// Road is one road to an object as a finding records it: a path
// divergence keeps both the reference road and the road that disagreed,
// each with the command that reproduces it.
type Road struct {
	// Name is the road: obj, asm-mc, asm-gas, clang-attr, clang-pragma,
	// clang-pragma-all.
	Name string `json:"road"`
	// Reference is true for the road the other is compared with.
	Reference bool `json:"reference,omitempty"`
	// Command reproduces the road's outcome from the finding's files.
	Command string `json:"command"`
	// Input is what the road compiled when it is not repro.ll: the C
	// source of a clang road, the IR of a reference built for it.
	Input string `json:"input,omitempty"`
	// Outcome is what the road gave.
	Outcome oracle.Outcome `json:"outcome"`
	// Stderr is the road's tool output (first lines).
	Stderr string `json:"stderr,omitempty"`
}

// roadsMarkdown renders the roads of a path divergence.
func roadsMarkdown(f Finding) string {
	if len(f.Roads) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n## Roads\n")
	for _, r := range f.Roads {
		role := "diverging road"
		if r.Reference {
			role = "reference"
		}
		fmt.Fprintf(&b, "\n### %s (%s)\n\n", r.Name, role)
		fmt.Fprintf(&b, "- verdict: %s", r.Outcome.Verdict)
		if r.Outcome.Diag != "" {
			fmt.Fprintf(&b, " (`%s`)", r.Outcome.Diag)
		}
		b.WriteString("\n")
		for _, g := range sortedKeys(r.Outcome.Placements) {
			p := r.Outcome.Placements[g]
			fmt.Fprintf(&b, "- `@%s`: section %q, segment %q, type %s, flags %s\n", g, p.Name, p.Segment, p.Type, p.Flags)
		}
		if r.Input != "" {
			lang := "c"
			if strings.Contains(r.Input, "target triple") {
				lang = "llvm"
			}
			fmt.Fprintf(&b, "\n```%s\n%s\n```\n", lang, strings.TrimRight(r.Input, "\n"))
		}
		fmt.Fprintf(&b, "\n```sh\n%s\n```\n", r.Command)
		if r.Stderr != "" {
			fmt.Fprintf(&b, "\n```\n%s\n```\n", strings.TrimRight(r.Stderr, "\n"))
		}
	}
	return b.String()
}

func sortedKeys(m map[string]oracle.Placement) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pathSummary says in prose which roads disagree and how; the reference
// road (llc's object writer) is the one the oracle predicts.
func pathSummary(f Finding) string {
	road, ref := f.Rule, "obj"
	if i := strings.Index(f.Rule, " vs "); i >= 0 {
		road, ref = f.Rule[:i], f.Rule[i+len(" vs "):]
	}
	if f.Global == "" {
		return fmt.Sprintf("gives `%s` on the %s road where the %s road (the reference) gives `%s`.", f.ActualWords, road, ref, f.ExpectedWords)
	}
	return fmt.Sprintf("puts `@%s` on the %s road in `%s` where the %s road (the reference) puts it in `%s`.", f.Global, road, f.ActualWords, ref, f.ExpectedWords)
}
