package toolchain

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// GAS is GNU as for one target, from Debian's binutils packages: the other
// assembler of the assembly road. It reads the same text as llvm-mc but
// unescapes section names and treats comment characters its own way, so
// the two assemblers can disagree with each other and with llc's object.
type GAS struct {
	path   string
	target string
	// Timeout bounds each run; 0 means DefaultTimeout.
	Timeout time.Duration
}

// gasTarget is one GNU as that Debian ships, by object format and
// architecture (the first component of the triple).
type gasTarget struct {
	format string   // "elf" or "coff": the only formats Debian's as writes for LLVM's triples
	arches []string // triple architectures it assembles
	tools  []string // binary names, tried in order
	pkg    string   // the Debian package that ships it
}

// gasTargets are the GNU assemblers sectfuzz uses. scripts/deps.sh
// installs their packages.
var gasTargets = []gasTarget{
	{"elf", []string{"x86_64"}, []string{"x86_64-linux-gnu-as", "as"}, "binutils-x86-64-linux-gnu"},
	{"elf", []string{"aarch64", "arm64"}, []string{"aarch64-linux-gnu-as"}, "binutils-aarch64-linux-gnu"},
	{"elf", []string{"powerpc64"}, []string{"powerpc64-linux-gnu-as"}, "binutils-powerpc64-linux-gnu"},
	{"coff", []string{"x86_64"}, []string{"x86_64-w64-mingw32-as"}, "binutils-mingw-w64-x86-64"},
	{"coff", []string{"i386", "i486", "i586", "i686"}, []string{"i686-w64-mingw32-as"}, "binutils-mingw-w64-i686"},
}

// NoGASError says why there is no GNU as for a target: Debian has none
// (Mach-O, Wasm, XCOFF, GOFF, Windows on ARM), or its package is not
// installed. Callers report it as "road does not apply", never silently.
type NoGASError struct {
	Format, Arch string
	// Package is the Debian package that would provide it, "" if none.
	Package string
}

func (e *NoGASError) Error() string {
	if e.Package == "" {
		return fmt.Sprintf("Debian ships no GNU as for %s objects on %s", e.Format, e.Arch)
	}
	return fmt.Sprintf("GNU as for %s %s not installed (Debian package %s; run `make deps`)", e.Format, e.Arch, e.Package)
}

// FindGAS finds GNU as for object format (the oracle's format name) and
// architecture arch.
func FindGAS(format, arch string) (*GAS, error) {
	for _, t := range gasTargets {
		if t.format != format || !contains(t.arches, arch) {
			continue
		}
		for _, tool := range t.tools {
			if p, err := exec.LookPath(tool); err == nil {
				return &GAS{path: p, target: tool}, nil
			}
		}
		return nil, &NoGASError{Format: format, Arch: arch, Package: t.pkg}
	}
	return nil, &NoGASError{Format: format, Arch: arch}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Path is the as binary.
func (g *GAS) Path() string { return g.path }

// Name is the binary's name (x86_64-w64-mingw32-as, ...).
func (g *GAS) Name() string { return g.target }

// Args returns the as arguments that assemble in.s into out.o.
func (g *GAS) Args() []string { return []string{"-o", "out.o", "in.s"} }

// Assemble runs GNU as on asm. GNU as reports `FILE:LINE: Error: msg`;
// the verdict's diagnostic is the first such line from `Error:` on.
func (g *GAS) Assemble(ctx context.Context, asm string) (Result, error) {
	res, err := run(ctx, invocation{
		path:    g.path,
		args:    g.Args(),
		files:   map[string][]byte{"in.s": []byte(asm)},
		output:  "out.o",
		timeout: g.Timeout,
	})
	if err != nil || res.Verdict == Accepted || res.Verdict == Timeout {
		return res, err
	}
	if d := gasDiag(res.Stderr); d != "" {
		res.Diag = d
		if res.Verdict == Crash && res.Signal == "" {
			res.Verdict = Error
		}
	}
	return res, nil
}

// gasDiag is the first `Error:` or `Fatal error:` line of GNU as, without
// the file and line before it.
func gasDiag(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		for _, key := range []string{"Fatal error:", "Error:"} {
			if i := strings.Index(line, key); i >= 0 {
				return strings.TrimRight(line[i:], "\r")
			}
		}
	}
	return ""
}
