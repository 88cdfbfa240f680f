// Package litexport turns findings into tests in LLVM's own style: one .ll
// file each, with RUN lines that compile the reproducer with llc and read
// the object with llvm-readobj and llvm-nm (or catch llc's diagnostic), and CHECK lines
// that state what the format's rules (the oracle's --spec prediction)
// say should happen. A test of a bug that is still there fails, the way
// the finding's report says; once LLVM fixes it, the test passes and can go
// upstream as the regression test of the fix.
//
// Tests are grouped per LLVM version (out/llvm-N/), each directory with a
// lit.cfg.py that points lit at that version's tools.
package litexport

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// Test is one exported test.
type Test struct {
	// Path is the .ll file.
	Path string
	// LLVM is the version whose directory holds it.
	LLVM int
	// Signature is the finding's.
	Signature string
	// Reproduces is true when the finding was seen on this version: the
	// test is expected to fail there.
	Reproduces bool
	// FailsBy says how the test fails while the bug is there: "llc" (llc
	// stops where the rules say it should not), "FileCheck" (the output
	// differs from the CHECK lines).
	FailsBy string
}

// Options select what to export.
type Options struct {
	// AllVersions exports every finding for every LLVM version, not only
	// the versions it was seen on, to show where a bug is fixed.
	AllVersions bool
}

// Export writes a test per finding and version under out.
func Export(list []findings.Finding, repro func(sig string) (string, error), out string, opt Options) ([]Test, []string, error) {
	var tests []Test
	var skipped []string
	dirs := map[int]bool{}
	for _, f := range list {
		versions := f.Versions
		if opt.AllVersions {
			versions = oracle.Versions
		}
		ir, err := repro(f.Signature)
		if err != nil {
			return nil, nil, fmt.Errorf("litexport: %s: %w", f.Signature, err)
		}
		for _, v := range versions {
			body, failsBy, why := render(f, ir, v)
			if why != "" {
				skipped = append(skipped, fmt.Sprintf("%s (LLVM %d): %s", f.Signature, v, why))
				continue
			}
			dir := filepath.Join(out, "llvm-"+strconv.Itoa(v))
			if !dirs[v] {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return nil, nil, err
				}
				if err := findings.WriteFileAtomic(filepath.Join(dir, "lit.cfg.py"), []byte(litConfig(v))); err != nil {
					return nil, nil, err
				}
				dirs[v] = true
			}
			path := filepath.Join(dir, f.Signature+".ll")
			if err := findings.WriteFileAtomic(path, []byte(body)); err != nil {
				return nil, nil, err
			}
			tests = append(tests, Test{Path: path, LLVM: v, Signature: f.Signature, Reproduces: contains(f.Versions, v), FailsBy: failsBy})
		}
	}
	return tests, skipped, nil
}

// targetFeature is the lit feature of the LLVM target a triple needs.
func targetFeature(triple string) string {
	arch, _, _ := strings.Cut(triple, "-")
	switch {
	case arch == "x86_64" || strings.HasPrefix(arch, "i") && strings.HasSuffix(arch, "86"):
		return "x86-registered-target"
	case strings.HasPrefix(arch, "aarch64") || strings.HasPrefix(arch, "arm64"):
		return "aarch64-registered-target"
	case strings.HasPrefix(arch, "arm") || strings.HasPrefix(arch, "thumb"):
		return "arm-registered-target"
	case strings.HasPrefix(arch, "wasm"):
		return "webassembly-registered-target"
	case strings.HasPrefix(arch, "powerpc") || strings.HasPrefix(arch, "ppc"):
		return "powerpc-registered-target"
	case arch == "s390x":
		return "systemz-registered-target"
	case strings.HasPrefix(arch, "riscv"):
		return "riscv-registered-target"
	}
	return arch + "-registered-target"
}

