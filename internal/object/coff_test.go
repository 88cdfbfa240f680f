package object

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
)

// coffTriples are the COFF targets the fixtures are compiled for.
var coffTriples = []string{"x86_64-pc-windows-msvc", "i686-pc-windows-gnu", "aarch64-pc-windows-msvc"}

// tool finds an LLVM tool, failing (never skipping) when it is missing:
// these tests are the proof that the reader matches llvm-readobj.
func coffTool(t testing.TB, name string, v int) string {
	t.Helper()
	p, err := toolchain.FindTool(name, v)
	if err != nil {
		t.Fatalf("%v (run scripts/deps.sh)", err)
	}
	return p
}

// compileCOFF runs the real llc on a fixture and returns the object.
func compileCOFF(t testing.TB, llc string, v int, triple, ll string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.obj")
	args := []string{"-mtriple=" + triple, "-O0", "-filetype=obj", "-o", out}
	if v < 15 {
		args = append(args, "-opaque-pointers")
	}
	cmd := exec.Command(llc, append(args, ll)...)
	cmd.Env = append(os.Environ(), "LLVM_DISABLE_SYMBOLIZATION=1", "LLVM_DISABLE_CRASH_REPORT=1")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("llc-%d %s %s: %v\n%s", v, triple, ll, err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// readobjView is what llvm-readobj --sections --symbols says about an
// object, reduced to the reader's vocabulary.
type readobjView struct {
	sections []Section
}

var (
	reNumber   = regexp.MustCompile(`^Number: (\d+)$`)
	reSecName  = regexp.MustCompile(`^Name: (?:(.*) )?\((?:[0-9A-F]{2} ){7}[0-9A-F]{2}\)$`)
	reSymSec   = regexp.MustCompile(`^Section: .*\((-?\d+)\)$`)
	reLinked   = regexp.MustCompile(`^Linked: .* \((\d+)\)$`)
	coffReFlag = regexp.MustCompile(`^(IMAGE_SCN_\w+) \(0x[0-9A-F]+\)$`)
)

// coffReadobjSymbol is one symbol as llvm-readobj prints it.
type coffReadobjSymbol struct {
	index, section, aux, linked int
	name, class                 string
	value                       string
}

// runReadobj parses llvm-readobj-22's text output. It applies the reader's
// own documented rules for which symbols belong to a section (no section
// definitions, no .file, weak externals at their default's section), but
// takes every fact from llvm-readobj.
func coffRunReadobj(t testing.TB, readobj string, data []byte) readobjView {
	t.Helper()
	obj := filepath.Join(t.TempDir(), "in.obj")
	if err := os.WriteFile(obj, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(readobj, "--sections", "--symbols", obj).CombinedOutput()
	if err != nil {
		t.Fatalf("llvm-readobj: %v\n%s", err, out)
	}
	var v readobjView
	var syms []coffReadobjSymbol
	var sec *Section
	var sym *coffReadobjSymbol
	inFlags, inSections, inSymbols := false, false, false
	next := 0 // raw index of the next primary symbol
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "Sections [":
			inSections = true
		case line == "Symbols [":
			inSections, inSymbols = false, true
		case inSections && line == "Section {":
			v.sections = append(v.sections, Section{})
			sec = &v.sections[len(v.sections)-1]
		case inSections && sec != nil && reNumber.MatchString(line) && sec.Index == 0:
			sec.Index, _ = strconv.Atoi(reNumber.FindStringSubmatch(line)[1])
		case inSections && sec != nil && strings.HasPrefix(line, "Name: ") && sec.Name == "":
			m := reSecName.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("unparsed section name line %q", line)
			}
			sec.Name = m[1]
		case inSections && strings.HasPrefix(line, "Characteristics ["):
			inFlags = true
		case inFlags && line == "]":
			inFlags = false
		case inFlags:
			m := coffReFlag.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("unparsed flag line %q", line)
			}
			sec.Flags = append(sec.Flags, m[1])
			if strings.HasPrefix(m[1], "IMAGE_SCN_CNT_") {
				if sec.Type != "" {
					sec.Type += "|"
				}
				sec.Type += m[1]
			}
		case inSymbols && line == "Symbol {":
			syms = append(syms, coffReadobjSymbol{index: next, section: -100, linked: -1})
			sym = &syms[len(syms)-1]
		case inSymbols && sym != nil && strings.HasPrefix(line, "Name: ") && sym.name == "" && sym.class == "":
			sym.name = strings.TrimPrefix(line, "Name: ")
		case inSymbols && sym != nil && strings.HasPrefix(line, "Value: ") && sym.value == "":
			sym.value = strings.TrimPrefix(line, "Value: ")
		case inSymbols && sym != nil && reSymSec.MatchString(line) && sym.section == -100:
			sym.section, _ = strconv.Atoi(reSymSec.FindStringSubmatch(line)[1])
		case inSymbols && sym != nil && strings.HasPrefix(line, "StorageClass: ") && sym.class == "":
			sym.class = strings.Fields(strings.TrimPrefix(line, "StorageClass: "))[0]
		case inSymbols && sym != nil && strings.HasPrefix(line, "AuxSymbolCount: "):
			sym.aux, _ = strconv.Atoi(strings.TrimPrefix(line, "AuxSymbolCount: "))
			next += 1 + sym.aux
		case inSymbols && sym != nil && reLinked.MatchString(line):
			sym.linked, _ = strconv.Atoi(reLinked.FindStringSubmatch(line)[1])
		}
	}
	byIndex := map[int]coffReadobjSymbol{}
	for _, s := range syms {
		byIndex[s.index] = s
	}
	for _, s := range syms {
		secNum := s.section
		switch {
		case s.class == "File":
			continue
		case s.class == "Static" && s.value == "0" && s.aux > 0:
			continue
		case s.class == "WeakExternal" && s.linked >= 0:
			secNum = byIndex[s.linked].section
		}
		if secNum > 0 && secNum <= len(v.sections) {
			v.sections[secNum-1].Symbols = append(v.sections[secNum-1].Symbols, s.name)
		}
	}
	for i := range v.sections {
		sortWords(v.sections[i].Flags)
	}
	return v
}

