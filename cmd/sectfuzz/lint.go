package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["lint"] = command{"check section strings for a target: rejected, silently changed, or version-dependent", runLint}
}

func runLint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	triple := fs.String("triple", "x86_64-unknown-linux-gnu", "target triple")
	versions := fs.String("llvm", "14,19,22", "comma-separated LLVM versions to check")
	kindFlag := fs.String("kind", "data", "global kind(s) the strings are used for, comma-separated, or all")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sectfuzz lint --triple T [--llvm 14,19,22] [--kind data,func|all] [FILE...]")
		fmt.Fprintln(stderr, "Reads one section string per line (Go-quoted as go:\"...\" for odd bytes) from the files or stdin.")
		fs.PrintDefaults()
	}
	if err := parseInterspersed(fs, args); err != nil {
		return exitUsage
	}
	var vs []int
	for _, s := range strings.Split(*versions, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || !oracle.KnownVersion(v) {
			return fail(stderr, exitUsage, "unknown LLVM version %q (want some of %v)", s, oracle.Versions)
		}
		vs = append(vs, v)
	}
	kinds := oracle.Kinds
	if *kindFlag != "all" {
		kinds = nil
		for _, s := range strings.Split(*kindFlag, ",") {
			k, err := oracle.ParseKind(strings.TrimSpace(s))
			if err != nil {
				return fail(stderr, exitUsage, "%v", err)
			}
			kinds = append(kinds, k)
		}
	}
	var inputs []lintInput
	read := func(r io.Reader, name string) error {
		sc := bufio.NewScanner(r)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			s := line
			if q, ok := strings.CutPrefix(line, "go:"); ok {
				var err error
				if s, err = strconv.Unquote(q); err != nil {
					return fmt.Errorf("%s:%d: malformed line %q: %v", name, n, line, err)
				}
			}
			inputs = append(inputs, lintInput{s, fmt.Sprintf("%s:%d", name, n)})
		}
		return sc.Err()
	}
	if fs.NArg() == 0 {
		if err := read(stdin, "<stdin>"); err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
	}
	for _, f := range fs.Args() {
		fd, err := os.Open(f)
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
		err = read(fd, f)
		fd.Close()
		if err != nil {
			return fail(stderr, exitUsage, "%v", err)
		}
	}
	problems := 0
	for _, in := range inputs {
		for _, msg := range lintOne(*triple, vs, kinds, in.section) {
			problems++
			fmt.Fprintf(stdout, "%s: %s: %s\n", in.origin, corpus.Quote(in.section), msg)
		}
	}
	if problems > 0 {
		fmt.Fprintf(stderr, "sectfuzz: %d problem(s) in %d section string(s) for %s\n", problems, len(inputs), *triple)
		return exitFindings
	}
	return exitOK
}

type lintInput struct{ section, origin string }

// lintOne lists what is wrong with one section string: rejected by some
// version, silently changed (a deviation applied), or placed differently
// by different versions. The same problem in several versions is one line.
func lintOne(triple string, versions []int, kinds []oracle.Kind, section string) []string {
	var order []string
	by := map[string][]string{}
	add := func(k oracle.Kind, v int, msg string) {
		key := string(k) + ": " + msg
		if _, ok := by[key]; !ok {
			order = append(order, key)
		}
		by[key] = append(by[key], strconv.Itoa(v))
	}
	var out []string
	for _, k := range kinds {
		var first *oracle.Outcome
		for _, v := range versions {
			c := oracle.Single(triple, v, k, section)
			o := oracle.Predict(c, oracle.Options{})
			switch {
			case o.Verdict != oracle.Accepted:
				msg := fmt.Sprintf("%s: %s", o.Verdict, o.Diag)
				if fix := oracle.Suggest(c); len(fix) > 0 {
					msg += fmt.Sprintf(" (try %s)", strconv.Quote(fix[0]))
				}
				add(k, v, msg)
			case o.Deviation != "":
				for _, id := range strings.Split(o.Deviation, ",") {
					d, _ := oracle.DeviationByID(id)
					add(k, v, fmt.Sprintf("silently: %s [%s]", d.Summary, id))
				}
			}
			if first == nil {
				first = &o
			} else if o.Verdict == oracle.Accepted && first.Verdict == oracle.Accepted && fmt.Sprint(o.Placements) != fmt.Sprint(first.Placements) {
				out = append(out, fmt.Sprintf("%s: LLVM %d places it as %s, LLVM %d as %s", k, versions[0], outcomeWords(*first), v, outcomeWords(o)))
			}
		}
	}
	for _, key := range order {
		k, msg, _ := strings.Cut(key, ": ")
		out = append(out, fmt.Sprintf("%s: LLVM %s: %s", k, strings.Join(by[key], ", "), msg))
	}
	return out
}
