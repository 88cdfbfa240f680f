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
	"sort"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/fuzzfile"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["minimize"] = command{"shrink a finding, a fuzz crasher or a .ll module to its smallest reproducer", runMinimize}
	commands["crashers"] = command{"turn the crashers `go test -fuzz` wrote into minimized, stored findings", runCrashers}
}

// loadCase reads a case from a report.json (or its directory), a Go fuzz
// crasher file of a FuzzDiff<Format> target, or a .ll module.
func loadCase(path string, triple string) (oracle.Case, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "report.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return oracle.Case{}, err
	}
	switch {
	case strings.HasSuffix(path, ".json"):
		var f findings.Finding
		if err := json.Unmarshal(data, &f); err != nil {
			return oracle.Case{}, fmt.Errorf("%s: %v", path, err)
		}
		return f.Case, nil
	case strings.HasPrefix(string(data), "go test fuzz v1"):
		return crasherCase(path, data)
	}
	c, err := irgen.Parse(string(data))
	if err != nil {
		return oracle.Case{}, fmt.Errorf("%s: %v", path, err)
	}
	if triple != "" {
		c.Triple = triple
	}
	return c, nil
}

// crasherCase reads a crasher of FuzzDiff<Format>: the target is the name
// of the directory Go wrote it in.
func crasherCase(path string, data []byte) (oracle.Case, error) {
	target := filepath.Base(filepath.Dir(path))
	format, ok := strings.CutPrefix(target, "FuzzDiff")
	if !ok {
		return oracle.Case{}, fmt.Errorf("%s: crasher of %s, want one of a FuzzDiff<Format> target", path, target)
	}
	var f oracle.Format
	for _, x := range oracle.Formats {
		if strings.EqualFold(string(x), format) {
			f = x
		}
	}
	if f == "" {
		return oracle.Case{}, fmt.Errorf("%s: unknown format %q in target %s", path, format, target)
	}
	vals, err := fuzzfile.Parse(data)
	if err != nil {
		return oracle.Case{}, fmt.Errorf("%s: %v", path, err)
	}
	if len(vals) != 3 {
		return oracle.Case{}, fmt.Errorf("%s: %d values, want section, kind and triple", path, len(vals))
	}
	section, ok1 := vals[0].(string)
	kind, ok2 := vals[1].(byte)
	triple, ok3 := vals[2].(byte)
	if !ok1 || !ok2 || !ok3 {
		return oracle.Case{}, fmt.Errorf("%s: values %T %T %T, want string, byte, byte", path, vals[0], vals[1], vals[2])
	}
	return oracle.FuzzCase(f, section, kind, triple), nil
}

func runMinimize(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("minimize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	llvm := fs.Int("llvm", oracle.DefaultVersion, "LLVM version to reproduce with")
	spec := fs.Bool("spec", false, "compare with the spec rules alone")
	triple := fs.String("triple", "", "triple for a .ll module without one")
	steps := fs.Int("steps", 1000, "at most this many LLVM runs")
	reports := fs.String("reports", "", "also store the minimized finding in this directory")
	execFlag := fs.Bool("exec", false, "run one llc process per attempt instead of a persistent worker")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sectfuzz minimize [--llvm N] [--spec] [--reports DIR] FILE")
		fmt.Fprintln(stderr, "FILE is a report.json (or a finding's directory), a go test -fuzz crasher, or a .ll module; the result goes to FILE.min.ll")
		fs.PrintDefaults()
	}
	if err := parseInterspersed(fs, args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	c, err := loadCase(fs.Arg(0), *triple)
	if err != nil {
		return fail(stderr, exitUsage, "%v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	comps := newCompilers(*execFlag, 1, stderr)
	defer comps.Close()
	comp, err := comps.get(*llvm)
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	opt := oracle.Options{Spec: *spec}
	r, err := pipeline.Check(ctx, comp, c, opt)
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	if r.Divergence == nil {
		// Refuse, like goevmlab's minimizer: there is nothing to keep.
		return fail(stderr, exitUsage, "%s does not diverge from the oracle with LLVM %d: nothing to minimize", fs.Arg(0), *llvm)
	}
	m, err := pipeline.Minimize(ctx, comp, r, opt, *steps)
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	if m.Flaky {
		return fail(stderr, exitFindings, "%s diverged once but not again (signature %s): a flake", fs.Arg(0), r.Divergence.Signature())
	}
	out := strings.TrimSuffix(fs.Arg(0), "/") + ".min.ll"
	if err := findings.WriteFileAtomic(out, []byte(m.IR)); err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	fmt.Fprintf(stdout, "%s: %s\n  %d global(s) -> %d, section bytes %d -> %d\n  wrote %s\n",
		m.Divergence.Signature(), m.Divergence.Title, len(c.Globals), len(m.Case.Globals), sectionBytes(c), sectionBytes(m.Case), out)
	if *reports != "" {
		rec, err := newRecorder(*reports)
		if err != nil {
			return fail(stderr, exitInternal, "%v", err)
		}
		got, err := rec.Record(ctx, m)
		if err != nil {
			return fail(stderr, exitInternal, "%v", err)
		}
		fmt.Fprintf(stdout, "  stored in %s\n", got.Dir)
	}
	return exitOK
}

func sectionBytes(c oracle.Case) int {
	n := 0
	for _, g := range c.Globals {
		n += len(g.Section)
	}
	return n
}

func runCrashers(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("crashers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", filepath.Join("fuzz", "testdata", "fuzz"), "where go test -fuzz wrote its corpus")
	reports := fs.String("reports", "reports", "findings directory")
	versions := fs.String("llvm", "14,19,22", "LLVM versions to reproduce on")
	remove := fs.Bool("rm", false, "delete each crasher once it is stored (or no longer reproduces)")
	execFlag := fs.Bool("exec", false, "run one llc process per input instead of a persistent worker")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	var vs []int
	for _, s := range strings.Split(*versions, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || !oracle.KnownVersion(v) {
			return fail(stderr, exitUsage, "unknown LLVM version %q", s)
		}
		vs = append(vs, v)
	}
	files, _ := filepath.Glob(filepath.Join(*dir, "FuzzDiff*", "*"))
	sort.Strings(files)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	comps := newCompilers(*execFlag, 1, stderr)
	defer comps.Close()
	rec, err := newRecorder(*reports)
	if err != nil {
		return fail(stderr, exitInternal, "%v", err)
	}
	rec.CompilerFor = comps.get
	stored, stale := 0, 0
	for _, file := range files {
		c, err := loadCase(file, "")
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		reproduced := false
		for _, v := range vs {
			comp, err := comps.get(v)
			if err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			r, err := pipeline.Check(ctx, comp, c, oracle.Options{})
			if err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			if r.Divergence == nil {
				continue
			}
			got, err := rec.Record(ctx, r)
			if err != nil {
				return fail(stderr, exitInternal, "%v", err)
			}
			reproduced = true
			stored++
			fmt.Fprintf(stdout, "%s: LLVM %d: %s %s\n", file, v, got.Signature, r.Divergence.Title)
		}
		if !reproduced {
			stale++
			fmt.Fprintf(stdout, "%s: no divergence on LLVM %v any more\n", file, vs)
		}
		if *remove {
			os.Remove(file)
		}
	}
	fmt.Fprintf(stdout, "%d crasher file(s): %d divergence(s) stored in %s, %d no longer reproduce\n", len(files), stored, *reports, stale)
	return exitOK
}
