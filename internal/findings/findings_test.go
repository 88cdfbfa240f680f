package findings

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func finding(sig, section string) Finding {
	return Finding{
		Signature: sig, Title: "macho verdict [r]: expected accepted, got fatal", Class: "verdict", Format: "macho",
		Triple: "x86_64-apple-macosx10.15", LLVM: 19, Versions: []int{19}, Paths: []string{"obj"},
		Case:     oracle.Single("x86_64-apple-macosx10.15", 19, oracle.KindData, section),
		Expected: oracle.Outcome{Verdict: oracle.Accepted}, Actual: oracle.Outcome{Verdict: oracle.Fatal, Diag: "LLVM ERROR: x"},
		Command: "llc-19 ...", Count: 1,
	}
}

func TestSaveDedupKeepsSmallest(t *testing.T) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, isNew, err := st.Save(finding("macho-verdict-1", "__DATA,__long_one"), "; long repro\n")
	if err != nil || !isNew {
		t.Fatalf("first save: new=%v err=%v", isNew, err)
	}
	f2 := finding("macho-verdict-1", "x")
	f2.LLVM, f2.Versions = 22, []int{22}
	_, isNew, err = st.Save(f2, "; short\n")
	if err != nil || isNew {
		t.Fatalf("second save: new=%v err=%v", isNew, err)
	}
	if _, _, err := st.Save(finding("macho-verdict-1", "__DATA,__even_longer_one"), "; longer repro\n"); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load("macho-verdict-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Count != 3 || got.Case.Globals[0].Section != "x" || fmt.Sprint(got.Versions) != "[19 22]" || got.ReportVersion != ReportVersion {
		t.Errorf("merged finding: count %d, section %q, versions %v, version %d", got.Count, got.Case.Globals[0].Section, got.Versions, got.ReportVersion)
	}
	repro, _ := st.Repro("macho-verdict-1")
	if repro != "; short\n" {
		t.Errorf("repro.ll = %q, want the smallest", repro)
	}
	md, _ := os.ReadFile(filepath.Join(st.Dir, "macho-verdict-1", "report.md"))
	for _, want := range []string{"macho-verdict-1", "x86_64-apple-macosx10.15", "; short", "llc-19", "seen 3 time(s)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
}

// TestCountEvery: with batching on, repeats that add nothing are counted
// in memory and written by Flush; a repeat that adds a version, or a
// smaller reproducer, is written at once with the held-back hits.
func TestCountEvery(t *testing.T) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.CountEvery = time.Hour // no timer fires during the test
	count := func() int {
		t.Helper()
		f, err := st.Load("macho-verdict-1")
		if err != nil {
			t.Fatal(err)
		}
		return f.Count
	}
	for i := 0; i < 3; i++ {
		if _, _, err := st.Save(finding("macho-verdict-1", "__DATA,__long_one"), "; long repro\n"); err != nil {
			t.Fatal(err)
		}
	}
	if got := count(); got != 1 {
		t.Errorf("after 3 saves, before Flush: count %d on disk, want 1", got)
	}
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 3 {
		t.Errorf("after Flush: count %d, want 3", got)
	}
	st.Save(finding("macho-verdict-1", "__DATA,__long_one"), "; long repro\n") // held back
	f22 := finding("macho-verdict-1", "__DATA,__long_one")
	f22.LLVM, f22.Versions = 22, []int{22}
	if _, _, err := st.Save(f22, "; long repro\n"); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 5 {
		t.Errorf("a new version writes at once with the held-back hit: count %d, want 5", got)
	}
	st.Save(finding("macho-verdict-1", "__DATA,__long_one"), "; long repro\n") // held back
	if _, _, err := st.Save(finding("macho-verdict-1", "x"), "; short\n"); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 7 {
		t.Errorf("a smaller reproducer writes at once: count %d, want 7", got)
	}
	if repro, _ := st.Repro("macho-verdict-1"); repro != "; short\n" {
		t.Errorf("repro.ll = %q, want the smaller one", repro)
	}
}

// TestSaveConcurrent: parallel fuzz workers saving one signature lose no
// occurrence and leave no temporary files.
func TestSaveConcurrent(t *testing.T) {
	for _, every := range []time.Duration{0, 5 * time.Millisecond} {
		t.Run(fmt.Sprint("CountEvery=", every), func(t *testing.T) { saveConcurrent(t, every) })
	}
}

