package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["explain"] = command{"say, for a person, what LLVM does with a section string and why", runExplain}
}

func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	triple := fs.String("triple", "x86_64-unknown-linux-gnu", "target triple")
	llvm := fs.Int("llvm", oracle.DefaultVersion, "LLVM major version")
	kindFlag := fs.String("kind", "", "global kind (data, zero, const, tls, func); default: all")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sectfuzz explain --triple T --llvm N [--kind K] 'SECTION'")
		fs.PrintDefaults()
	}
	if err := parseInterspersed(fs, args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	if !oracle.KnownVersion(*llvm) {
		return fail(stderr, exitUsage, "unknown LLVM version %d (want one of %v)", *llvm, oracle.Versions)
	}
	kinds := oracle.Kinds
	if *kindFlag != "" {
		k, err := oracle.ParseKind(*kindFlag)
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		kinds = []oracle.Kind{k}
	}
	explain(stdout, *triple, *llvm, kinds, fs.Arg(0))
	return exitOK
}

// parseInterspersed parses flags that may come after the positional
// argument, as people type them.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

func explain(w io.Writer, triple string, llvm int, kinds []oracle.Kind, section string) {
	tr := oracle.TripleFor(triple, llvm)
	fmt.Fprintf(w, "section %s on %s (%s), LLVM %d\n\n", strconv.Quote(section), triple, tr.Format, llvm)
	rules := map[string]bool{}
	var ruleOrder []string
	var deviations []string
	for _, k := range kinds {
		c := oracle.Single(triple, llvm, k, section)
		o := oracle.Predict(c, oracle.Options{})
		fmt.Fprintf(w, "  %-5s  %-11s %s\n", k, o.Verdict, outcomeWords(o))
		if o.Rule != "" && !rules[o.Rule] {
			rules[o.Rule] = true
			ruleOrder = append(ruleOrder, o.Rule)
		}
		if o.Deviation != "" {
			deviations = append(deviations, o.Deviation)
		}
	}
	fmt.Fprintln(w, "\nWhy:")
	for _, r := range ruleOrder {
		doc, _ := oracle.RuleDoc(r)
		fmt.Fprintf(w, "  [%s] %s\n", r, doc)
	}
	if len(deviations) > 0 {
		fmt.Fprintln(w, "\nLLVM deviates from the format's rules here:")
		seen := map[string]bool{}
		for _, ids := range deviations {
			for _, id := range strings.Split(ids, ",") {
				if seen[id] {
					continue
				}
				seen[id] = true
				d, _ := oracle.DeviationByID(id)
				fmt.Fprintf(w, "  [%s] %s\n", id, d.Summary)
			}
		}
	}
	var fixes []string
	for _, k := range kinds {
		for _, s := range oracle.Suggest(oracle.Single(triple, llvm, k, section)) {
			fixes = append(fixes, fmt.Sprintf("%s (for %s)", strconv.Quote(s), k))
			break
		}
	}
	if len(fixes) > 0 {
		fmt.Fprintln(w, "\nA spelling LLVM accepts as written:")
		for _, f := range fixes {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	var other []string
	for _, v := range oracle.Versions {
		if v == llvm {
			continue
		}
		for _, k := range kinds {
			a := oracle.Predict(oracle.Single(triple, llvm, k, section), oracle.Options{})
			b := oracle.Predict(oracle.Single(triple, v, k, section), oracle.Options{})
			if a.Verdict != b.Verdict || a.Diag != b.Diag || fmt.Sprint(a.Placements) != fmt.Sprint(b.Placements) {
				other = append(other, fmt.Sprintf("LLVM %d, %s: %s %s", v, k, b.Verdict, outcomeWords(b)))
			}
		}
	}
	if len(other) > 0 {
		fmt.Fprintln(w, "\nOther LLVM versions differ:")
		for _, o := range other {
			fmt.Fprintf(w, "  %s\n", o)
		}
	}
}

// outcomeWords is a one-line description of an outcome.
func outcomeWords(o oracle.Outcome) string {
	if o.Verdict != oracle.Accepted {
		return o.Diag
	}
	p, ok := o.Section()
	if !ok {
		return "(the global reaches no section of its own)"
	}
	s := strconv.Quote(p.Name)
	if p.Segment != "" {
		s = "segment " + strconv.Quote(p.Segment) + ", section " + s
	}
	s += " " + p.Type
	if p.Flags != "" {
		s += " [" + p.Flags + "]"
	}
	return s
}
