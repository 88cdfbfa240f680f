package toolchain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// invocation is one run of an external tool in a fresh directory.
type invocation struct {
	path    string            // the tool
	args    []string          // its arguments; files are relative to the run dir
	files   map[string][]byte // input files written into the run dir
	output  string            // file to read back on success ("" = stdout)
	timeout time.Duration
}

// run executes inv in a new temporary directory and classifies the result.
func run(ctx context.Context, inv invocation) (Result, error) {
	dir, err := os.MkdirTemp("", "sectfuzz-run-")
	if err != nil {
		return Result{}, fmt.Errorf("creating run directory: %w", err)
	}
	defer os.RemoveAll(dir)
	for name, data := range inv.files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return Result{}, fmt.Errorf("writing %s: %w", name, err)
		}
	}
	timeout := inv.timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, inv.path, inv.args...)
	cmd.Dir = dir
	cmd.Env = env()
	// Own process group, so a timeout kills anything llc started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr

	start := time.Now()
	runErr := cmd.Run()
	res := Result{
		Stderr:  stderr.String(),
		Elapsed: time.Since(start),
		Command: commandLine(filepath.Base(inv.path), inv.args),
	}
	var exitErr *exec.ExitError
	switch {
	case runErr == nil:
		res.ExitCode = 0
	case ctx.Err() == context.DeadlineExceeded:
		res.Verdict = Timeout
		res.ExitCode = -1
		res.Signal = "killed"
		res.Diag = fmt.Sprintf("timeout after %v", timeout)
		return res, nil
	case errors.As(runErr, &exitErr):
		res.ExitCode = exitErr.ExitCode()
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.Signal = ws.Signal().String()
		}
	case ctx.Err() != nil:
		return Result{}, ctx.Err()
	default:
		return Result{}, fmt.Errorf("running %s: %w", inv.path, runErr)
	}
	res.Verdict, res.Diag = Classify(res.ExitCode, res.Signal != "", res.Stderr)
	if res.Verdict == Accepted {
		if inv.output == "" {
			res.Output = stdout.Bytes()
		} else if res.Output, err = os.ReadFile(filepath.Join(dir, inv.output)); err != nil {
			// llc said yes but wrote nothing: that is LLVM's fault, not ours.
			res.Verdict = Crash
			res.Diag = "tool exited 0 without writing " + inv.output
		}
	}
	return res, nil
}

// unsupportedFatal are `LLVM ERROR:` texts that mean "this version cannot
// write this object format at all", not "this section is wrong".
var unsupportedFatal = []string{
	"64-bit XCOFF object files are not supported yet",
	"GOFF MCObjectStreamer not implemented yet",
	"object emission not supported",
	"Cannot emit object files for",
}

// Classify turns a tool's exit status and stderr into a verdict and its
// diagnostic. It is exported for the persistent worker, which reports the
// same raw facts over a pipe.
//
// An `LLVM ERROR:` anywhere makes the run fatal (or unsupported, when it
// says the format cannot be written), even after an `error:` line: llc
// reports errors, carries on, and may abort later. The diagnostic is still
// the first error line. A signal without `LLVM ERROR:` is a crash, named
// by the function it crashed in.
func Classify(exitCode int, signaled bool, stderr string) (Verdict, string) {
	diag := FirstDiag(stderr)
	fatal := firstFatal(stderr)
	switch {
	case exitCode == 0 && !signaled:
		return Accepted, ""
	case fatal != "":
		for _, u := range unsupportedFatal {
			if strings.Contains(fatal, u) {
				return Unsupported, fatal
			}
		}
		return Fatal, diag
	case signaled || exitCode >= 128 || exitCode < 0:
		return Crash, crashDiag(stderr)
	case strings.Contains(diag, "unable to get target for"):
		// This llc has no backend for the architecture.
		return Unsupported, diag
	case diag != "":
		return Error, diag
	}
	return Crash, fmt.Sprintf("exit status %d without a diagnostic", exitCode)
}

