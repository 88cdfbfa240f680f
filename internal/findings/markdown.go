package findings

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// Markdown renders a finding as a report a person can paste into an LLVM
// issue: what happens, the reproducer, the command, expected vs actual.
func Markdown(f Finding, repro string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", f.Title)
	fmt.Fprintf(&b, "- signature: `%s`\n", f.Signature)
	fmt.Fprintf(&b, "- format: %s, triple `%s`\n", f.Format, f.Triple)
	fmt.Fprintf(&b, "- LLVM: %s (reproducer checked with %d)\n", joinInts(f.Versions), f.LLVM)
	if len(f.Paths) > 0 {
		fmt.Fprintf(&b, "- paths: %s\n", strings.Join(f.Paths, ", "))
	}
	fmt.Fprintf(&b, "- seen %d time(s), first %s, last %s\n", f.Count, f.FirstSeen.Format("2006-01-02 15:04 UTC"), f.LastSeen.Format("2006-01-02 15:04 UTC"))
	if f.Known != "" {
		fmt.Fprintf(&b, "- known: %s\n", f.Known)
	}
	if f.ExplainedBy != "" {
		fmt.Fprintf(&b, "- root cause: the oracle's deviation(s) `%s`\n", f.ExplainedBy)
	}
	if len(f.AltSignatures) > 0 {
		fmt.Fprintf(&b, "- also seen as: %s\n", strings.Join(f.AltSignatures, ", "))
	}
	b.WriteString("\n## What happens\n\n")
	b.WriteString(summary(f))
	b.WriteString("\n\n## Reproducer\n\n```llvm\n")
	b.WriteString(strings.TrimRight(repro, "\n"))
	b.WriteString("\n```\n\n## Command\n\n```sh\n")
	b.WriteString(f.Command)
	b.WriteString("\n```\n\n## Expected and actual\n\n")
	b.WriteString(outcomeTable(f))
	b.WriteString(roadsMarkdown(f))
	if f.Stderr != "" {
		b.WriteString("\n## Tool output\n\n```\n")
		b.WriteString(strings.TrimRight(f.Stderr, "\n"))
		b.WriteString("\n```\n")
	}
	return b.String()
}

// summary says in prose what diverged, naming the input.
func summary(f Finding) string {
	var in []string
	for _, g := range f.Case.Globals {
		if g.Section != "" {
			in = append(in, fmt.Sprintf("%s `@%s` with `section %s`", g.Kind, g.Name, strconv.Quote(g.Section)))
		} else {
			in = append(in, fmt.Sprintf("%s `@%s` (no section)", g.Kind, g.Name))
		}
	}
	s := fmt.Sprintf("For a module with %s on `%s`, LLVM %d ", strings.Join(in, ", "), f.Triple, f.LLVM)
	switch f.Class {
	case "path":
		s += pathSummary(f)
	case "verdict", "diagnostic", "crash", "timeout":
		s += fmt.Sprintf("gives `%s`, where the %s rule `%s` expects `%s`.", orNone(verdictProse(f.ActualWords)), f.Format, f.Rule, orNone(verdictProse(f.ExpectedWords)))
	default:
		noun := map[string]string{"name": "section name", "segment": "segment", "type": "section type", "flags": "section flags"}[f.Class]
		if noun == "" {
			noun = f.Class
		}
		s += fmt.Sprintf("gives `@%s` the %s `%s`, where the %s rule `%s` expects `%s`.",
			f.Global, noun, orNone(f.ActualWords), f.Format, f.Rule, orNone(f.ExpectedWords))
	}
	if doc, ok := oracle.RuleDoc(f.Rule); ok {
		s += "\n\nThe rule: " + doc
	}
	if f.Deviation != "" {
		s += fmt.Sprintf("\n\nThe oracle already applied the known deviation(s) `%s`, and still disagrees.", f.Deviation)
	} else {
		c := f.Case
		c.LLVM = f.LLVM
		if o := oracle.Predict(c, oracle.Options{}); o.Deviation != "" {
			for _, id := range strings.Split(o.Deviation, ",") {
				if d, ok := oracle.DeviationByID(id); ok {
					s += fmt.Sprintf("\n\nThis is LLVM's known deviation `%s`: %s.", id, d.Summary)
				}
			}
		}
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func outcomeTable(f Finding) string {
	var b strings.Builder
	b.WriteString("| | expected (oracle) | actual (LLVM) |\n|---|---|---|\n")
	row := func(k, e, a string) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", k, cell(e), cell(a))
	}
	row("verdict", string(f.Expected.Verdict), string(f.Actual.Verdict))
	row("diagnostic", f.Expected.Diag, f.Actual.Diag)
	names := map[string]bool{}
	for n := range f.Expected.Placements {
		names[n] = true
	}
	for n := range f.Actual.Placements {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		e, eok := f.Expected.Placements[n]
		a, aok := f.Actual.Placements[n]
		row("@"+n, placementWords(e, eok), placementWords(a, aok))
	}
	return b.String()
}

// verdictProse drops the verdict word from "error: error: ...": the
// diagnostic says it already.
func verdictProse(words string) string {
	return strings.TrimPrefix(words, "error: ")
}

func placementWords(p oracle.Placement, ok bool) string {
	if !ok {
		return "(no section)"
	}
	s := strconv.Quote(p.Name)
	if p.Segment != "" {
		s = strconv.Quote(p.Segment) + "," + s
	}
	s += " " + p.Type
	if p.Flags != "" {
		s += " [" + p.Flags + "]"
	}
	return s
}

// cell escapes a value for a markdown table cell.
func cell(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}
