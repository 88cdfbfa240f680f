package object

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// asmGOFFSymbols derives, from what llc -S prints for z/OS, the symbols
// each element owns: `X CATTR ...,PART(p)` puts part p in class X; a
// non-temporary label `l:` while an element (not a part) is current is a
// label definition in that element. Temporary labels start with "L#".
func asmGOFFSymbols(asm string) []string {
	reCattr := regexp.MustCompile(`^(\S+) CATTR\b(.*)$`)
	rePart := regexp.MustCompile(`PART\(([^)]*)\)`)
	reLabel := regexp.MustCompile(`^([^\s*:][^\s:]*):`)
	var out []string
	class, inPart := "", false
	sc := bufio.NewScanner(strings.NewReader(asm))
	for sc.Scan() {
		line := sc.Text()
		if m := reCattr.FindStringSubmatch(line); m != nil {
			class, inPart = m[1], false
			if p := rePart.FindStringSubmatch(m[2]); p != nil {
				inPart = true
				out = append(out, class+"/ESD_ST_PartReference/"+p[1])
			}
			continue
		}
		if m := reLabel.FindStringSubmatch(line); m != nil && !strings.HasPrefix(m[1], "L#") && !inPart && class != "" {
			out = append(out, class+"/ESD_ST_LabelDefinition/"+m[1])
		}
	}
	// A part is printed again each time the printer switches back to it.
	sort.Strings(out)
	uniq := out[:0]
	for i, s := range out {
		if i == 0 || s != out[i-1] {
			uniq = append(uniq, s)
		}
	}
	return uniq
}

// TestGOFFAgainstAsm reads GOFF objects written by llc 22 and compares the
// symbols each element owns with llc's own assembly for the same module.
// The root section's entry label (`<module>#C` in C_CODE64) has no label
// line in the assembly and is allowed on top.
func TestGOFFAgainstAsm(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/goff/*.ll")
	if len(fixtures) == 0 {
		t.Fatal("no testdata/goff/*.ll fixtures")
	}
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			obj := compileFixture(t, 22, "s390x-ibm-zos", fx, false)
			asm := compileFixture(t, 22, "s390x-ibm-zos", fx, true)
			f, err := Read(obj)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "goff" {
				t.Fatalf("format %q", f.Format)
			}
			var got []string
			for _, s := range f.Sections {
				if s.Flags != nil {
					t.Errorf("%s: GOFF has no flags, got %v", s.Name, s.Flags)
				}
				for _, sym := range s.Symbols {
					if s.Name == "C_CODE64" && strings.HasSuffix(sym, "#C") {
						continue // the root section's entry label
					}
					got = append(got, s.Name+"/"+s.Type+"/"+sym)
				}
			}
			sort.Strings(got)
			want := asmGOFFSymbols(string(asm))
			if len(want) < 4 {
				t.Fatalf("assembly shows only %v", want)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("reader:\n  %s\nassembly:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

// TestGOFFPlacements pins the facts the oracle relies on, and that LLVM 19
// writes only the header and end records.
func TestGOFFPlacements(t *testing.T) {
	obj := compileFixture(t, 22, "s390x-ibm-zos", "testdata/goff/kinds.ll", false)
	f, err := Read(obj)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ sym, name, typ string }{
		{"data", "C_WSA64", "ESD_ST_PartReference"},
		{"zero", "C_WSA64", "ESD_ST_PartReference"},
		{"internal", "C_WSA64", "ESD_ST_PartReference"},
		{"a_name_longer_than_one_record_can_hold_because_goff_records_are_eighty_bytes", "C_WSA64", "ESD_ST_PartReference"},
		{"const", "C_CODE64", "ESD_ST_LabelDefinition"},
		{"tls", "C_CODE64", "ESD_ST_LabelDefinition"},
		{"f", "C_CODE64", "ESD_ST_LabelDefinition"},
		{"f2", "C_CODE64", "ESD_ST_LabelDefinition"},
	}
	for _, tc := range tests {
		s, ok := f.SectionOf(tc.sym)
		if !ok {
			t.Errorf("%s: not found", tc.sym)
			continue
		}
		if s.Name != tc.name || s.Type != tc.typ {
			t.Errorf("%s: got %s/%s, want %s/%s", tc.sym, s.Name, s.Type, tc.name, tc.typ)
		}
	}

	old := compileFixture(t, 19, "s390x-ibm-zos", "testdata/goff/kinds.ll", false)
	if len(old) != 2*goffRecordLen {
		t.Errorf("llc-19 wrote %d bytes, want a header and an end record", len(old))
	}
	f, err = Read(old)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sections) != 0 {
		t.Errorf("llc-19 object has sections %v", f.Sections)
	}
}

// TestGOFFRecords checks continuation handling on hand-made records.
func TestGOFFRecords(t *testing.T) {
	rec := func(typ, flags byte, payload string) []byte {
		r := make([]byte, goffRecordLen)
		r[0], r[1] = 0x03, typ<<4|flags
		copy(r[goffPrefixLen:], payload)
		return r
	}
	cat := func(rs ...[]byte) []byte {
		var b []byte
		for _, r := range rs {
			b = append(b, r...)
		}
		return b
	}
	hdr := rec(15, 0, "")
	tests := []struct {
		name string
		data []byte
		ok   bool
		n    int
	}{
		{"header only", hdr, true, 1},
		{"continued", cat(hdr, rec(1, goffContinued, "a"), rec(1, goffContinuing, "b")), true, 2},
		{"stray continuation", cat(hdr, rec(1, goffContinuing, "b")), false, 0},
		{"unfinished", cat(hdr, rec(1, goffContinued, "a")), false, 0},
		{"interrupted", cat(hdr, rec(1, goffContinued, "a"), rec(2, 0, "b")), false, 0},
		{"short", hdr[:79], false, 0},
	}
	for _, tc := range tests {
		recs, err := goffRecords(tc.data)
		if (err == nil) != tc.ok || len(recs) != tc.n {
			t.Errorf("%s: %d records, err %v", tc.name, len(recs), err)
		}
	}
	if got := ebcdicToUTF8([]byte{0xC3, 0x6D, 0xE6, 0xE2, 0xC1, 0xF6, 0xF4}); got != "C_WSA64" {
		t.Errorf("EBCDIC: %q", got)
	}
}

// FuzzReadGOFF checks that no input makes the reader panic, seeded with
// real objects (testdata/goff/*.goff, written by llc 19 and 22).
func FuzzReadGOFF(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/goff/*.goff")
	if len(seeds) == 0 {
		f.Fatal("no testdata/goff/*.goff seeds")
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isGOFF(data) {
			return
		}
		file, err := readGOFF(data)
		if err == nil && file == nil {
			t.Fatal("nil file without an error")
		}
	})
}