// firstFatal returns the first `LLVM ERROR:` line, or "".
func firstFatal(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		if i := strings.Index(line, "LLVM ERROR:"); i >= 0 {
			return strings.TrimRight(line[i:], "\r")
		}
	}
	return ""
}

// FirstDiag returns the first `LLVM ERROR:` or `error:` line of stderr,
// without what precedes `error:` (tool name, file, line and column). llc
// reports a file it cannot parse as `llc: error: llc: in.ll:1:1: error:
// msg`; the location is part of the prefix too.
func FirstDiag(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimRight(line, "\r")
		if i := strings.Index(line, "LLVM ERROR:"); i >= 0 {
			return line[i:]
		}
		if i := strings.Index(line, "error:"); i >= 0 {
			rest := line[i+len("error:"):]
			if j := strings.Index(rest, ": error:"); j >= 0 && location.MatchString(rest[:j]) {
				rest = rest[j+len(": error:"):]
			}
			return "error:" + rest
		}
	}
	return ""
}

// location matches the end of "llc: in.ll:1:2", the place a diagnostic
// points at.
var location = regexp.MustCompile(`:\d+(:\d+)?$`)

// crashDiag names a crash without `LLVM ERROR:`: an assertion message if
// there is one, else the first function of the stack dump that is not
// the signal machinery or libc's start-up, as "crash in <function>"
// (offsets and addresses dropped, so the text is the same on every run and
// machine). A dump whose frames are all unnamed (a stripped binary) is
// "crash without a named frame": naming it by __libc_start_main would
// merge every such crash into one signature.
func crashDiag(stderr string) string {
	lines := strings.Split(stderr, "\n")
	for _, line := range lines {
		if strings.Contains(line, "Assertion") || strings.Contains(line, "UNREACHABLE") {
			return strings.TrimSpace(line)
		}
	}
	for _, line := range lines {
		fn := frameFunction(line)
		if fn == "" || signalFrame(fn) {
			continue
		}
		return "crash in " + fn
	}
	if strings.Contains(stderr, "Stack dump") {
		return "crash without a named frame"
	}
	return "crash without a stack dump"
}

var (
	// LLVM 19 and later: "4  libLLVM.so.22.1 0x00007f41e2340588 llvm::F() + 3496".
	frameNamed = regexp.MustCompile(`^\s*\d+\s+\S+\s+0x[0-9a-fA-F]+ (.+?)(?: \+ \d+)?$`)
	// LLVM 14: "/lib/.../libLLVM-14.so.1(_ZN4llvm11MCAssembler6layout...+0x1f1)[0x7f1e974008d1]".
	frameMangled = regexp.MustCompile(`^\S+\(([A-Za-z_][A-Za-z0-9_.$]*)\+0x[0-9a-fA-F]+\)\[0x[0-9a-fA-F]+\]$`)
)

// frameFunction returns the function of a stack-dump line, or "".
func frameFunction(line string) string {
	line = strings.TrimRight(line, "\r")
	if m := frameNamed.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	if m := frameMangled.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	return ""
}

// signalFrame reports frames that belong to LLVM's signal handling, to
// libc's abort or to the program's start-up, not to the code that crashed.
func signalFrame(fn string) bool {
	switch fn {
	case "__libc_start_main", "__libc_start_call_main", "_start":
		return true
	}
	for _, s := range []string{"PrintStackTrace", "RunSignalHandlers", "SignalHandler", "gsignal", "raise", "abort", "__restore_rt", "report_fatal_error"} {
		if strings.Contains(fn, s) {
			return true
		}
	}
	return false
}

// commandLine renders a reproducing command line, quoting where needed.
func commandLine(tool string, args []string) string {
	parts := []string{tool}
	for _, a := range args {
		if strings.ContainsAny(a, " \t\"'$\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
