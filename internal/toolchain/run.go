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
// diagnostic line. It is exported for the persistent worker, which reports
// the same raw facts over a pipe.
func Classify(exitCode int, signaled bool, stderr string) (Verdict, string) {
	diag := FirstDiag(stderr)
	switch {
	case exitCode == 0 && !signaled:
		return Accepted, ""
	case strings.HasPrefix(diag, "LLVM ERROR:"):
		for _, u := range unsupportedFatal {
			if strings.Contains(diag, u) {
				return Unsupported, diag
			}
		}
		return Fatal, diag
	case signaled || exitCode >= 128 || exitCode < 0:
		// A signal without report_fatal_error: a real crash (segfault,
		// assertion, unreachable).
		if diag == "" {
			diag = crashLine(stderr)
		}
		return Crash, diag
	case diag != "":
		return Error, diag
	}
	return Crash, fmt.Sprintf("exit status %d without a diagnostic", exitCode)
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

// crashLine picks the most telling line of a crash without `error:`: an
// assertion or the first stack-dump line.
func crashLine(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "Assertion") || strings.Contains(line, "UNREACHABLE") {
			return strings.TrimSpace(line)
		}
	}
	for _, line := range strings.Split(stderr, "\n") {
		if s := strings.TrimSpace(line); s != "" {
			return s
		}
	}
	return ""
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