// render builds the test for finding f on LLVM v, or says why it cannot.
func render(f findings.Finding, ir string, v int) (body, failsBy, why string) {
	c := f.Case
	c.LLVM = v
	spec := oracle.Predict(c, oracle.Options{Spec: true})
	format := oracle.TripleFor(c.Triple, c.LLVM).Format
	llc := "llc -mtriple=" + shellWord(c.Triple) + " -O0"
	if v < 15 {
		llc += " -opaque-pointers"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "; sectfuzz finding %s, LLVM %d\n", f.Signature, v)
	fmt.Fprintf(&b, "; %s\n", oneLine(f.Title))
	fmt.Fprintf(&b, "; Rules (oracle --spec, rule %s): %s\n", spec.Rule, oneLine(specWords(spec)))
	fmt.Fprintf(&b, "; LLVM %d did: %s\n", f.LLVM, oneLine(specWords(f.Actual)))
	fmt.Fprintf(&b, "; REQUIRES: %s\n", targetFeature(c.Triple))
	var checks []string
	switch spec.Verdict {
	case oracle.Error:
		fmt.Fprintf(&b, "; RUN: not %s -filetype=obj %%s -o /dev/null 2>&1 | FileCheck %%s\n", llc)
		checks = []string{"CHECK: " + fileCheckText(spec.Diag)}
		failsBy = "FileCheck"
		if f.Actual.Verdict != oracle.Error {
			// `not` fails when llc succeeds, and when it aborts.
			failsBy = "llc"
		}
	case oracle.Fatal:
		fmt.Fprintf(&b, "; RUN: not --crash %s -filetype=obj %%s -o /dev/null 2>&1 | FileCheck %%s\n", llc)
		checks = []string{"CHECK: " + fileCheckText(spec.Diag)}
		failsBy = "FileCheck"
		if f.Actual.Verdict != oracle.Fatal {
			failsBy = "llc"
		}
	case oracle.Accepted:
		readobj, nm, ok := placementChecks(format, c, spec)
		if !ok {
			return "", "", "llvm-readobj cannot show " + string(format) + " placements"
		}
		fmt.Fprintf(&b, "; RUN: %s -filetype=obj %%s -o %%t.o\n", llc)
		fmt.Fprintf(&b, "; RUN: llvm-readobj --sections --symbols %%t.o > %%t.readobj\n")
		for _, blk := range readobj {
			fmt.Fprintf(&b, "; RUN: FileCheck %%s --check-prefix=%s < %%t.readobj\n", blk.prefix)
			checks = append(checks, blk.lines...)
		}
		if len(nm) > 0 {
			fmt.Fprintf(&b, "; RUN: llvm-nm %%t.o > %%t.nm\n")
		}
		for _, blk := range nm {
			fmt.Fprintf(&b, "; RUN: FileCheck %%s --check-prefix=%s < %%t.nm\n", blk.prefix)
			checks = append(checks, blk.lines...)
		}
		failsBy = "FileCheck"
		if f.Actual.Verdict != oracle.Accepted {
			failsBy = "llc"
		}
	default:
		return "", "", "the rules predict " + string(spec.Verdict)
	}
	b.WriteString(";\n")
	for _, ch := range checks {
		b.WriteString("; " + ch + "\n")
	}
	b.WriteString("\n")
	for _, line := range strings.Split(strings.TrimRight(ir, "\n"), "\n") {
		if strings.HasPrefix(line, "target triple") {
			continue // -mtriple gives it; lit runs the file as is
		}
		b.WriteString(line + "\n")
	}
	return b.String(), failsBy, ""
}

// checkBlock is one FileCheck run over the object's listing: each
// section and each symbol gets its own prefix, so the test does not depend
// on the order in which the writer lists them.
type checkBlock struct {
	prefix string
	lines  []string
}

