package diff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// The signature identifies a root cause: two inputs that hit the same LLVM
// behaviour must get the same signature, on any machine and in any run. It
// is built, as syzkaller builds crash titles, from the format, the class,
// the rule and the diagnostic with its volatile parts (names, numbers,
// quoted strings) replaced by placeholders.

// normalizers replace the volatile parts of a diagnostic, in order.
var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	// Quoted names and strings: 'g', '.foo', "x" (LLVM quotes with both).
	{regexp.MustCompile(`'[^']*'`), "'X'"},
	{regexp.MustCompile(`"[^"]*"`), `"X"`},
	// Target triples that appear unquoted.
	{regexp.MustCompile(`\b(x86_64|i[3-6]86|aarch64|arm64e?|armv[0-9a-z]+|thumbv[0-9a-z]+|powerpc(64(le)?)?|ppc(64(le)?)?|wasm(32|64)|s390x|riscv(32|64))-[A-Za-z0-9_.-]+`), "TRIPLE"},
	// Hex and decimal numbers (sizes, indices, line:column).
	{regexp.MustCompile(`0x[0-9a-fA-F]+`), "N"},
	{regexp.MustCompile(`\b[0-9]+\b`), "N"},
	// Temporary paths.
	{regexp.MustCompile(`/tmp/[^\s:]+`), "PATH"},
}

// Normalize replaces names, numbers, quoted strings and paths in a
// diagnostic with placeholders.
func Normalize(diag string) string {
	for _, n := range normalizers {
		diag = n.re.ReplaceAllString(diag, n.with)
	}
	return strings.TrimSpace(diag)
}

// maxTitle caps titles for display, as syzkaller does; the signature
// hashes the whole normalized text, so a long diagnostic still tells
// root causes apart.
const maxTitle = 240

// title builds the normalized one-line description of d, and keeps the
// uncapped text for the signature.
func title(d *Divergence) string {
	t := fullTitle(d)
	d.key = rootCause(d, t)
	if len(t) > maxTitle {
		return t[:maxTitle]
	}
	return t
}

// rootCause is the text the signature hashes. For verdicts and
// diagnostics it is what LLVM did (its diagnostic, or the one it failed to
// give), not which oracle rule expected otherwise: one LLVM behaviour met
// by different kinds of globals is one finding.
func rootCause(d *Divergence, title string) string {
	switch d.Class {
	case ClassVerdict:
		return fmt.Sprintf("%s verdict: got %s: %s", d.Format, d.ActualVerdict, Normalize(d.Cause))
	case ClassDiagnostic:
		return fmt.Sprintf("%s diagnostic: %s -> %s", d.Format, Normalize(d.Expected), Normalize(d.Actual))
	case ClassCrash:
		return fmt.Sprintf("%s crash: %s", d.Format, Normalize(d.Actual))
	}
	return title
}

func fullTitle(d *Divergence) string {
	var t string
	switch d.Class {
	case ClassVerdict, ClassDiagnostic, ClassCrash, ClassTimeout:
		t = fmt.Sprintf("%s %s [%s]: expected %s, got %s", d.Format, d.Class, d.Rule, Normalize(d.Expected), Normalize(d.Actual))
	case ClassName, ClassSegment:
		t = fmt.Sprintf("%s %s [%s]: %s", d.Format, d.Class, d.Rule, relation(d.Expected, d.Actual))
	case ClassFlags:
		// The flags that differ, not the whole sets: a function's
		// SomeInstructions must not split one missing attribute in two.
		t = fmt.Sprintf("%s %s [%s]: %s", d.Format, d.Class, d.Rule, flagDelta(d.Expected, d.Actual))
	default: // type, path, version: small vocabularies, kept as words
		t = fmt.Sprintf("%s %s [%s]: expected %s, got %s", d.Format, d.Class, d.Rule, orNone(d.Expected), orNone(d.Actual))
	}
	return t
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// relation describes how an actual name differs from the expected one
// without naming either, so that every truncation is one finding.
func relation(expected, actual string) string {
	switch {
	case expected == "(no section)":
		return "placed where none was expected"
	case actual == "(no section)":
		return "not placed where a section was expected"
	case strings.HasPrefix(expected, actual) && len(expected) > len(actual) && expected[len(actual)] == 0:
		return "name truncated at NUL"
	case actual == "":
		return "empty name"
	case strings.HasPrefix(expected, actual):
		return "name truncated" + truncationCause(expected, actual)
	case strings.HasPrefix(actual, expected):
		return "name extended"
	case strings.EqualFold(expected, actual):
		return "case changed"
	case strings.TrimSpace(expected) == actual:
		return "whitespace trimmed"
	}
	return "different name"
}

// truncationCause names what sits at the cut, which is usually why.
func truncationCause(expected, actual string) string {
	rest := expected[len(actual):]
	switch {
	case strings.HasPrefix(rest, "\x00"):
		return " at NUL"
	case len(actual) == 16 || len(actual) == 8:
		return fmt.Sprintf(" to %d bytes", len(actual))
	}
	return " at " + fmt.Sprintf("%q", rest[:1])
}

// Signature is a short, filesystem-safe, stable identifier of the
// divergence's root cause: <format>-<class>-<hash of the title>.
func (d *Divergence) Signature() string {
	key := d.key
	if key == "" {
		key = d.Title // a Divergence rebuilt from a stored title
	}
	sum := sha256.Sum256([]byte(key))
	return fmt.Sprintf("%s-%s-%s", d.Format, d.Class, hex.EncodeToString(sum[:])[:10])
}

// flagDelta names the flags one side has and the other lacks.
func flagDelta(expected, actual string) string {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Split(s, "|") {
			if w != "" {
				m[w] = true
			}
		}
		return m
	}
	e, a := set(expected), set(actual)
	var missing, extra []string
	for w := range e {
		if !a[w] {
			missing = append(missing, w)
		}
	}
	for w := range a {
		if !e[w] {
			extra = append(extra, w)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing "+strings.Join(missing, "|"))
	}
	if len(extra) > 0 {
		parts = append(parts, "extra "+strings.Join(extra, "|"))
	}
	return strings.Join(parts, ", ")
}

// CauseSignature is the signature of a divergence whose root cause is
// already named (the oracle deviations that explain it): the same cause
// met by different globals, kinds or rules is one finding, and two causes
// never share a signature.
func CauseSignature(f oracle.Format, class Class, cause string) string {
	sum := sha256.Sum256([]byte(string(f) + " cause " + cause))
	return fmt.Sprintf("%s-%s-%s", f, class, hex.EncodeToString(sum[:])[:10])
}
