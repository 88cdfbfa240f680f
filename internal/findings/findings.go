// Package findings is the on-disk store of divergences: one directory per
// signature under reports/, holding the smallest reproducer (repro.ll), a
// machine-readable report.json and an upstream-ready report.md. The same
// signature found again is the same finding: its count, last-seen time and
// versions are updated, and a smaller reproducer replaces the old one.
//
// Every file is written to a temporary name and renamed into place, and
// updates hold an exclusive lock on the store, so parallel fuzz workers
// never lose or half-write a finding.
package findings

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// ReportVersion is the version of report.json's layout. Version 2 added
// "roads": how each road of a path divergence was run and what it gave.
const ReportVersion = 2

// Finding is one divergence as stored in report.json.
type Finding struct {
	// ReportVersion is the layout version of this file.
	ReportVersion int `json:"report_version"`
	// Signature names the root cause and the directory.
	Signature string `json:"signature"`
	// Title is the normalized one-line description.
	Title string `json:"title"`
	// Class is the divergence class (verdict, name, flags, ...).
	Class string `json:"class"`
	// Format is the object format.
	Format string `json:"format"`
	// Triple and LLVM are those of the stored (smallest) reproducer.
	Triple string `json:"triple"`
	LLVM   int    `json:"llvm"`
	// Versions lists every LLVM major version it was seen on.
	Versions []int `json:"versions"`
	// Paths lists the roads it was seen on (obj, asm, clang).
	Paths []string `json:"paths"`
	// Case is the stored reproducer in the oracle's vocabulary.
	Case oracle.Case `json:"case"`
	// Global is the global whose placement differs, if any.
	Global string `json:"global,omitempty"`
	// Rule and Deviation are the oracle's, for the prediction.
	Rule      string `json:"rule"`
	Deviation string `json:"deviation,omitempty"`
	// Expected and Actual are the two outcomes.
	Expected oracle.Outcome `json:"expected"`
	Actual   oracle.Outcome `json:"actual"`
	// ExpectedWords and ActualWords are the differing values, in words.
	ExpectedWords string `json:"expected_words"`
	ActualWords   string `json:"actual_words"`
	// Command reproduces the actual outcome from repro.ll.
	Command string `json:"command"`
	// Stderr is the tool's output (trimmed to its first lines).
	Stderr string `json:"stderr,omitempty"`
	// Count is how many times the signature was hit.
	Count int `json:"count"`
	// FirstSeen and LastSeen are UTC times.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Minimized is true once the reproducer went through the minimizer.
	Minimized bool `json:"minimized"`
	// Flaky is true when a re-run did not reproduce the signature.
	Flaky bool `json:"flaky,omitempty"`
	// Known is the reason from reports/known/llvm-N.txt, if listed.
	Known string `json:"known,omitempty"`
	// ExplainedBy names the oracle deviations that predict exactly what
	// LLVM did (a finding of a campaign against the spec alone): the root
	// cause. Divergences explained by the same deviations are one finding.
	ExplainedBy string `json:"explained_by,omitempty"`
	// AltSignatures are other signatures merged into this finding because
	// they share its root cause.
	AltSignatures []string `json:"alt_signatures,omitempty"`
	// Roads are, for a path divergence, the reference road and the road
	// that disagreed with it (report version 2).
	Roads []Road `json:"roads,omitempty"`
}

// Store is a findings directory.
type Store struct {
	Dir string
}

// Open returns the store rooted at dir, creating it if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("findings store %s: %w", dir, err)
	}
	return &Store{Dir: dir}, nil
}

// Save records one occurrence of f with its reproducer. It returns the
// signature the finding is filed under (another one when a stored finding
// has the same root cause, see ExplainedBy) and whether it was new.
func (s *Store) Save(f Finding, reproLL string) (filed string, isNew bool, err error) {
	if f.Signature == "" {
		return "", false, errors.New("findings: finding without a signature")
	}
	unlock, err := s.lock()
	if err != nil {
		return "", false, err
	}
	defer unlock()

	now := time.Now().UTC().Truncate(time.Second)
	if f.ExplainedBy != "" {
		// One root cause, one finding: file it under the signature
		// that first met this deviation.
		if primary := s.byRootCause(f); primary != "" && primary != f.Signature {
			if !containsStr(f.AltSignatures, f.Signature) {
				f.AltSignatures = append(f.AltSignatures, f.Signature)
			}
			f.Signature = primary
		}
	}
	dir := filepath.Join(s.Dir, f.Signature)
	old, err := s.load(f.Signature)
	switch {
	case errors.Is(err, os.ErrNotExist):
		isNew = true
		f.Count = max(f.Count, 1)
		f.FirstSeen, f.LastSeen = now, now
	case err != nil:
		return "", false, err
	default:
		merged := old
		merged.Count += max(f.Count, 1)
		merged.LastSeen = now
		merged.Versions = unionInts(old.Versions, f.Versions)
		merged.Paths = unionStrings(old.Paths, f.Paths)
		merged.AltSignatures = unionStrings(old.AltSignatures, f.AltSignatures)
		if f.Known != "" {
			merged.Known = f.Known
		}
		if smaller(f, reproLL, old, s.repro(f.Signature)) {
			// Keep the history, take the smaller reproducer.
			f.Count, f.FirstSeen, f.LastSeen = merged.Count, old.FirstSeen, now
			f.Versions, f.Paths, f.Known, f.AltSignatures = merged.Versions, merged.Paths, merged.Known, merged.AltSignatures
			merged = f
		} else {
			reproLL = ""
		}
		f = merged
	}
	f.ReportVersion = ReportVersion
	sort.Ints(f.Versions)
	sort.Strings(f.Paths)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", false, fmt.Errorf("findings: %w", err)
	}
	if reproLL != "" {
		if err := writeAtomic(filepath.Join(dir, "repro.ll"), []byte(reproLL)); err != nil {
			return "", false, err
		}
	}
	js, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return "", false, err
	}
	if err := writeAtomic(filepath.Join(dir, "report.md"), []byte(Markdown(f, s.repro(f.Signature)))); err != nil {
		return "", false, err
	}
	// report.json last: its presence marks a complete finding.
	if err := writeAtomic(filepath.Join(dir, "report.json"), append(js, '\n')); err != nil {
		return "", false, err
	}
	return f.Signature, isNew, nil
}

