package pipeline

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// TestHandWrittenModules runs the .ll modules under testdata/modules the
// way `sectfuzz check --ll` does, on every LLVM version: the oracle must
// agree with the real llc on the verdict, the diagnostic and every
// placement, and the verdict must be the one the file's header states
// ("; want: V", "; want-N: V" for version N). They hold what irgen never
// writes: C-like types (doubles, vectors, structs of mixed fields, nested
// arrays), aliases, declarations with sections, attributes and metadata.
func TestHandWrittenModules(t *testing.T) {
	files, err := filepath.Glob("testdata/modules/*.ll")
	if err != nil || len(files) == 0 {
		t.Fatalf("no modules: %v", err)
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := wantedVerdicts(t, f, string(text))
		c, err := irgen.Parse(string(text))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, v := range oracle.Versions {
			c, v := c, v
			t.Run(filepath.Base(f)+"/llvm"+strconv.Itoa(v), func(t *testing.T) {
				t.Parallel()
				r, err := CheckIR(context.Background(), llcFor(t, v), c, string(text), oracle.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if r.Divergence != nil {
					t.Errorf("%s\noracle: %s\nllc-%d: %s\nstderr: %s", r.Divergence.Title, show(r.Predicted), v, show(r.Actual), r.Run.Stderr)
				}
				if r.Actual.Verdict != want[v] {
					t.Errorf("llc-%d verdict %s, the header says %s", v, r.Actual.Verdict, want[v])
				}
			})
		}
	}
}

// wantedVerdicts reads a module's "; want:" header lines.
func wantedVerdicts(t *testing.T, file, text string) map[int]oracle.Verdict {
	want := map[int]oracle.Verdict{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "; want")
		if !ok {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("%s: malformed header %q", file, sc.Text())
		}
		verdict := oracle.Verdict(strings.TrimSpace(val))
		if key == "" {
			for _, v := range oracle.Versions {
				if _, set := want[v]; !set {
					want[v] = verdict
				}
			}
			continue
		}
		v, err := strconv.Atoi(strings.TrimPrefix(key, "-"))
		if err != nil {
			t.Fatalf("%s: malformed header %q", file, sc.Text())
		}
		want[v] = verdict
	}
	for _, v := range oracle.Versions {
		if want[v] == "" {
			t.Fatalf("%s: no \"; want:\" header for LLVM %d", file, v)
		}
	}
	return want
}