func sameSections(t *testing.T, got *File, want readobjView) {
	t.Helper()
	if len(got.Sections) != len(want.sections) {
		t.Fatalf("reader found %d sections, llvm-readobj %d", len(got.Sections), len(want.sections))
	}
	for i, w := range want.sections {
		g := got.Sections[i]
		if g.Index != w.Index || g.Name != w.Name || g.Type != w.Type ||
			strings.Join(g.Flags, "|") != strings.Join(w.Flags, "|") ||
			strings.Join(g.Symbols, ",") != strings.Join(w.Symbols, ",") {
			t.Errorf("section %d:\nreader:       %+v\nllvm-readobj: %+v", i+1, g, w)
		}
	}
}

// TestCOFFMatchesReadobj compiles every fixture for every COFF triple with
// llc 14, 19 and 22 and holds the reader to llvm-readobj-22.
func TestCOFFMatchesReadobj(t *testing.T) {
	fixtures, err := filepath.Glob("testdata/coff/*.ll")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	readobj := coffTool(t, "llvm-readobj", 22)
	for _, v := range []int{14, 19, 22} {
		llc := coffTool(t, "llc", v)
		for _, triple := range coffTriples {
			for _, ll := range fixtures {
				name := fmt.Sprintf("llvm%d/%s/%s", v, triple, filepath.Base(ll))
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					data := compileCOFF(t, llc, v, triple, ll)
					f, err := Read(data)
					if err != nil {
						t.Fatal(err)
					}
					if f.Format != "coff" {
						t.Fatalf("format %q", f.Format)
					}
					sameSections(t, f, coffRunReadobj(t, readobj, data))
				})
			}
		}
	}
}

// TestCOFFSymbolsBySection checks the facts the pipeline relies on in one
// object: mangled names, weak externals at their default's section, no
// symbol for private globals or common symbols.
func TestCOFFSymbolsBySection(t *testing.T) {
	llc := coffTool(t, "llc", 22)
	tests := []struct {
		triple, sym, section string
	}{
		{"x86_64-pc-windows-msvc", "weak", "weak_section"},
		{"x86_64-pc-windows-msvc", "member", "member_section"},
		{"x86_64-pc-windows-msvc", "lo", ".data"},
		{"x86_64-pc-windows-msvc", "ew", ""},
		{"i686-pc-windows-gnu", "_weak", "weak_section"},
		{"i686-pc-windows-gnu", "_key", ".data$key"},
		{"i686-pc-windows-gnu", "weak", ""},
	}
	objs := map[string]*File{}
	for _, tt := range tests {
		f := objs[tt.triple]
		if f == nil {
			var err error
			f, err = Read(compileCOFF(t, llc, 22, tt.triple, "testdata/coff/comdat.ll"))
			if err != nil {
				t.Fatal(err)
			}
			objs[tt.triple] = f
		}
		sec, ok := f.SectionOf(tt.sym)
		switch {
		case tt.section == "" && ok:
			t.Errorf("%s: %s is in %q, want no section", tt.triple, tt.sym, sec.Name)
		case tt.section != "" && !ok:
			t.Errorf("%s: %s in no section, want %q", tt.triple, tt.sym, tt.section)
		case ok && sec.Name != tt.section:
			t.Errorf("%s: %s in %q, want %q", tt.triple, tt.sym, sec.Name, tt.section)
		}
	}
}

