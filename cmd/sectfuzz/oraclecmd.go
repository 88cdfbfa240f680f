package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"io"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func init() {
	commands["oracle"] = command{"predict JSON-line cases without running LLVM", runOracle}
}

func runOracle(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("oracle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	llvm := fs.Int("llvm", oracle.DefaultVersion, "LLVM major version to predict")
	spec := fs.Bool("spec", false, "predict the spec rules alone, without the version's known deviations")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if !oracle.KnownVersion(*llvm) {
		return fail(stderr, exitUsage, "unknown LLVM version %d (want one of %v)", *llvm, oracle.Versions)
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	opt := oracle.Options{Spec: *spec}
	err := eachLine(stdin, func(raw []byte) {
		p, err := parseLine(raw, *llvm)
		if err != nil {
			enc.Encode(errorLine{ID: p.id, Error: err.Error()})
			return
		}
		o := oracle.Predict(p.c, opt)
		if p.module {
			enc.Encode(moduleOf(p.id, o))
		} else {
			enc.Encode(singleOf(p.id, o))
		}
	})
	if err != nil {
		return fail(stderr, exitUsage, "reading input: %v", err)
	}
	return exitOK
}

// eachLine calls f for every non-blank input line. Lines may be long
// (whole modules), so the scanner's limit is raised to 16 MiB.
func eachLine(r io.Reader, f func([]byte)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(trimSpace(line)) == 0 {
			continue
		}
		f(append([]byte(nil), line...))
	}
	return sc.Err()
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
