package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/litexport"
)

func init() {
	commands["export-lit"] = command{"write each finding as an LLVM lit test (RUN/CHECK lines) per LLVM version", runExportLit}
}

func runExportLit(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export-lit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reports := fs.String("reports", "reports", "findings directory")
	out := fs.String("out", "lit", "output directory (one llvm-N/ directory per version, each with lit.cfg.py)")
	all := fs.Bool("all-versions", false, "export every finding for every LLVM version, to see where a bug is fixed")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	st := &findings.Store{Dir: *reports}
	list, err := st.List()
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	tests, skipped, err := litexport.Export(list, st.Repro, *out, litexport.Options{AllVersions: *all})
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	for _, t := range tests {
		expect := "passes (fixed here)"
		if t.Reproduces {
			expect = "fails (" + t.FailsBy + ") while the bug is there"
		}
		fmt.Fprintf(stdout, "%s: %s\n", t.Path, expect)
	}
	for _, s := range skipped {
		fmt.Fprintf(stdout, "skipped %s\n", s)
	}
	fmt.Fprintf(stdout, "%d test(s) in %s; run: lit-22 -v %s/llvm-19\n", len(tests), *out, *out)
	return exitOK
}