// byRootCause returns the signature of a stored finding of the same
// format explained by the same deviations, or "".
func (s *Store) byRootCause(f Finding) string { return s.RootCause(f.Format, f.ExplainedBy) }

// RootCause returns the signature of the stored finding of format whose
// divergence the deviations explained explain, or "".
func (s *Store) RootCause(format, explained string) string {
	if explained == "" {
		return ""
	}
	list, err := s.List()
	if err != nil {
		return ""
	}
	for _, o := range list {
		if o.Format == format && o.ExplainedBy == explained {
			return o.Signature
		}
	}
	return ""
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// smaller reports whether the new reproducer beats the stored one: fewer
// globals, then a shorter section string, then shorter IR.
func smaller(f Finding, ll string, old Finding, oldLL string) bool {
	if len(f.Case.Globals) != len(old.Case.Globals) {
		return len(f.Case.Globals) < len(old.Case.Globals)
	}
	if a, b := sectionBytes(f.Case), sectionBytes(old.Case); a != b {
		return a < b
	}
	if f.Minimized != old.Minimized {
		return f.Minimized
	}
	return len(ll) < len(oldLL)
}

func sectionBytes(c oracle.Case) int {
	n := 0
	for _, g := range c.Globals {
		n += len(g.Section)
	}
	return n
}

// Rewrite renders every finding's report.md again from its report.json
// (after the report's layout changed).
func (s *Store) Rewrite() (int, error) {
	list, err := s.List()
	if err != nil {
		return 0, err
	}
	for _, f := range list {
		md := Markdown(f, s.repro(f.Signature))
		if err := writeAtomic(filepath.Join(s.Dir, f.Signature, "report.md"), []byte(md)); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

// Load reads one finding.
func (s *Store) Load(sig string) (Finding, error) { return s.load(sig) }

func (s *Store) load(sig string) (Finding, error) {
	var f Finding
	data, err := os.ReadFile(filepath.Join(s.Dir, sig, "report.json"))
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return f, fmt.Errorf("findings: %s/report.json: %w", sig, err)
	}
	return f, nil
}

func (s *Store) repro(sig string) string {
	data, _ := os.ReadFile(filepath.Join(s.Dir, sig, "repro.ll"))
	return string(data)
}

// Repro returns a finding's stored reproducer.
func (s *Store) Repro(sig string) (string, error) {
	data, err := os.ReadFile(filepath.Join(s.Dir, sig, "repro.ll"))
	return string(data), err
}

// List returns every complete finding in the store, by signature.
func (s *Store) List() ([]Finding, error) {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []Finding
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "known" || e.Name()[0] == '.' {
			continue
		}
		f, err := s.load(e.Name())
		if errors.Is(err, os.ErrNotExist) {
			continue // not a finding directory
		}
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Signature < out[j].Signature })
	return out, nil
}

// lock takes the store's exclusive lock (an flock on .lock), shared with
// every process using the same directory.
func (s *Store) lock() (func(), error) {
	fd, err := os.OpenFile(filepath.Join(s.Dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("findings: locking store: %w", err)
	}
	if err := syscall.Flock(int(fd.Fd()), syscall.LOCK_EX); err != nil {
		fd.Close()
		return nil, fmt.Errorf("findings: locking store: %w", err)
	}
	return func() {
		syscall.Flock(int(fd.Fd()), syscall.LOCK_UN)
		fd.Close()
	}, nil
}

// writeAtomic writes data to a temporary file beside path, syncs it and
// renames it into place: readers see the old file or the new one, never
// half of either, even when the disk fills up mid-write.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(name)
		return fmt.Errorf("findings: writing %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

// WriteFileAtomic is writeAtomic for other packages that store results.
func WriteFileAtomic(path string, data []byte) error { return writeAtomic(path, data) }

func unionInts(a, b []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, v := range append(append([]int(nil), a...), b...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Ints(out)
	return out
}

func unionStrings(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range append(append([]string(nil), a...), b...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}