// coffBuilder writes a minimal COFF object by hand, for names llc does
// not produce (base64 string-table references, broken references).
type coffBuilder struct {
	names   [][8]byte
	flags   []uint32
	strtab  []byte // without the size field
	symbols [][]byte
}

func (b *coffBuilder) section(field string, flags uint32) {
	var n [8]byte
	copy(n[:], field)
	b.names = append(b.names, n)
	b.flags = append(b.flags, flags)
}

// str adds s to the string table and returns its offset.
func (b *coffBuilder) str(s string) uint32 {
	off := uint32(4 + len(b.strtab))
	b.strtab = append(append(b.strtab, s...), 0)
	return off
}

// symbol adds an external symbol defined in section sec (1-based).
func (b *coffBuilder) symbol(name string, sec int16) {
	rec := make([]byte, 18)
	if len(name) <= 8 {
		copy(rec, name)
	} else {
		binary.LittleEndian.PutUint32(rec[4:], b.str(name))
	}
	binary.LittleEndian.PutUint16(rec[12:], uint16(sec))
	rec[16] = 2 // IMAGE_SYM_CLASS_EXTERNAL
	b.symbols = append(b.symbols, rec)
}

func (b *coffBuilder) bytes() []byte {
	var out []byte
	le := binary.LittleEndian
	symtab := 20 + 40*len(b.names)
	out = le.AppendUint16(out, 0x8664)
	out = le.AppendUint16(out, uint16(len(b.names)))
	out = le.AppendUint32(out, 0)
	out = le.AppendUint32(out, uint32(symtab))
	out = le.AppendUint32(out, uint32(len(b.symbols)))
	out = le.AppendUint16(out, 0)
	out = le.AppendUint16(out, 0)
	for i, n := range b.names {
		out = append(out, n[:]...)
		out = append(out, make([]byte, 28)...)
		out = le.AppendUint32(out, b.flags[i])
	}
	for _, s := range b.symbols {
		out = append(out, s...)
	}
	out = le.AppendUint32(out, uint32(4+len(b.strtab)))
	return append(out, b.strtab...)
}

// base64Offset encodes a string-table offset the way WinCOFFObjectWriter
// does past /9999999.
func base64Offset(off uint32) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var b [6]byte
	for i := 5; i >= 0; i-- {
		b[i] = digits[off%64]
		off /= 64
	}
	return "//" + string(b[:])
}

// TestCOFFNameEncodings covers every form of section name against
// llvm-readobj, on a hand-written object.
func TestCOFFNameEncodings(t *testing.T) {
	var b coffBuilder
	long := b.str("a_long_name_in_the_string_table")
	b.str("padding")
	tail := b.str("tail_merged_target")
	b.section(".text", 0x60500020)
	b.section("/"+strconv.Itoa(int(long)), 0xC0300040)
	b.section(base64Offset(long), 0xC0300040)
	b.section(base64Offset(tail+5), 0x40300040)            // "merged_target", inside another string
	b.section("//"+"AAAAAE", 0x42100040)                   // offset 4, base64
	b.section("/4", 0xC0F00040)                            // alignment field 15 prints no ALIGN word
	b.section("\x00\x00\x00\x00\x00\x00\x00\x00", 0x10000) // empty name
	b.section("12345678", 0x1100080)                       // no NUL: all eight bytes
	b.symbol("sym_in_a_long_section", 2)
	b.symbol("short", 3)
	b.symbol("undef", 0)
	data := b.bytes()
	f, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	sameSections(t, f, coffRunReadobj(t, coffTool(t, "llvm-readobj", 22), data))
	want := []string{".text", "a_long_name_in_the_string_table", "a_long_name_in_the_string_table",
		"merged_target", "a_long_name_in_the_string_table", "a_long_name_in_the_string_table", "", "12345678"}
	for i, w := range want {
		if f.Sections[i].Name != w {
			t.Errorf("section %d: name %q, want %q", i+1, f.Sections[i].Name, w)
		}
	}
}

