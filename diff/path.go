package diff

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// A path divergence is two roads to an object (llc's object writer, llc's
// assembly through an assembler, clang from C) disagreeing about a global.
// Its title names both roads, the field that differs and a relation that
// describes the difference without the names themselves (an escape kept,
// a name cut before '#', an assembler's rejection with its names and
// numbers normalized), so that every name hitting the same mechanism is
// one finding.

// ComparePaths compares the outcome of road with that of the reference
// road ref (usually "obj") for a module of format f, and returns nil when
// they agree. Two rejections agree whatever their words (different tools
// word them differently) unless the road crashed or hung.
func ComparePaths(f oracle.Format, ref, road string, expected, actual oracle.Outcome) *Divergence {
	return ComparePathsBecause(f, ref, road, expected, actual, "")
}

// ComparePathsBecause is ComparePaths when the caller knows why a road
// may fail: a cause (such as "NUL in the section string", which cuts the
// assembly line wherever the assembler stops) replaces the failing tool's
// diagnostic in the title, so that every byte position and every
// assembler message it provokes is one finding.
func ComparePathsBecause(f oracle.Format, ref, road string, expected, actual oracle.Outcome, cause string) *Divergence {
	d := &Divergence{Class: ClassPath, Format: f, Rule: road + " vs " + ref}
	eAcc, aAcc := expected.Verdict == oracle.Accepted, actual.Verdict == oracle.Accepted
	var rel string
	switch {
	case eAcc && !aAcc:
		d.Expected, d.Actual = string(expected.Verdict), verdictWords(actual)
		rel = "verdict: " + failureRelation(actual)
		if cause != "" && actual.Verdict == oracle.Error {
			rel = "verdict: rejected (" + cause + ")"
		}
	case !eAcc && aAcc:
		d.Expected, d.Actual = verdictWords(expected), string(actual.Verdict)
		rel = "verdict: accepted where " + ref + " is " + string(expected.Verdict) + " (" + pathNormalize(expected.Diag) + ")"
	case !eAcc && !aAcc:
		if !isBreakdown(actual.Verdict) || isBreakdown(expected.Verdict) {
			return nil
		}
		d.Expected, d.Actual = verdictWords(expected), verdictWords(actual)
		rel = "verdict: " + failureRelation(actual)
	default:
		rel = comparePathPlacements(d, expected, actual)
		if rel == "" {
			return nil
		}
	}
	d.key = fmt.Sprintf("%s path [%s vs %s]: %s", f, road, ref, rel)
	d.Title = d.key
	if len(d.Title) > maxTitle {
		d.Title = d.Title[:maxTitle]
	}
	return d
}

func isBreakdown(v oracle.Verdict) bool { return v == oracle.Crash || v == oracle.Timeout }

// failureRelation says how a road failed, in normalized words.
func failureRelation(o oracle.Outcome) string {
	switch o.Verdict {
	case oracle.Timeout:
		return "timed out"
	case oracle.Crash:
		return "crashed (" + pathNormalize(o.Diag) + ")"
	}
	return "rejected (" + pathNormalize(o.Diag) + ")"
}

// pathNormalizers extend Normalize for other tools' diagnostics: GNU as
// quotes with `x', and names which byte it stopped at.
var pathNormalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile("`[^`']*'"), "'X'"},
	{regexp.MustCompile(`\(0x[0-9a-fA-F]+\)`), "(N)"},
}

func pathNormalize(diag string) string {
	for _, n := range pathNormalizers {
		diag = n.re.ReplaceAllString(diag, n.with)
	}
	return Normalize(diag)
}

// comparePathPlacements fills d for the first global (by name) whose
// placement differs and returns the relation, or "" when all agree.
func comparePathPlacements(d *Divergence, expected, actual oracle.Outcome) string {
	names := map[string]bool{}
	for n := range expected.Placements {
		names[n] = true
	}
	for n := range actual.Placements {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		e, eok := expected.Placements[n]
		a, aok := actual.Placements[n]
		d.Global = n
		switch {
		case !aok:
			d.Expected, d.Actual = e.Name, "(no section)"
			return "placement: global lost"
		case !eok:
			d.Expected, d.Actual = "(no section)", a.Name
			return "placement: global placed where the reference places none"
		case e.Name != a.Name:
			d.Expected, d.Actual = e.Name, a.Name
			return "name: " + NameRelation(e.Name, a.Name)
		case e.Segment != a.Segment:
			d.Expected, d.Actual = e.Segment, a.Segment
			return "segment: " + NameRelation(e.Segment, a.Segment)
		case e.Type != a.Type:
			d.Expected, d.Actual = e.Type, a.Type
			return "type: " + orNone(e.Type) + " became " + orNone(a.Type)
		case e.Flags != a.Flags:
			d.Expected, d.Actual = e.Flags, a.Flags
			return "flags: " + flagDelta(e.Flags, a.Flags)
		}
	}
	d.Global = ""
	return ""
}

