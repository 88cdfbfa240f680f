// Command sectfuzz predicts, checks and fuzzes how LLVM turns a
// `section "..."` string into an object-file section.
//
//	sectfuzz oracle  --llvm N            JSON lines in, predictions out
//	sectfuzz check   --llvm N            JSON lines in, prediction + real llc out
//	sectfuzz explain --triple T --llvm N [--kind K] STRING
//
// Run `sectfuzz help` for every command.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand. run returns the process exit code.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is filled by each command's file.
var commands = map[string]command{}

// Exit codes: 0 fine, 1 the run found something (a new divergence, a
// rejected section in lint), 2 bad usage or input, 3 sectfuzz itself
// failed (a tool missing, a full disk).
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
	exitInternal = 3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "sectfuzz: unknown command %q (run `sectfuzz help`)\n", args[0])
		return exitUsage
	}
	return cmd.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sectfuzz <command> [flags]")
	fmt.Fprintln(w)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun `sectfuzz <command> -h` for a command's flags.")
}

// fail prints a one-line error and returns code.
func fail(stderr io.Writer, code int, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	msg = strings.ReplaceAll(strings.TrimSpace(msg), "\n", " ")
	fmt.Fprintln(stderr, "sectfuzz: "+msg)
	return code
}