// TestCOFFBrokenNameReferences: llvm-readobj rejects the whole object when a
// '/' name does not resolve; the reader keeps the raw field.
func TestCOFFBrokenNameReferences(t *testing.T) {
	tests := []struct {
		field, want string
		strtab      bool
	}{
		{"/abc", "/abc", true},
		{"/", "/", true},
		{"/-4", "/-4", true},
		{"/+4", "/+4", true},
		{"/999", "/999", true},             // past the end of the table
		{"/4", "/4", false},                // no string table at all
		{"//A*AAAA", "//A*AAAA", true},     // not a base64 digit
		{"/99999999999", "/9999999", true}, // the field holds 8 bytes
	}
	for _, tt := range tests {
		var b coffBuilder
		if tt.strtab {
			b.str("a_long_name_in_the_string_table")
		}
		b.section(tt.field, 0xC0300040)
		f, err := Read(b.bytes())
		if err != nil {
			t.Fatalf("%q: %v", tt.field, err)
		}
		if got := f.Sections[0].Name; got != tt.want {
			t.Errorf("%q: name %q, want %q", tt.field, got, tt.want)
		}
	}
}

// TestCOFFEmptySymbolName: LLVM writes the symbol of a section named ""
// with an all-zero name field, i.e. string-table offset 0; with an empty
// string table llvm-readobj rejects the object, the reader names it "".
func TestCOFFEmptySymbolName(t *testing.T) {
	var b coffBuilder
	b.section("", 0xC0300040)
	b.symbol("", 1)
	b.symbol("g", 1)
	f, err := Read(b.bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Sections[0].Symbols, ","); got != ",g" {
		t.Errorf("symbols %q, want \",g\"", got)
	}
}

// TestCOFFShortSlashName shows an LLVM behaviour the oracle models: a
// section name of at most 8 bytes that starts with '/' is stored verbatim,
// so every reader takes it for a string-table reference.
func TestCOFFShortSlashName(t *testing.T) {
	dir := t.TempDir()
	ll := filepath.Join(dir, "slash.ll")
	src := "@g = global i32 1, section \"/4\"\n@h = global i32 1, section \"a_long_section_name\"\n"
	if err := os.WriteFile(ll, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int{14, 19, 22} {
		data := compileCOFF(t, coffTool(t, "llc", v), v, "x86_64-pc-windows-msvc", ll)
		f, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		sameSections(t, f, coffRunReadobj(t, coffTool(t, "llvm-readobj", 22), data))
		sec, ok := f.SectionOf("g")
		if !ok || sec.Name != "a_long_section_name" {
			t.Errorf("llvm%d: g in %+v, want the string-table entry at offset 4", v, sec)
		}
	}
}

// TestCOFFTruncated cuts a real object at every length: the reader must
// return an error or a result, never panic.
func TestCOFFTruncated(t *testing.T) {
	data := compileCOFF(t, coffTool(t, "llc", 22), 22, "x86_64-pc-windows-msvc", "testdata/coff/explicit.ll")
	for n := 0; n < len(data); n++ {
		if _, err := readCOFF(data[:n]); err == nil && n < 20 {
			t.Errorf("%d bytes: no error", n)
		}
	}
}

// FuzzReadCOFF feeds hostile COFF objects to the reader, seeded with real
// llc output. Read recovers from panics, so the target calls readCOFF
// directly: a panic is a bug to fix, not a crash to hide.
func FuzzReadCOFF(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/coff/*.obj")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	var b coffBuilder
	b.str("a_long_name_in_the_string_table")
	b.section("/4", 0xC0300040)
	b.section("//AAAAAE", 0xC0300040)
	b.symbol("a_long_symbol_name", 1)
	f.Add(b.bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isCOFF(data) {
			return
		}
		file, err := readCOFF(data)
		if err != nil {
			return
		}
		for _, s := range file.Sections {
			if s.Index < 1 || s.Index > len(file.Sections) {
				t.Fatalf("section index %d of %d", s.Index, len(file.Sections))
			}
		}
	})
}
