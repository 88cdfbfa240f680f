// Package corpus holds sectfuzz's seed inputs: section strings seen in
// public projects (realworld-sections.tsv, from ../shared/corpus) and
// hand-picked edge cases of each format's rules (edge-cases.tsv). Both are
// embedded, so the sectfuzz binary and the fuzz targets need no files at
// run time; Load reads a user's own directory of the same .tsv files.
//
// A .tsv file has a header line, '#' comments, and rows of
//
//	name <TAB> format <TAB> source <TAB> context
//
// where a name that is empty, has surrounding spaces, tabs, newlines or
// other unprintable bytes is written go:"<Go-quoted string>".
package corpus

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

//go:embed *.tsv
var builtin embed.FS

// Entry is one seed section string.
type Entry struct {
	// Section is the exact section string.
	Section string
	// Format is the object format the source targets ("elf", "macho",
	// "coff", "wasm", "xcoff", "goff") or "any".
	Format string
	// Source says where it was seen (owner/repo:path) or why it is here.
	Source string
	// Context is how it was written (attribute, pragma, link_section, ...).
	Context string
	// Origin is "file:line" of the entry.
	Origin string
}

// Default returns the embedded corpus.
func Default() []Entry {
	es, err := loadFS(builtin, ".")
	if err != nil {
		// The embedded files are tested; failing here is a build defect.
		panic(err)
	}
	return es
}

// Load reads every .tsv file in dir.
func Load(dir string) ([]Entry, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return loadFS(os.DirFS(dir), dir)
}

func loadFS(fsys fs.FS, label string) ([]Entry, error) {
	names, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Entry
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		es, err := Parse(bytes.NewReader(data), filepath.Join(label, n))
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	return out, nil
}

// Parse reads one .tsv file; name appears in errors and origins.
func Parse(r io.Reader, name string) ([]Entry, error) {
	var out []Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	header := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !header {
			header = true
			if strings.HasPrefix(line, "name\t") {
				continue
			}
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			return nil, fmt.Errorf("corpus: %s:%d: malformed line %q: want name<TAB>format[<TAB>source<TAB>context]", name, n, line)
		}
		sec, err := unquote(cols[0])
		if err != nil {
			return nil, fmt.Errorf("corpus: %s:%d: malformed name %q: %v", name, n, cols[0], err)
		}
		e := Entry{Section: sec, Format: cols[1], Origin: fmt.Sprintf("%s:%d", name, n)}
		if !validFormat(e.Format) {
			return nil, fmt.Errorf("corpus: %s:%d: unknown format %q", name, n, e.Format)
		}
		if len(cols) > 2 {
			e.Source = cols[2]
		}
		if len(cols) > 3 {
			e.Context = cols[3]
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("corpus: %s: %w", name, err)
	}
	return out, nil
}

func unquote(s string) (string, error) {
	if q, ok := strings.CutPrefix(s, "go:"); ok {
		return strconv.Unquote(q)
	}
	return s, nil
}

// Quote writes a section string the way Parse reads it back.
func Quote(s string) string {
	if s == "" || s != strings.TrimSpace(s) || strings.HasPrefix(s, "go:") || strings.HasPrefix(s, "#") || !printable(s) {
		return "go:" + strconv.Quote(s)
	}
	return s
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

var formats = map[string]bool{"elf": true, "macho": true, "coff": true, "wasm": true, "xcoff": true, "goff": true, "any": true}

func validFormat(f string) bool { return formats[f] }

// Sections returns the distinct section strings of es that suit format f
// (entries for f and for "any"), in order of first appearance.
func Sections(es []Entry, f string) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range es {
		if (f == "" || e.Format == f || e.Format == "any") && !seen[e.Section] {
			seen[e.Section] = true
			out = append(out, e.Section)
		}
	}
	return out
}

// Merge keeps a minimal subset of entries with the same coverage: entries
// are taken in order and kept when they add a feature no kept entry has
// (features are what the caller measures, e.g. the oracle rules a string
// reaches). Entries of es come first, so an existing corpus keeps its
// entries and new candidates only add what is new.
func Merge(es []Entry, features func(Entry) []string) (kept []Entry, covered int) {
	seen := map[string]bool{}
	for _, e := range es {
		added := false
		for _, f := range features(e) {
			if !seen[f] {
				seen[f] = true
				added = true
			}
		}
		if added {
			kept = append(kept, e)
		}
	}
	return kept, len(seen)
}

// Write writes entries as a .tsv file Parse reads back.
func Write(w io.Writer, es []Entry) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Written by sectfuzz corpus merge: a minimal set by oracle-rule coverage.")
	fmt.Fprintln(bw, "name\tformat\tsource\tcontext")
	for _, e := range es {
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\n", Quote(e.Section), e.Format, oneField(e.Source), oneField(e.Context))
	}
	return bw.Flush()
}

func oneField(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
