package object

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/toolchain"
)

// The Wasm reader is checked against LLVM's own tools on objects the real
// llc wrote: llvm-readobj for the sections, segments and symbols, obj2yaml
// for the segment flags (llvm-readobj does not print them).

var wasmTriples = []string{"wasm32-unknown-unknown", "wasm64-unknown-unknown"}

// compileWasmFixtures compiles every testdata/wasm/*.ll with llc of each
// version for each Wasm triple and returns the accepted objects by name.
func compileWasmFixtures(t *testing.T) map[string][]byte {
	t.Helper()
	lls, err := filepath.Glob("testdata/wasm/*.ll")
	if err != nil || len(lls) == 0 {
		t.Fatalf("no Wasm fixtures: %v", err)
	}
	out := map[string][]byte{}
	for _, v := range []int{14, 19, 22} {
		llc, err := toolchain.NewLLC(v)
		if err != nil {
			t.Fatal(err)
		}
		for _, ll := range lls {
			ir, err := os.ReadFile(ll)
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range wasmTriples {
				res, err := llc.Compile(context.Background(), toolchain.Request{Triple: tr, IR: string(ir)})
				if err != nil {
					t.Fatal(err)
				}
				name := strings.TrimSuffix(filepath.Base(ll), ".ll") + "-" + tr + "-llvm" + strconv.Itoa(v)
				if res.Verdict != toolchain.Accepted {
					t.Fatalf("%s: llc %s: %s\n%s", name, res.Verdict, res.Diag, res.Stderr)
				}
				out[name] = res.Output
			}
		}
	}
	return out
}

