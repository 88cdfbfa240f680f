package object

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
)

// compileFixture runs the real llc of version v on a testdata module and
// returns the object (or the assembly when asm is set).
func compileFixture(t *testing.T, v int, triple, llFile string, asm bool) []byte {
	t.Helper()
	llc, err := toolchain.NewLLC(v)
	if err != nil {
		t.Fatalf("%v", err)
	}
	ir, err := os.ReadFile(llFile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := llc.Compile(context.Background(), toolchain.Request{Triple: triple, IR: string(ir), Asm: asm})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != toolchain.Accepted {
		t.Fatalf("llc-%d -mtriple=%s %s: %s: %s\n%s", v, triple, llFile, res.Verdict, res.Diag, res.Stderr)
	}
	return res.Output
}

// readobjCsects runs llvm-readobj-22 --sections --symbols on an object and
// derives, from its text alone, the csects this package should report.
func readobjCsects(t *testing.T, obj []byte) []Section {
	t.Helper()
	tool, err := toolchain.FindTool("llvm-readobj", 22)
	if err != nil {
		t.Fatalf("%v", err)
	}
	path := filepath.Join(t.TempDir(), "x.o")
	if err := os.WriteFile(path, obj, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "--sections", "--symbols", path).CombinedOutput()
	if err != nil {
		t.Fatalf("llvm-readobj: %v\n%s", err, out)
	}
	return parseReadobjXCOFF(t, string(out))
}

var (
	reXCOFFField = regexp.MustCompile(`^\s*([A-Za-z ()]+): ?(.*)$`)
	reWord       = regexp.MustCompile(`^(\S+) \(0x[0-9A-F]+\)$`)
)

// parseReadobjXCOFF turns llvm-readobj's XCOFF dump into csects: every
// XTY_SD/XTY_CM symbol in a numbered section, with the XTY_LD labels that
// name it as their containing csect.
func parseReadobjXCOFF(t *testing.T, text string) []Section {
	t.Helper()
	type sym struct {
		index                     int
		name, section, typ, class string
		containing                int
	}
	sectType := map[string]string{}
	var syms []sym
	var cur *sym
	var inSections, inSymbols bool
	var secName string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch strings.TrimSpace(line) {
		case "Sections [":
			inSections, inSymbols = true, false
			continue
		case "Symbols [":
			inSections, inSymbols = false, true
			continue
		case "Symbol {":
			syms = append(syms, sym{containing: -1})
			cur = &syms[len(syms)-1]
			continue
		}
		m := reXCOFFField.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		key, val := m[1], m[2]
		word := val
		if w := reWord.FindStringSubmatch(val); w != nil {
			word = w[1]
		}
		switch {
		case inSections && key == "Name":
			secName = val
		case inSections && key == "Type":
			sectType[secName] = word
		case inSymbols && cur != nil:
			switch key {
			case "Index":
				// The first Index of a Symbol block is the symbol's own;
				// auxiliary entries have theirs too.
				if cur.name == "" && cur.section == "" {
					cur.index, _ = strconv.Atoi(val)
				}
			case "Name":
				if cur.section == "" {
					cur.name = val
				}
			case "Section":
				cur.section = val
			case "SymbolType":
				cur.typ = word
			case "StorageMappingClass":
				cur.class = word
			case "ContainingCsectSymbolIndex":
				cur.containing, _ = strconv.Atoi(val)
			}
		}
	}
	var out []Section
	at := map[int]int{}
	for _, s := range syms {
		typ, ok := sectType[s.section]
		if !ok || (s.typ != "XTY_SD" && s.typ != "XTY_CM") {
			continue
		}
		at[s.index] = len(out)
		out = append(out, Section{Index: s.index, Name: s.name, Type: typ, Flags: []string{s.class}})
	}
	for _, s := range syms {
		if s.typ != "XTY_LD" {
			continue
		}
		j, ok := at[s.containing]
		if !ok {
			t.Fatalf("readobj: label %q names csect %d, not found", s.name, s.containing)
		}
		out[j].Symbols = append(out[j].Symbols, s.name)
	}
	// Label-less csects stand for their own symbol, except TOC entries,
	// code csects not named .f, and csects named like a label.
	labels := map[string]bool{}
	for _, s := range syms {
		if s.typ == "XTY_LD" {
			labels[s.name] = true
		}
	}
	for i := range out {
		c := out[i].Flags[0]
		if len(out[i].Symbols) > 0 || labels[out[i].Name] || c == "XMC_TC" || c == "XMC_TE" ||
			(c == "XMC_PR" && !strings.HasPrefix(out[i].Name, ".")) {
			continue
		}
		out[i].Symbols = []string{out[i].Name}
	}
	return out
}