// NameRelation describes how name actual differs from expected by the
// kind of edit, not by the names: "cut before '#'", or the distinct byte
// edits of a minimal alignment such as `added "\\" before "\""`. Letters,
// digits, control bytes and non-ASCII bytes are named by class (L, D, C,
// U), so that every name that meets the same escaping rule gets the same
// relation.
func NameRelation(expected, actual string) string {
	switch {
	case expected == actual:
		return "same"
	case actual == "":
		return "emptied"
	case strings.HasPrefix(expected, actual):
		return "cut before " + byteClass(expected[len(actual)])
	}
	ops := editOps(expected, actual)
	unescaped := true
	for _, op := range ops {
		if !strings.HasPrefix(op, `dropped "\\`) && !strings.HasPrefix(op, `replaced "\\`) {
			unescaped = false
		}
	}
	if unescaped {
		// Every edit removes a backslash and what follows it, or turns
		// them into one byte: the reader processed backslash escapes
		// (\d dropped to d, \b read as a backspace, \\ as one). One
		// relation for them all, whichever bytes follow.
		return "backslash escapes processed"
	}
	return strings.Join(ops, "; ")
}

// byteClass names one byte for a relation.
func byteClass(c byte) string {
	return `"` + classString(string([]byte{c})) + `"`
}

// classString rewrites s with bytes replaced by their class letters; a
// run of one class is one letter, so that "'y" read as 121 and "'B" read
// as 66 are the same edit.
func classString(s string) string {
	var b strings.Builder
	last := byte(0)
	class := func(l byte) {
		if last != l {
			b.WriteByte(l)
		}
		last = l
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			class('L')
			continue
		case c >= '0' && c <= '9':
			class('D')
			continue
		case c >= 0x80:
			class('U')
			continue
		case c < 0x20 || c == 0x7f:
			class('C')
			continue
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
		last = 0
	}
	return b.String()
}

// maxEditLen bounds the alignment's cost; longer names are compared by
// their first differing byte only.
const maxEditLen = 512

// editOps aligns expected with actual (longest common subsequence) and
// returns the distinct edits, sorted: added X before Y, dropped X before
// Y, replaced X with Z (X, Y, Z in class letters; Y is "end" at the end).
func editOps(expected, actual string) []string {
	if len(expected) > maxEditLen || len(actual) > maxEditLen {
		i := 0
		for i < len(expected) && i < len(actual) && expected[i] == actual[i] {
			i++
		}
		return []string{"differs at " + classAt(expected, i)}
	}
	n, m := len(expected), len(actual)
	// lcs[i][j] is the LCS length of expected[i:] and actual[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if expected[i] == actual[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	seen := map[string]bool{}
	var ops []string
	i, j := 0, 0
	for i < n || j < m {
		if i < n && j < m && expected[i] == actual[j] {
			i, j = i+1, j+1
			continue
		}
		// A run of edits up to the next common byte.
		di, dj := i, j
		for (i < n || j < m) && !(i < n && j < m && expected[i] == actual[j] && lcs[i][j] == lcs[i+1][j+1]+1) {
			if j >= m || (i < n && lcs[i+1][j] >= lcs[i][j+1]) {
				i++
			} else {
				j++
			}
		}
		del, add := expected[di:i], actual[dj:j]
		var op string
		switch {
		case del == "":
			op = fmt.Sprintf(`added "%s" before %s`, classString(add), classAt(expected, i))
		case add == "":
			op = fmt.Sprintf(`dropped "%s" before %s`, classString(del), classAt(expected, i))
		default:
			op = fmt.Sprintf(`replaced "%s" with "%s"`, classString(del), classString(add))
		}
		if !seen[op] {
			seen[op] = true
			ops = append(ops, op)
		}
	}
	sort.Strings(ops)
	return ops
}

func classAt(s string, i int) string {
	if i >= len(s) {
		return "end"
	}
	return byteClass(s[i])
}