func saveConcurrent(t *testing.T, every time.Duration) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st.CountEvery = every
	const n = 40
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, _, err := st.Save(finding("elf-name-2", strings.Repeat("s", 1+i%7)), "; repro\n"); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	time.Sleep(3 * every) // let a batching timer fire, racing the Flush below
	if err := st.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := st.Load("elf-name-2")
	if err != nil {
		t.Fatal(err)
	}
	if got.Count != n {
		t.Errorf("count %d, want %d", got.Count, n)
	}
	entries, _ := os.ReadDir(filepath.Join(st.Dir, "elf-name-2"))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	list, err := st.List()
	if err != nil || len(list) != 1 {
		t.Errorf("List = %d findings, %v", len(list), err)
	}
}

// TestSaveUnwritable: a store that cannot be written gives an error, and
// the finding that was there stays whole.
func TestSaveUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		// root ignores directory permissions; use a file where a
		// directory must go instead.
		dir := t.TempDir()
		st := &Store{Dir: filepath.Join(dir, "blocked")}
		if err := os.WriteFile(st.Dir, []byte("not a directory"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Save(finding("elf-name-3", "a"), "x"); err == nil {
			t.Fatal("saving into a file-that-should-be-a-directory succeeded")
		}
		return
	}
	dir := t.TempDir()
	st, _ := Open(dir)
	if _, _, err := st.Save(finding("elf-name-3", "a"), "x"); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(dir, "elf-name-3"), 0o500)
	defer os.Chmod(filepath.Join(dir, "elf-name-3"), 0o755)
	if _, _, err := st.Save(finding("elf-name-3", "b"), "y"); err == nil {
		t.Fatal("save into a read-only finding succeeded")
	}
	if got, err := st.Load("elf-name-3"); err != nil || got.Count != 1 {
		t.Errorf("finding damaged: %+v %v", got, err)
	}
}

func TestParseKnown(t *testing.T) {
	tests := []struct {
		in, wantErr string
		want        int
	}{
		{"# comment\n\nelf-name-abc LLVM bug, https://github.com/llvm/llvm-project/issues/1\n", "", 1},
		{"elf-name-abc\n", "needs a reason", 0},
		{"notasignature reason\n", "not a signature", 0},
	}
	for _, tt := range tests {
		k, err := ParseKnown(strings.NewReader(tt.in), "llvm-19.txt")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "llvm-19.txt:") {
				t.Errorf("%q: err %v, want %q with the line", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || len(k) != tt.want {
			t.Errorf("%q: %v %v", tt.in, k, err)
		}
	}
}

// TestRootCauseMerge: divergences explained by the same deviation are one
// finding, filed under the first signature, the others kept as alternates.
func TestRootCauseMerge(t *testing.T) {
	st, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := finding("macho-verdict-aaa", "__DATA,__z,zerofill")
	a.ExplainedBy = "macho-zerofill-type-unknown"
	b := finding("macho-verdict-bbb", "__DATA,__y,zerofill")
	b.ExplainedBy = "macho-zerofill-type-unknown"
	c := finding("macho-verdict-ccc", "x")
	c.ExplainedBy = "macho-empty-segment-accepted"
	for _, f := range []Finding{a, b, c} {
		if _, _, err := st.Save(f, "; r\n"); err != nil {
			t.Fatal(err)
		}
	}
	filed, isNew, err := st.Save(b, "; r\n")
	if err != nil || isNew || filed != "macho-verdict-aaa" {
		t.Fatalf("filed %q new %v err %v, want macho-verdict-aaa", filed, isNew, err)
	}
	list, _ := st.List()
	if len(list) != 2 {
		t.Fatalf("%d findings, want 2 root causes", len(list))
	}
	got, _ := st.Load("macho-verdict-aaa")
	if got.Count != 3 || fmt.Sprint(got.AltSignatures) != "[macho-verdict-bbb]" {
		t.Errorf("count %d, alternates %v", got.Count, got.AltSignatures)
	}
}

// TestDeviationFindingsExist: every deviation that names its finding
// points at a finding stored in the repository's reports/.
func TestDeviationFindingsExist(t *testing.T) {
	n := 0
	for _, d := range oracle.Deviations() {
		if d.Finding == "" {
			continue
		}
		n++
		sig := strings.TrimPrefix(d.Finding, "reports/")
		st := &Store{Dir: filepath.Join("..", "..", "reports")}
		f, err := st.Load(sig)
		if err != nil {
			t.Errorf("deviation %s: finding %s: %v", d.ID, d.Finding, err)
			continue
		}
		if !strings.Contains(","+f.ExplainedBy+",", ","+d.ID+",") {
			t.Errorf("deviation %s: finding %s is explained by %q", d.ID, sig, f.ExplainedBy)
		}
	}
	if n == 0 {
		t.Error("no deviation links to a finding")
	}
}
