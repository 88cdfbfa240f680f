package triage

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// maxExamples caps the examples shown per group; the JSON has them all.
const maxExamples = 3

// Markdown renders the report for a person.
func (r Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# LLVM %d → %d: what changes for section strings\n\n", r.From, r.To)
	fmt.Fprintf(&b, "%d inputs ran through the real llc-%d and llc-%d; %d behave differently.\n", r.Inputs, r.From, r.To, len(r.Changes))
	if len(r.Errors) > 0 {
		fmt.Fprintf(&b, "%d inputs could not be run (listed at the end).\n", len(r.Errors))
	}
	counts := map[string]int{}
	for _, c := range r.Changes {
		for _, cl := range c.Classes {
			counts[cl]++
		}
	}
	b.WriteString("\n| change | inputs |\n|---|---|\n")
	for _, cl := range classOrder {
		if counts[cl] > 0 {
			fmt.Fprintf(&b, "| %s | %d |\n", cl, counts[cl])
		}
	}
	groups := r.Groups()
	for _, g := range groups {
		fmt.Fprintf(&b, "\n## %s — %s (%d input(s))\n\n", strings.Join(g.Classes, ", "), g.Format, len(g.Changes))
		fmt.Fprintf(&b, "- LLVM %d: %s\n- LLVM %d: %s\n\n", r.From, code(g.From), r.To, code(g.To))
		for i, c := range g.Changes {
			if i == maxExamples {
				fmt.Fprintf(&b, "- … and %d more (see the JSON report)\n", len(g.Changes)-maxExamples)
				break
			}
			fmt.Fprintf(&b, "- %s on `%s` (%s)\n", describe(c.Case), c.Case.Triple, c.Origin)
			fmt.Fprintf(&b, "  - LLVM %d: %s\n  - LLVM %d: %s\n", r.From, code(outcome(c.From)), r.To, code(outcome(c.To)))
			if c.FromDiv != "" || c.ToDiv != "" {
				fmt.Fprintf(&b, "  - oracle divergence: %s → %s\n", orDash(c.FromDiv), orDash(c.ToDiv))
			}
		}
		if len(g.Changes) > 0 {
			c := g.Changes[0]
			b.WriteString("\n  Reproduce the first one (save the module as repro.ll):\n\n")
			b.WriteString("  ```llvm\n")
			for _, line := range strings.Split(strings.TrimRight(c.IR, "\n"), "\n") {
				b.WriteString("  " + line + "\n")
			}
			b.WriteString("  ```\n  ```sh\n")
			for _, cmd := range c.Commands {
				b.WriteString("  " + cmd + "\n")
			}
			b.WriteString("  ```\n")
		}
	}
	if len(r.Errors) > 0 {
		b.WriteString("\n## Inputs that could not be run\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(&b, "- %s\n", e)
		}
	}
	return b.String()
}

func describe(c oracle.Case) string {
	var parts []string
	for _, g := range c.Globals {
		parts = append(parts, fmt.Sprintf("%s `@%s` section %s", g.Kind, g.Name, strconv.Quote(g.Section)))
	}
	return strings.Join(parts, ", ")
}

func outcome(o oracle.Outcome) string {
	if o.Verdict == oracle.Error {
		return o.Diag // "error: ..." says it already
	}
	if o.Verdict != oracle.Accepted {
		return string(o.Verdict) + ": " + o.Diag
	}
	var names []string
	for n := range o.Placements {
		names = append(names, n)
	}
	sort.Strings(names)
	var ps []string
	for _, n := range names {
		p := o.Placements[n]
		s := strconv.Quote(p.Name)
		if p.Segment != "" {
			s = strconv.Quote(p.Segment) + "," + s
		}
		ps = append(ps, "@"+n+" "+s+" "+p.Type+" ["+p.Flags+"]")
	}
	if len(ps) == 0 {
		return "accepted, no section"
	}
	return "accepted: " + strings.Join(ps, "; ")
}

func code(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

func orDash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
