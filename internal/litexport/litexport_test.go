package litexport

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/findings"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// TestExportedTestsRunUnderLit records real findings (LLVM against the
// format's rules, oracle --spec), exports them, and runs the real lit and
// FileCheck of LLVM 22 on them with each version's llc: a test fails
// exactly where its bug reproduces, the way the report says, and passes
// where LLVM does what the rules say.
func TestExportedTestsRunUnderLit(t *testing.T) {
	lit, err := toolchain.FindTool("lit", 22)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := findings.Open(filepath.Join(dir, "reports"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []oracle.Case{
		// Placement bugs: FileCheck sees the wrong section.
		oracle.Single("x86_64-apple-macosx10.15", 0, oracle.KindData, "__SEGMENT_TOO_LONG_17,__x"),
		oracle.Single("x86_64-unknown-linux-gnu", 0, oracle.KindData, ".symtab"),
		// llc rejects what the rules accept, in LLVM 14 only.
		oracle.Single("x86_64-apple-macosx10.15", 0, oracle.KindZero, "__DATA,__z,zerofill"),
		// llc accepts what the rules reject.
		oracle.Single("arm64-apple-ios14", 0, oracle.KindData, "__DATA,__x,regular,no_dead_strip+ +debug"),
	}
	// Record each case on every version where it diverges, as a campaign
	// over all versions would.
	for _, c := range cases {
		found := false
		for _, v := range oracle.Versions {
			llc, err := toolchain.NewLLC(v)
			if err != nil {
				t.Fatal(err)
			}
			r, err := pipeline.Check(context.Background(), llc, c, oracle.Options{Spec: true})
			if err != nil {
				t.Fatal(err)
			}
			if r.Divergence == nil {
				continue
			}
			found = true
			if _, _, err := st.Save(pipeline.ToFinding(r, "obj"), r.IR); err != nil {
				t.Fatal(err)
			}
		}
		if !found {
			t.Fatalf("%+v: no divergence from the spec on any version", c)
		}
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "lit")
	tests, skipped, err := Export(list, st.Repro, out, Options{AllVersions: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) > 0 || len(tests) != 3*len(list) {
		t.Fatalf("%d tests for %d findings, skipped %v", len(tests), len(list), skipped)
	}
	results := map[string]string{} // path -> PASS/FAIL
	logs := map[int]string{}
	for _, v := range oracle.Versions {
		cmd := exec.Command(lit, "-v", "--param", "llvm_bin=/usr/lib/llvm-"+itoa(v)+"/bin", filepath.Join(out, "llvm-"+itoa(v)))
		b, _ := cmd.CombinedOutput() // lit exits 1 when a test fails
		logs[v] = string(b)
		for _, m := range regexp.MustCompile(`(?m)^(PASS|FAIL|UNSUPPORTED|UNRESOLVED): \S+ :: (\S+)`).FindAllStringSubmatch(string(b), -1) {
			results[filepath.Join(out, "llvm-"+itoa(v), m[2])] = m[1]
		}
	}
	for _, tt := range tests {
		got := results[tt.Path]
		want := "PASS"
		if tt.Reproduces {
			want = "FAIL"
		}
		if got != want {
			t.Errorf("%s: lit says %q, want %s\n%s", tt.Path, got, want, logs[tt.LLVM])
			continue
		}
		if want == "FAIL" {
			block := failureBlock(logs[tt.LLVM], filepath.Base(tt.Path))
			if tt.FailsBy == "FileCheck" && !fileCheckFailed.MatchString(block) {
				t.Errorf("%s should fail in FileCheck:\n%s", tt.Path, block)
			}
			if tt.FailsBy == "llc" && fileCheckFailed.MatchString(block) {
				t.Errorf("%s should fail because of llc, not FileCheck:\n%s", tt.Path, block)
			}
		}
	}
}

// failureBlock cuts lit -v's report of one failing test.
func failureBlock(log, name string) string {
	i := strings.Index(log, "FAIL: ")
	for i >= 0 {
		end := strings.Index(log[i:], "\n")
		if end > 0 && strings.Contains(log[i:i+end], name) {
			rest := log[i:]
			if j := strings.Index(rest[1:], "\n********************\n"); j >= 0 {
				if k := strings.Index(rest[j+2:], "********************"); k >= 0 {
					return rest[:j+2+k]
				}
			}
			return rest
		}
		next := strings.Index(log[i+1:], "FAIL: ")
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return ""
}

func itoa(v int) string { return strconv.Itoa(v) }

// TestRepoFindingsUnderLit exports the findings committed in reports/ and
// runs them under the real lit with the LLVM versions they name: each
// must fail there, the way its report says (they are bugs not yet fixed).
func TestRepoFindingsUnderLit(t *testing.T) {
	lit, err := toolchain.FindTool("lit", 22)
	if err != nil {
		t.Fatal(err)
	}
	st := &findings.Store{Dir: filepath.Join("..", "..", "reports")}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("reports/ holds no findings: the shared corpus of findings is missing")
	}
	out := t.TempDir()
	tests, _, err := Export(list, st.Repro, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]string{}
	logs := map[int]string{}
	for _, v := range oracle.Versions {
		dir := filepath.Join(out, "llvm-"+itoa(v))
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		b, _ := exec.Command(lit, "-v", "--param", "llvm_bin=/usr/lib/llvm-"+itoa(v)+"/bin", dir).CombinedOutput()
		logs[v] = string(b)
		for _, m := range regexp.MustCompile(`(?m)^(PASS|FAIL|UNSUPPORTED|UNRESOLVED): \S+ :: (\S+)`).FindAllStringSubmatch(string(b), -1) {
			results[filepath.Join(dir, m[2])] = m[1]
		}
	}
	for _, tt := range tests {
		if got := results[tt.Path]; got != "FAIL" {
			t.Errorf("%s: lit says %q; the finding reproduces on LLVM %d, so its test must fail\n%s", tt.Path, got, tt.LLVM, failureBlock(logs[tt.LLVM], filepath.Base(tt.Path)))
			continue
		}
		block := failureBlock(logs[tt.LLVM], filepath.Base(tt.Path))
		if tt.FailsBy == "FileCheck" && !fileCheckFailed.MatchString(block) {
			t.Errorf("%s should fail in FileCheck:\n%s", tt.Path, block)
		}
	}
	t.Logf("%d exported tests of %d findings fail as their reports say", len(tests), len(list))
}

// fileCheckFailed matches FileCheck's report of a failed CHECK line, for
// any of the prefixes the tests use (CHECK, SEC0, SYM1, COMMON0...).
var fileCheckFailed = regexp.MustCompile(`error: [A-Z]+[0-9]*(-[A-Z]+)?: `)