// TestXCOFFAgainstReadobj reads objects the real llc wrote and compares
// every csect with what llvm-readobj shows.
func TestXCOFFAgainstReadobj(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/xcoff/*.ll")
	if len(fixtures) == 0 {
		t.Fatal("no testdata/xcoff/*.ll fixtures")
	}
	runs := []struct {
		v      int
		triple string
	}{
		{14, "powerpc-ibm-aix"},
		{19, "powerpc-ibm-aix"}, {19, "powerpc64-ibm-aix"},
		{22, "powerpc-ibm-aix"}, {22, "powerpc64-ibm-aix"},
	}
	for _, fx := range fixtures {
		for _, r := range runs {
			t.Run(filepath.Base(fx)+"/"+r.triple+"/llvm"+strconv.Itoa(r.v), func(t *testing.T) {
				obj := compileFixture(t, r.v, r.triple, fx, false)
				f, err := Read(obj)
				if err != nil {
					t.Fatal(err)
				}
				if f.Format != "xcoff" {
					t.Fatalf("format %q", f.Format)
				}
				want := readobjCsects(t, obj)
				if len(want) < 5 {
					t.Fatalf("llvm-readobj shows only %d csects: %v", len(want), want)
				}
				if !reflect.DeepEqual(f.Sections, want) {
					t.Errorf("reader:\n%v\nllvm-readobj:\n%v", f.Sections, want)
				}
			})
		}
	}
}

// TestXCOFFPlacements pins the facts sectfuzz relies on: a label finds the
// csect named by the section string, an entry point `.f` finds the code
// csect, the descriptor `f` finds its XMC_DS csect.
func TestXCOFFPlacements(t *testing.T) {
	obj := compileFixture(t, 22, "powerpc64-ibm-aix", "testdata/xcoff/kinds.ll", false)
	f, err := Read(obj)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sym, name, typ, class string
	}{
		{"data", "mysect", "STYP_DATA", "XMC_RW"},
		{"zero", "mysect", "STYP_DATA", "XMC_RW"},
		{"const", "foo[RW]", "STYP_TEXT", "XMC_RO"},
		{"plain", "plain", "STYP_DATA", "XMC_RW"},
		{"pconst", "pconst", "STYP_TEXT", "XMC_RO"},
		{"bss", "bss", "STYP_BSS", "XMC_BS"},
		{"comm", "comm", "STYP_BSS", "XMC_RW"},
		{"tls", "tls", "STYP_TDATA", "XMC_TL"},
		{"tlszero", "tlszero", "STYP_TBSS", "XMC_UL"},
		{".f", "fsect", "STYP_TEXT", "XMC_PR"},
		{"f", "f", "STYP_DATA", "XMC_DS"},
		{".f2", "", "STYP_TEXT", "XMC_PR"},
	}
	for _, tc := range tests {
		s, ok := f.SectionOf(tc.sym)
		if !ok {
			t.Errorf("%s: not found", tc.sym)
			continue
		}
		got := []string{s.Name, s.Type, strings.Join(s.Flags, "|")}
		want := []string{tc.name, tc.typ, tc.class}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", tc.sym, got, want)
		}
	}
	if _, ok := f.SectionOf("ext"); ok {
		t.Errorf("external reference ext reported as defined")
	}
}

// FuzzReadXCOFF checks that no input makes the reader panic, seeded with
// real objects (testdata/xcoff/*.xcoff, written by llc 19 and 22).
func FuzzReadXCOFF(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/xcoff/*.xcoff")
	if len(seeds) == 0 {
		f.Fatal("no testdata/xcoff/*.xcoff seeds")
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isXCOFF(data) {
			return
		}
		// Call the reader directly: Read would recover a panic.
		file, err := readXCOFF(data)
		if err == nil && file == nil {
			t.Fatal("nil file without an error")
		}
	})
}