// placementChecks states each global's placement in llvm-readobj's output,
// and, for a common symbol the rules give no section, that llvm-nm lists
// it as common.
func placementChecks(format oracle.Format, c oracle.Case, o oracle.Outcome) (readobj, nm []checkBlock, ok bool) {
	switch format {
	case oracle.ELF, oracle.MachO, oracle.COFF:
	default:
		return nil, nil, false
	}
	tr := oracle.TripleFor(c.Triple, c.LLVM)
	var names []string
	for n := range o.Placements {
		names = append(names, n)
	}
	sort.Strings(names)
	seen := map[oracle.Placement]bool{}
	for _, n := range names {
		p := o.Placements[n]
		if seen[p] {
			continue
		}
		seen[p] = true
		pre := "SEC" + strconv.Itoa(len(seen)-1)
		lines := []string{pre + "-LABEL: Sections [", pre + ":      Name: " + fileCheckText(p.Name) + " ("}
		switch format {
		case oracle.ELF:
			lines = append(lines, pre+"-NEXT: Type: "+p.Type+" (", pre+"-NEXT: Flags [")
		case oracle.MachO:
			lines = append(lines, pre+"-NEXT: Segment: "+fileCheckText(p.Segment)+" (", pre+":      Type: "+p.Type+" (", pre+"-NEXT: Attributes [")
		case oracle.COFF:
			lines = append(lines, pre+":      Characteristics [")
		}
		if p.Flags != "" {
			for _, fl := range strings.Split(p.Flags, "|") {
				lines = append(lines, pre+"-NEXT:   "+fl+" (")
			}
		}
		lines = append(lines, pre+"-NEXT: ]", pre+":      Symbols [")
		readobj = append(readobj, checkBlock{pre, lines})
	}
	for i, n := range names {
		pre := "SYM" + strconv.Itoa(i)
		sym := fileCheckText(tr.ObjectSymbol(c.Globals[indexOf(c, n)]))
		if format == oracle.COFF {
			sym += "{{$}}" // COFF prints symbol names without an offset
		} else {
			sym += " ("
		}
		readobj = append(readobj, checkBlock{pre, []string{
			pre + "-LABEL: Symbols [",
			pre + ":      Name: " + sym,
			pre + ":      Section: " + fileCheckText(o.Placements[n].Name) + " (",
		}})
	}
	for _, g := range c.Globals {
		if _, placed := o.Placements[g.Name]; placed || g.Linkage != oracle.Common {
			continue
		}
		pre := "COMMON" + strconv.Itoa(len(nm))
		nm = append(nm, checkBlock{pre, []string{pre + ": {{ C }}" + fileCheckText(tr.ObjectSymbol(g)) + "{{$}}"}})
	}
	return readobj, nm, true
}

func indexOf(c oracle.Case, name string) int {
	for i, g := range c.Globals {
		if g.Name == name {
			return i
		}
	}
	return 0
}

// fileCheckText makes text safe for a CHECK line: FileCheck's {{ and [[
// become regex blocks, and bytes a line cannot hold become {{.}}.
func fileCheckText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' && i+1 < len(s) && s[i+1] == '{', c == '[' && i+1 < len(s) && s[i+1] == '[':
			b.WriteString("{{\\" + string(c) + "}}")
		case c < 0x20 || c >= 0x7f:
			b.WriteString("{{.}}")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func specWords(o oracle.Outcome) string {
	if o.Verdict != oracle.Accepted {
		return string(o.Verdict) + ": " + o.Diag
	}
	var parts []string
	var names []string
	for n := range o.Placements {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := o.Placements[n]
		s := "@" + n + " in " + strconv.Quote(p.Name)
		if p.Segment != "" {
			s = "@" + n + " in " + strconv.Quote(p.Segment) + "," + strconv.Quote(p.Name)
		}
		parts = append(parts, s+" "+p.Type+" ["+p.Flags+"]")
	}
	if len(parts) == 0 {
		return "accepted, no section"
	}
	return "accepted, " + strings.Join(parts, "; ")
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

func shellWord(s string) string {
	if strings.ContainsAny(s, " '\"$\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func contains(vs []int, v int) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// litConfig is the lit.cfg.py of one version directory: lit runs the
// tests with that version's llc, llvm-readobj, llvm-nm, FileCheck and not, and
// knows which targets that llc has.
func litConfig(v int) string {
	return fmt.Sprintf(`# Generated by sectfuzz export-lit: tests of sectfuzz findings for LLVM %[1]d.
# Run: lit -v --param llvm_bin=/usr/lib/llvm-%[1]d/bin DIR
import os
import subprocess

import lit.formats

config.name = "sectfuzz-llvm-%[1]d"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".ll"]
config.test_source_root = os.path.dirname(__file__)

bindir = lit_config.params.get("llvm_bin") or os.environ.get("SECTFUZZ_LLVM_%[1]d") or "/usr/lib/llvm-%[1]d/bin"
config.environment["PATH"] = bindir + os.pathsep + config.environment.get("PATH", os.environ.get("PATH", ""))
config.environment["LLVM_DISABLE_SYMBOLIZATION"] = "1"
config.environment["LLVM_DISABLE_CRASH_REPORT"] = "1"

# The targets this llc was built with, as LLVM's own lit features.
out = subprocess.run([os.path.join(bindir, "llc"), "--version"], capture_output=True, text=True).stdout
names = {"x86": "x86", "aarch64": "aarch64", "arm": "arm", "wasm32": "webassembly",
         "ppc32": "powerpc", "ppc64": "powerpc", "systemz": "systemz", "riscv64": "riscv"}
for line in out.splitlines():
    word = line.strip().split(" ")[0]
    if word in names:
        config.available_features.add(names[word] + "-registered-target")
`, v)
}
