package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["known"] = command{"suggest known-list lines for findings the oracle's deviations explain", runKnown}
}

// runKnown prints, for each stored finding that a version's known
// deviations explain (the oracle with deviations predicts exactly what
// LLVM did), a line for reports/known/llvm-N.txt naming the deviation.
// Findings nothing explains are listed as needing triage.
func runKnown(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("known", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("reports", "reports", "findings directory")
	llvm := fs.Int("llvm", oracle.DefaultVersion, "LLVM version whose known list to suggest")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	st := &findings.Store{Dir: *dir}
	list, err := st.List()
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	known, err := findings.LoadKnown(*dir, *llvm)
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	var untriaged []string
	for _, f := range list {
		if !containsInt(f.Versions, *llvm) {
			continue
		}
		if _, ok := known[f.Signature]; ok {
			continue
		}
		c := f.Case
		c.LLVM = *llvm
		o := oracle.Predict(c, oracle.Options{})
		if o.Deviation == "" || !diff.Equal(o, f.Actual) && f.LLVM == *llvm {
			untriaged = append(untriaged, f.Signature+" "+f.Title)
			continue
		}
		var why []string
		for _, id := range strings.Split(o.Deviation, ",") {
			d, _ := oracle.DeviationByID(id)
			s := fmt.Sprintf("deviation %s: %s", id, d.Summary)
			if d.Upstream != "" {
				s += " (" + d.Upstream + ")"
			}
			why = append(why, s)
		}
		fmt.Fprintf(stdout, "%s %s\n", f.Signature, strings.Join(why, "; "))
	}
	for _, u := range untriaged {
		fmt.Fprintf(stderr, "needs triage: %s\n", u)
	}
	return exitOK
}

func containsInt(vs []int, v int) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
