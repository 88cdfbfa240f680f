package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/triage"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["triage"] = command{"run the corpus and the findings on two LLVM versions and report every change", runTriage}
}

func runTriage(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("triage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.Int("from", 19, "LLVM version a project uses now")
	to := fs.Int("to", 22, "LLVM version it moves to")
	corpusDir := fs.String("corpus", "", "corpus directory of .tsv files (default: the embedded corpus)")
	reports := fs.String("reports", "reports", "findings whose reproducers to include")
	out := fs.String("out", "", "output directory (default triage-FROM-TO)")
	formats := fs.String("formats", "", "comma-separated formats to cover (default: all)")
	kinds := fs.String("kinds", "data,zero,const,tls,func", "kinds to run each string as")
	jobs := fs.Int("j", runtime.NumCPU(), "inputs run in parallel")
	exec := fs.Bool("exec", false, "run one llc process per input")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	for _, v := range []int{*from, *to} {
		if !oracle.KnownVersion(v) {
			return fail(stderr, exitUsage, "unknown LLVM version %d (want one of %v)", v, oracle.Versions)
		}
	}
	if *out == "" {
		*out = fmt.Sprintf("triage-%d-%d", *from, *to)
	}
	es := corpus.Default()
	if *corpusDir != "" {
		var err error
		if es, err = corpus.Load(*corpusDir); err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
	}
	var ks []oracle.Kind
	for _, s := range strings.Split(*kinds, ",") {
		k, err := oracle.ParseKind(strings.TrimSpace(s))
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		ks = append(ks, k)
	}
	want := map[oracle.Format]bool{}
	for _, f := range strings.Split(*formats, ",") {
		if f = strings.TrimSpace(f); f != "" {
			want[oracle.Format(f)] = true
		}
	}
	var inputs []triage.Input
	for _, f := range oracle.Formats {
		if len(want) > 0 && !want[f] {
			continue
		}
		for _, e := range es {
			if e.Format != string(f) && e.Format != "any" {
				continue
			}
			for _, t := range oracle.Triples[f] {
				for _, k := range ks {
					inputs = append(inputs, triage.Input{Case: oracle.Single(t, 0, k, e.Section), Origin: e.Origin})
				}
			}
		}
	}
	st := &findings.Store{Dir: *reports}
	list, err := st.List()
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	for _, f := range list {
		if len(want) > 0 && !want[oracle.Format(f.Format)] {
			continue
		}
		inputs = append(inputs, triage.Input{Case: f.Case, Origin: "finding " + f.Signature})
	}
	comps := newCompilers(*exec, *jobs, stderr)
	defer comps.Close()
	cf, err := comps.get(*from)
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	ct, err := comps.get(*to)
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Fprintf(stderr, "sectfuzz: triage LLVM %d -> %d over %d inputs (%d corpus entries, %d findings)\n", *from, *to, len(inputs), len(es), len(list))
	rep := triage.Run(ctx, cf, ct, inputs, *jobs)
	if ctx.Err() != nil {
		return fail(stderr, exitInternal, "interrupted")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	if err := findings.WriteFileAtomic(filepath.Join(*out, "triage.json"), js); err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	if err := findings.WriteFileAtomic(filepath.Join(*out, "triage.md"), []byte(rep.Markdown())); err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	fmt.Fprintf(stdout, "%d of %d inputs change from LLVM %d to %d in %d group(s): %s\n", len(rep.Changes), rep.Inputs, *from, *to, len(rep.Groups()), filepath.Join(*out, "triage.md"))
	if len(rep.Errors) > 0 {
		return fail(stderr, exitInternal, "%d input(s) could not be run; see %s", len(rep.Errors), filepath.Join(*out, "triage.md"))
	}
	return exitOK
}
