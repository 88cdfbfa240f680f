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
	"slices"
	"sort"
	"sync"
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

	// causes caches RootCause's answers (format and deviations to a
	// signature): a campaign against the spec meets the same modeled
	// deviations over and over, and scanning every report for each one
	// cost more than the LLVM run that found it.
	mu     sync.Mutex
	causes map[string]string

	// CountEvery, when set, batches repeats: a repeat of a finding this
	// Store wrote less than CountEvery ago, that brings nothing but a hit
	// (no smaller reproducer, no new version, road or known reason), is
	// counted in memory and written with the next write of that finding
	// or by Flush, which a timer runs CountEvery later. A fuzz campaign
	// meets known divergences thousands of times; writing (and syncing)
	// two files for each cost more than finding them. Zero writes every
	// hit at once.
	CountEvery time.Duration
	pending    map[string]int
	written    map[string]time.Time
	flushing   *time.Timer
	flushMu    sync.Mutex // one Flush at a time
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
	old, err := s.load(f.Signature)
	hits := max(f.Count, 1)
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
			if s.onlyCounted(merged, old, hits, now) {
				return merged.Signature, false, nil
			}
		}
		f = merged
	}
	return f.Signature, isNew, s.write(f, reproLL, now)
}

// onlyCounted takes a repeat that adds nothing but hits into the pending
// counts (see CountEvery) and reports whether it did.
func (s *Store) onlyCounted(merged, old Finding, hits int, now time.Time) bool {
	if s.CountEvery <= 0 || merged.Known != old.Known ||
		!slices.Equal(merged.Versions, old.Versions) || !slices.Equal(merged.Paths, old.Paths) ||
		!slices.Equal(merged.AltSignatures, old.AltSignatures) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	last, ok := s.written[merged.Signature]
	if !ok || now.Sub(last) >= s.CountEvery {
		return false
	}
	if s.pending == nil {
		s.pending = map[string]int{}
	}
	s.pending[merged.Signature] += hits
	if s.flushing == nil {
		s.flushing = time.AfterFunc(s.CountEvery, func() { _ = s.Flush() })
	}
	return true
}

// Flush writes the hits CountEvery held back. It returns after any flush
// already running (the timer's) is done too.
func (s *Store) Flush() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	pending := s.pending
	s.pending, s.flushing = nil, nil
	s.mu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	now := time.Now().UTC().Truncate(time.Second)
	var errs []error
	for sig, n := range pending {
		f, err := s.load(sig)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f.Count += n
		f.LastSeen = now
		errs = append(errs, s.write(f, "", now))
	}
	return errors.Join(errs...)
}

// write stores finding f (and its reproducer, when given) atomically,
// adding the hits held back for it. The caller holds the store's lock.
func (s *Store) write(f Finding, reproLL string, now time.Time) error {
	s.mu.Lock()
	f.Count += s.pending[f.Signature]
	delete(s.pending, f.Signature)
	if s.CountEvery > 0 {
		if s.written == nil {
			s.written = map[string]time.Time{}
		}
		s.written[f.Signature] = now
	}
	s.mu.Unlock()
	dir := filepath.Join(s.Dir, f.Signature)
	f.ReportVersion = ReportVersion
	sort.Ints(f.Versions)
	sort.Strings(f.Paths)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	if reproLL != "" {
		if err := writeAtomic(filepath.Join(dir, "repro.ll"), []byte(reproLL)); err != nil {
			return err
		}
	}
	js, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "report.md"), []byte(Markdown(f, s.repro(f.Signature)))); err != nil {
		return err
	}
	// report.json last: its presence marks a complete finding.
	return writeAtomic(filepath.Join(dir, "report.json"), append(js, '\n'))
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
	key := format + "\x00" + explained
	s.mu.Lock()
	sig := s.causes[key]
	s.mu.Unlock()
	if sig != "" {
		// Findings are never removed by sectfuzz; one removed by hand
		// sends us back to the directory.
		if _, err := os.Stat(filepath.Join(s.Dir, sig, "report.json")); err == nil {
			return sig
		}
	}
	// A miss is always answered from the directory: another process may
	// have filed the cause since.
	list, err := s.List()
	if err != nil {
		return ""
	}
	causes := make(map[string]string, len(list))
	for _, o := range list {
		if o.ExplainedBy == "" {
			continue
		}
		if k := o.Format + "\x00" + o.ExplainedBy; causes[k] == "" {
			causes[k] = o.Signature
		}
	}
	s.mu.Lock()
	s.causes = causes
	s.mu.Unlock()
	return causes[key]
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