// committedWasmObjects are the objects kept in testdata (fuzz seeds, and a
// record of what each LLVM wrote).
func committedWasmObjects(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("testdata/wasm/*.o")
	if err != nil || len(files) == 0 {
		t.Fatalf("no committed Wasm objects: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

func TestWasmAgainstLLVMTools(t *testing.T) {
	readobj := tool(t, "llvm-readobj")
	obj2yaml := tool(t, "obj2yaml")
	objs := compileWasmFixtures(t)
	for name, b := range committedWasmObjects(t) {
		objs["committed/"+name] = b
	}
	for name, b := range objs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.o")
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			want, readobjErr := readobjWasm(readobj, path)
			got, err := Read(b)
			if readobjErr != nil {
				// The reader must refuse what LLVM refuses, for LLVM's
				// reason.
				if err == nil || !strings.Contains(readobjErr.Error(), strings.TrimPrefix(err.Error(), "object: reading wasm: ")) {
					t.Fatalf("llvm-readobj: %v\nreader: %v", readobjErr, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("reader: %v (llvm-readobj reads the file)", err)
			}
			if got.Format != "wasm" {
				t.Errorf("format %q", got.Format)
			}
			checkWasmLayout(t, got, want)
			flags, err := obj2yamlSegmentFlags(obj2yaml, path)
			if err != nil {
				t.Fatal(err)
			}
			segs := wasmSegmentsOf(got)
			if len(flags) != len(segs) {
				t.Fatalf("obj2yaml lists %d segments, reader %d", len(flags), len(segs))
			}
			for i, s := range segs {
				if g, w := strings.Join(s.Flags, "|"), flags[i]; g != w {
					t.Errorf("segment %d %q: flags %q, obj2yaml %q", i, s.Name, g, w)
				}
			}
		})
	}
}

// checkWasmLayout compares the reader's sections and symbol placement with
// llvm-readobj's.
func checkWasmLayout(t *testing.T, got *File, want *readobjWasmFile) {
	t.Helper()
	// Sections in order; DATA expands to its segments.
	var gotSecs []string
	for i, s := range got.Sections {
		if s.Type == "DATA" {
			if i > 0 && got.Sections[i-1].Type == "DATA" && got.Sections[i-1].Index == s.Index {
				continue
			}
			gotSecs = append(gotSecs, "DATA")
			continue
		}
		if s.Type == "CUSTOM" {
			gotSecs = append(gotSecs, "CUSTOM "+s.Name)
			continue
		}
		if s.Name != s.Type {
			t.Errorf("section %d: name %q for type %q", i, s.Name, s.Type)
		}
		gotSecs = append(gotSecs, s.Type)
	}
	if strings.Join(gotSecs, "\n") != strings.Join(want.sections, "\n") {
		t.Errorf("sections:\n%q\nllvm-readobj:\n%q", gotSecs, want.sections)
	}
	segs := wasmSegmentsOf(got)
	var gotNames []string
	for _, s := range segs {
		gotNames = append(gotNames, s.Name)
	}
	if strings.Join(gotNames, "\x00") != strings.Join(want.segments, "\x00") {
		t.Errorf("segments %q, llvm-readobj %q", gotNames, want.segments)
	}
	// Every defined symbol is where llvm-readobj says; undefined ones are
	// nowhere.
	for _, sym := range want.symbols {
		sec, ok := got.SectionOf(sym.name)
		switch {
		case sym.undefined:
			if ok {
				t.Errorf("undefined symbol %q placed in %q", sym.name, sec.Name)
			}
		case sym.typ == "DATA":
			if !ok || sym.segment >= len(segs) || sec != segs[sym.segment] {
				t.Errorf("data symbol %q: reader %v, llvm-readobj segment %d", sym.name, sec, sym.segment)
			}
		case sym.typ == "FUNCTION":
			if !ok || sec.Name != "CODE" || sec.Type != "CODE" {
				t.Errorf("function symbol %q: reader %v, want CODE", sym.name, sec)
			}
		}
	}
}

// wasmSegmentsOf returns the data segments of f in order.
func wasmSegmentsOf(f *File) []*Section {
	var out []*Section
	for i := range f.Sections {
		if f.Sections[i].Type == "DATA" {
			out = append(out, &f.Sections[i])
		}
	}
	return out
}

func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := toolchain.FindTool(name, 22)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type readobjWasmSymbol struct {
	name      string
	typ       string
	undefined bool
	segment   int
}

type readobjWasmFile struct {
	sections []string // type words, "CUSTOM <name>" for custom sections
	segments []string
	symbols  []readobjWasmSymbol
}

var readobjType = regexp.MustCompile(`^Type: (\S+) \(0x[0-9A-F]+\)$`)

// readobjWasm runs llvm-readobj --sections --symbols and parses the parts
// the reader reports. Names are taken verbatim to the end of the line.
func readobjWasm(readobj, path string) (*readobjWasmFile, error) {
	cmd := exec.Command(readobj, "--sections", "--symbols", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, errors.New(strings.TrimSpace(stderr.String()))
	}
	f := &readobjWasmFile{}
	var block []string // enclosing blocks: Sections, Section, Segments, Segment, Symbols, Symbol
	var sym *readobjWasmSymbol
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimLeft(sc.Text(), " ")
		top := ""
		if len(block) > 0 {
			top = block[len(block)-1]
		}
		switch {
		case strings.HasSuffix(line, " [") && !strings.HasPrefix(line, "Flags"):
			block = append(block, strings.TrimSuffix(line, " ["))
		case strings.HasSuffix(line, " {"):
			block = append(block, strings.TrimSuffix(line, " {"))
			if top == "Symbols" {
				f.symbols = append(f.symbols, readobjWasmSymbol{segment: -1})
				sym = &f.symbols[len(f.symbols)-1]
			}
		case strings.HasPrefix(line, "Flags [") && !strings.HasSuffix(line, "]"):
			block = append(block, "Flags")
		case line == "]" || line == "}":
			if len(block) > 0 {
				block = block[:len(block)-1]
			}
		case top == "Section" && readobjType.MatchString(line):
			typ := readobjType.FindStringSubmatch(line)[1]
			f.sections = append(f.sections, typ)
		case top == "Section" && strings.HasPrefix(line, "Name: "):
			f.sections[len(f.sections)-1] += " " + strings.TrimPrefix(line, "Name: ")
		case top == "Segment" && strings.HasPrefix(line, "Name: "):
			f.segments = append(f.segments, strings.TrimPrefix(line, "Name: "))
		case top == "Symbol" && strings.HasPrefix(line, "Name: "):
			sym.name = strings.TrimPrefix(line, "Name: ")
		case top == "Symbol" && readobjType.MatchString(line):
			sym.typ = readobjType.FindStringSubmatch(line)[1]
		case top == "Symbol" && strings.HasPrefix(line, "Segment: 0x"):
			n, err := strconv.ParseInt(strings.TrimPrefix(line, "Segment: 0x"), 16, 32)
			if err != nil {
				return nil, err
			}
			sym.segment = int(n)
		case top == "Flags" && strings.HasPrefix(line, "UNDEFINED "):
			sym.undefined = true
		}
	}
	return f, sc.Err()
}

var yamlFlags = regexp.MustCompile(`^\s+Flags:\s+\[\s*(.*?)\s*\]$`)

// obj2yamlSegmentFlags returns the flags of each segment of the linking
// section's SegmentInfo, '|'-joined, in segment order.
func obj2yamlSegmentFlags(obj2yaml, path string) ([]string, error) {
	out, err := exec.Command(obj2yaml, path).Output()
	if err != nil {
		return nil, err
	}
	var flags []string
	in := false
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "    SegmentInfo:"):
			in = true
		case in && !strings.HasPrefix(line, "      "):
			in = false
		case in && yamlFlags.MatchString(line):
			words := strings.Split(yamlFlags.FindStringSubmatch(line)[1], ",")
			for i := range words {
				words[i] = strings.TrimSpace(words[i])
			}
			sortWords(words)
			flags = append(flags, strings.Trim(strings.Join(words, "|"), "|"))
		}
	}
	return flags, nil
}

