package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["reports"] = command{"list the stored findings, known and new", runReports}
}

func runReports(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reports", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("reports", "reports", "findings directory")
	llvm := fs.Int("llvm", oracle.DefaultVersion, "LLVM version whose known list marks findings as known")
	failNew := fs.Bool("fail-on-new", false, "exit 1 when a finding of --llvm is not on its known list")
	rewrite := fs.Bool("rewrite", false, "render every report.md again from its report.json")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	st := &findings.Store{Dir: *dir}
	if *rewrite {
		n, err := st.Rewrite()
		if err != nil {
			return fail(stderr, exitInternal, "%v", err)
		}
		fmt.Fprintf(stdout, "rewrote %d report(s)\n", n)
	}
	list, err := st.List()
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	known, err := findings.LoadKnown(*dir, *llvm)
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	unknown := 0
	for _, f := range list {
		status := "NEW  "
		if _, ok := known[f.Signature]; ok || f.ExplainedBy != "" {
			status = "known" // listed, or a modeled deviation explains it
		}
		onVersion := false
		for _, v := range f.Versions {
			onVersion = onVersion || v == *llvm
		}
		if status == "NEW  " && onVersion {
			unknown++
		}
		fmt.Fprintf(stdout, "%s %-32s x%-4d LLVM %v  %s\n", status, f.Signature, f.Count, f.Versions, f.Title)
	}
	fmt.Fprintf(stdout, "%d finding(s) in %s, %d not on %s\n", len(list), *dir, unknown, filepath.Join(*dir, "known", fmt.Sprintf("llvm-%d.txt", *llvm)))
	if *failNew && unknown > 0 {
		return exitFindings
	}
	return exitOK
}
