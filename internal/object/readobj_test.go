package object

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
)

// The readers are checked against llvm-readobj on objects the real llc
// writes: both must see the same sections, types, flags and symbols.

// readobjSection is one section as llvm-readobj --sections prints it.
type readobjSection struct {
	index         int
	name, segment string
	typ           string
	flags         []string
}

// readobjSymbol is a defined symbol and the index of its section.
type readobjSymbol struct {
	name    string
	section int
}

var (
	reIndex   = regexp.MustCompile(`^\s+Index: (\d+)$`)
	reField   = regexp.MustCompile(`^\s+(Name|Segment|Type|Section): ?(.*?)(?: \((?:0x)?[0-9A-Fa-f ]+\))?$`)
	reFlag    = regexp.MustCompile(`^\s+([A-Za-z0-9_]+) \(0x[0-9A-Fa-f]+\)$`)
	reSection = regexp.MustCompile(`\(0x([0-9A-Fa-f]+)\)$`)
)

// runReadobj parses `llvm-readobj --sections --symbols` of an object.
func runReadobj(t *testing.T, path string) ([]readobjSection, []readobjSymbol) {
	t.Helper()
	tool, err := toolchain.FindTool("llvm-readobj", 22)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "--sections", "--symbols", path).Output()
	if err != nil {
		t.Fatalf("llvm-readobj %s: %v", path, err)
	}
	var secs []readobjSection
	var syms []readobjSymbol
	var cur *readobjSection
	var sym *readobjSymbol
	symType := ""
	inFlags := false
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		trim := strings.TrimSpace(line)
		switch {
		case trim == "Section {":
			secs = append(secs, readobjSection{})
			cur, sym = &secs[len(secs)-1], nil
			continue
		case trim == "Symbol {":
			syms = append(syms, readobjSymbol{section: -1})
			sym, cur, symType = &syms[len(syms)-1], nil, ""
			continue
		case strings.HasPrefix(trim, "Flags [") || strings.HasPrefix(trim, "Attributes ["):
			inFlags = cur != nil
			continue
		case trim == "]":
			inFlags = false
			continue
		case trim == "}":
			if sym != nil && (symType == "Section" && !strings.Contains(string(out), "Format: Mach-O") || symType == "File") {
				sym.section = -1 // ELF section and file symbols are not globals
			}
			cur, sym = nil, nil
			continue
		}
		if inFlags && cur != nil {
			if m := reFlag.FindStringSubmatch(line); m != nil {
				cur.flags = append(cur.flags, m[1])
			}
			continue
		}
		if cur != nil {
			if m := reIndex.FindStringSubmatch(line); m != nil {
				cur.index, _ = strconv.Atoi(m[1])
			} else if m := reField.FindStringSubmatch(line); m != nil {
				switch m[1] {
				case "Name":
					cur.name = m[2]
				case "Segment":
					cur.segment = m[2]
				case "Type":
					cur.typ = m[2]
				}
			}
		}
		if sym != nil {
			if m := reField.FindStringSubmatch(line); m != nil {
				switch m[1] {
				case "Name":
					sym.name = m[2]
				case "Type":
					symType = m[2]
				case "Section":
					if sm := reSection.FindStringSubmatch(line); sm != nil && !strings.Contains(line, "Undefined") && !strings.Contains(line, "Absolute") && !strings.Contains(line, "Common") {
						n, _ := strconv.ParseUint(sm[1], 16, 32)
						sym.section = int(n)
					}
				}
			}
		}
	}
	for i := range secs {
		sort.Strings(secs[i].flags)
	}
	return secs, syms
}

// compile writes the object llc makes of ir for triple into dir.
func compile(t testing.TB, dir, name string, v int, triple, ir string) string {
	t.Helper()
	llc, err := toolchain.NewLLC(v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := llc.Compile(context.Background(), toolchain.Request{Triple: triple, IR: ir})
	if err != nil || res.Verdict != toolchain.Accepted {
		t.Fatalf("llc-%d %s: %v %s", v, triple, err, res.Stderr)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, res.Output, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// elfMachOModule exercises types, flags, NOBITS, TLS, notes, arrays and
// odd names in one object.
const elfModule = `
@d = global i32 1, section ".data.x"
@z = global i32 0, section ".bss.z"
@c = constant i32 1, section ".note.c"
@t = thread_local global i32 1, section ".tdata.t"
@i = global i32 1, section ".init_array.5"
@m = global i32 1, section ".llvmbc"
@l = global i32 1, section ".ldata"
@s = global i32 1, section "sp ace"
@u = constant i32 1, section ".eh_frame"
define void @f() section ".text.f" { ret void }
define void @h() section ".ltext" { ret void }
`

const machoModule = `
@d = global i32 1, section "__DATA,__x"
@z = global i32 0, section "__DATA,__z,zerofill"
@c = constant i32 1, section "__TEXT,__c,cstring_literals"
@t = thread_local global i32 1, section "__DATA,__t,thread_local_regular"
@a = global i32 1, section "__DATA,__a,regular,no_dead_strip+live_support"
@s = global i32 1, section "__0123456789abcdefgh,__s"
@n = global i32 1, section "__DWARF,__debug_str"
define void @f() section "__TEXT,__f,regular,pure_instructions" { ret void }
`

func TestReadersMatchReadobj(t *testing.T) {
	tests := []struct {
		name   string
		llvm   int
		triple string
		ir     string
	}{
		{"elf-x86_64-19", 19, "x86_64-unknown-linux-gnu", elfModule},
		{"elf-x86_64-22", 22, "x86_64-unknown-linux-gnu", elfModule},
		{"elf-aarch64-22", 22, "aarch64-unknown-linux-gnu", elfModule},
		{"elf-x86_64-14", 14, "x86_64-unknown-linux-gnu", elfModule},
		{"macho-x86_64-19", 19, "x86_64-apple-macosx10.15", machoModule},
		{"macho-arm64-22", 22, "arm64-apple-ios14", machoModule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := compile(t, t.TempDir(), "x.o", tt.llvm, tt.triple, tt.ir)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Read(data)
			if err != nil {
				t.Fatal(err)
			}
			want, syms := runReadobj(t, path)
			machO := f.Format == "macho"
			if len(want) != len(f.Sections) {
				t.Fatalf("%d sections, llvm-readobj shows %d", len(f.Sections), len(want))
			}
			for _, w := range want {
				g := f.Sections[w.index]
				if g.Name != w.name || g.Segment != w.segment || g.Type != w.typ || strings.Join(g.Flags, "|") != strings.Join(w.flags, "|") {
					t.Errorf("section %d: reader %q %q %s %v, llvm-readobj %q %q %s %v",
						w.index, g.Name, g.Segment, g.Type, g.Flags, w.name, w.segment, w.typ, w.flags)
				}
			}
			checked := 0
			for _, s := range syms {
				if s.section < 0 || s.name == "" {
					continue
				}
				idx := s.section
				if machO {
					if idx == 0 {
						continue // NO_SECT: undefined
					}
					idx-- // n_sect counts from 1
				}
				// Names may repeat (AArch64 mapping symbols $x, $d), so
				// check membership of the section readobj names.
				if idx >= len(f.Sections) || !contains(f.Sections[idx].Symbols, s.name) {
					t.Errorf("symbol %s: llvm-readobj puts it in section %d, the reader does not", s.name, idx)
				}
				checked++
			}
			if checked < 8 {
				t.Errorf("only %d symbols compared; the module defines more", checked)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