// TestWasmNames checks the bytes of odd section strings survive into the
// segment names (llc writes them verbatim, NULs included).
func TestWasmNames(t *testing.T) {
	objs := compileWasmFixtures(t)
	want := map[string]string{
		"nul": "a\x00b", "quote": `q"uote`, "high": "\xff\xfehigh", "comma": "a,b c", "bs": `back\slash`,
	}
	for name, b := range objs {
		if !strings.HasPrefix(name, "odd-") {
			continue
		}
		f, err := Read(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for sym, seg := range want {
			sec, ok := f.SectionOf(sym)
			if !ok || sec.Name != seg || sec.Type != "DATA" {
				t.Errorf("%s: %s in %+v, want segment %q", name, sym, sec, seg)
			}
		}
	}
}

// TestWasmPlacement pins the placements the oracle speaks of on one
// object: data in the segment named by its section, functions in CODE
// whatever their section, RETAIN and STRINGS from the first global.
func TestWasmPlacement(t *testing.T) {
	b := committedWasmObjects(t)["sections-wasm32-llvm22.o"]
	if b == nil {
		t.Fatal("testdata/wasm/sections-wasm32-llvm22.o missing")
	}
	f, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sym, name, typ, flags string
	}{
		{"data", ".foo", "DATA", ""},
		{"zero", ".foo", "DATA", ""},
		{"local", ".foo", "DATA", ""},
		{"ro", ".rodata.x", "DATA", ""},
		{"tls", ".tls", "DATA", ""}, // thread_local is stripped without atomics
		{"str", ".str", "DATA", "STRINGS"},
		{"kept", ".kept", "DATA", "RETAIN"},
		{"plain", ".data.plain", "DATA", ""},
		{"bss", ".bss.bss", "DATA", ""},
		{"cd", ".foo", "DATA", ""},
		{"ptr", ".ptrs", "DATA", ""},
		{"f", "CODE", "CODE", ""},
		{"g", "CODE", "CODE", ""},
		{"h", "CODE", "CODE", ""},
	}
	for _, tt := range tests {
		sec, ok := f.SectionOf(tt.sym)
		if !ok {
			t.Errorf("%s: no section", tt.sym)
			continue
		}
		if sec.Name != tt.name || sec.Type != tt.typ || strings.Join(sec.Flags, "|") != tt.flags {
			t.Errorf("%s: %q %q %q, want %q %q %q", tt.sym, sec.Name, sec.Type, sec.Flags, tt.name, tt.typ, tt.flags)
		}
	}
	// The comdat member gets a segment of its own with the same name.
	data, _ := f.SectionOf("data")
	cd, _ := f.SectionOf("cd")
	if data == cd {
		t.Errorf("comdat global shares the plain .foo segment")
	}
	for _, sym := range []string{"cmn", "decl", "ext", ".Lhidden", "hidden"} {
		if sec, ok := f.SectionOf(sym); ok && sym != ".Lhidden" {
			t.Errorf("%s placed in %q; it has no definition here", sym, sec.Name)
		}
	}
}

// TestWasmMalformed feeds truncated and corrupted objects: every one is an
// error or a file, never a panic.
func TestWasmMalformed(t *testing.T) {
	for name, b := range committedWasmObjects(t) {
		for n := 0; n < len(b); n++ {
			mustNotPanic(t, name+" truncated", b[:n])
		}
		c := append([]byte(nil), b...)
		for i := 8; i < len(c); i++ {
			for _, v := range []byte{0x00, 0x7f, 0x80, 0xff} {
				old := c[i]
				c[i] = v
				mustNotPanic(t, name+" corrupted", c)
				c[i] = old
			}
		}
	}
	for _, tt := range []struct {
		name string
		in   []byte
		err  string
	}{
		{"bad version", []byte("\x00asm\x02\x00\x00\x00"), "invalid version number: 2"},
		{"short", []byte("\x00as"), "object: unknown object file format"},
		{"section past end", []byte("\x00asm\x01\x00\x00\x00\x01\x05\x00"), "unexpected end of file"},
		{"huge count", []byte("\x00asm\x01\x00\x00\x00\x0b\x05\xff\xff\xff\xff\x0f"), "unexpected end of file"},
		{"unknown section", []byte("\x00asm\x01\x00\x00\x00\x2a\x00"), "invalid section type: 42"},
	} {
		_, err := Read(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
}

func mustNotPanic(t *testing.T, what string, b []byte) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("%s (%d bytes): panic: %v", what, len(b), p)
		}
	}()
	readWasm(b)
}

// FuzzReadWasm: the reader never panics, and a file it accepts attributes
// each symbol to exactly one section.
func FuzzReadWasm(f *testing.F) {
	for _, b := range committedWasmObjects(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := readWasm(b)
		if err != nil {
			return
		}
		for _, s := range file.Sections {
			if s.Type == "" {
				t.Fatalf("section %+v without a type", s)
			}
		}
	})
}
