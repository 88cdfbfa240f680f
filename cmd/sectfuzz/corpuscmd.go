package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/fuzzfile"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["corpus"] = command{"export the corpus as .ll seeds, or merge it minimal by oracle-rule coverage", runCorpus}
}

func runCorpus(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: sectfuzz corpus export [--reports DIR] OUTDIR | sectfuzz corpus merge [--out FILE] [INPUT...]")
		return exitUsage
	}
	switch args[0] {
	case "export":
		return corpusExport(args[1:], stdout, stderr)
	case "merge":
		return corpusMerge(args[1:], stdout, stderr)
	}
	return fail(stderr, exitUsage, "unknown corpus command %q (want export or merge)", args[0])
}

// corpusExport writes every corpus string as a one-global .ll module per
// format it suits, and every finding's minimized reproducer: plain IR
// upstream fuzzers (llvm-isel-fuzzer, llc-based harnesses) can seed from.
func corpusExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	reports := fs.String("reports", "reports", "findings directory whose reproducers to include")
	if err := parseInterspersed(fs, args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		return fail(stderr, exitUsage, "usage: sectfuzz corpus export [--reports DIR] OUTDIR")
	}
	out := fs.Arg(0)
	n := 0
	for _, f := range oracle.Formats {
		dir := filepath.Join(out, string(f))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail(stderr, exitInternal, "%v", err)
		}
		triple := oracle.Triples[f][0]
		for i, s := range corpus.Sections(corpus.Default(), string(f)) {
			c := oracle.Single(triple, 0, oracle.KindData, s)
			ir, err := irgen.Render(c)
			if err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			name := fmt.Sprintf("%04d.ll", i)
			if err := findings.WriteFileAtomic(filepath.Join(dir, name), []byte(ir)); err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			n++
		}
	}
	st := &findings.Store{Dir: *reports}
	list, err := st.List()
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	if len(list) > 0 {
		dir := filepath.Join(out, "findings")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail(stderr, exitInternal, "%v", err)
		}
		for _, f := range list {
			ir, err := st.Repro(f.Signature)
			if err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			if err := findings.WriteFileAtomic(filepath.Join(dir, f.Signature+".ll"), []byte(ir)); err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			n++
		}
	}
	fmt.Fprintf(stdout, "wrote %d .ll seed(s) under %s\n", n, out)
	return exitOK
}

// corpusMerge reads corpus .tsv files, directories of them, and go test
// -fuzz corpus directories (FuzzDiff<Format>), and writes the smallest set
// of entries that reaches every (format, version, kind, verdict, rule,
// deviation) the whole input reaches.
func corpusMerge(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("corpus merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the merged corpus here (default: stdout)")
	builtin := fs.Bool("builtin", true, "start from the embedded corpus")
	if err := parseInterspersed(fs, args); err != nil {
		return exitUsage
	}
	var es []corpus.Entry
	if *builtin {
		es = corpus.Default()
	}
	for _, in := range fs.Args() {
		more, err := readCorpusInput(in)
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		es = append(es, more...)
	}
	kept, covered := corpus.Merge(es, ruleFeatures)
	var buf bytes.Buffer
	if err := corpus.Write(&buf, kept); err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	if *out == "" {
		stdout.Write(buf.Bytes())
	} else if err := findings.WriteFileAtomic(*out, buf.Bytes()); err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	fmt.Fprintf(stderr, "sectfuzz: kept %d of %d entries, covering %d oracle features\n", len(kept), len(es), covered)
	return exitOK
}

// ruleFeatures is what one corpus entry reaches in the oracle, over every
// triple of its format(s), kind and version.
func ruleFeatures(e corpus.Entry) []string {
	formats := oracle.Formats
	if e.Format != "any" {
		formats = []oracle.Format{oracle.Format(e.Format)}
	}
	var fs []string
	for _, f := range formats {
		for _, t := range oracle.Triples[f] {
			for _, k := range oracle.Kinds {
				for _, v := range oracle.Versions {
					o := oracle.Predict(oracle.Single(t, v, k, e.Section), oracle.Options{})
					fs = append(fs, strings.Join([]string{string(f), strconv.Itoa(v), string(k), string(o.Verdict), o.Rule, o.Deviation}, "|"))
				}
			}
		}
	}
	sort.Strings(fs)
	return fs
}

// readCorpusInput reads a .tsv file, a directory of .tsv files, or a go
// test -fuzz corpus directory of a FuzzDiff<Format> target.
func readCorpusInput(path string) ([]corpus.Entry, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		fd, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer fd.Close()
		return corpus.Parse(fd, path)
	}
	base := filepath.Base(path)
	if format, ok := strings.CutPrefix(base, "FuzzDiff"); ok {
		files, _ := filepath.Glob(filepath.Join(path, "*"))
		sort.Strings(files)
		var es []corpus.Entry
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			vals, err := fuzzfile.Parse(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", f, err)
			}
			if s, ok := vals[0].(string); ok && len(vals) > 0 {
				es = append(es, corpus.Entry{Section: s, Format: strings.ToLower(format), Source: "go test -fuzz " + base, Context: "fuzz", Origin: f})
			}
		}
		return es, nil
	}
	return corpus.Load(path)
}
