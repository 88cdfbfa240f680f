package corpus

import (
	"strings"
	"testing"
)

func TestDefaultLoads(t *testing.T) {
	es := Default()
	if len(es) < 400 {
		t.Fatalf("embedded corpus has %d entries, want the ~400 real-world names and the edge cases", len(es))
	}
	for _, f := range []string{"elf", "macho", "coff", "wasm", "xcoff", "goff"} {
		if len(Sections(es, f)) == 0 {
			t.Errorf("no seeds for format %s", f)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		wantErr  string
	}{
		{"plain", "name\tformat\tsource\tcontext\n.foo\telf\tx\tattribute\n", []string{".foo"}, ""},
		{"quoted", "go:\" .x\\x00y\"\telf\n", []string{" .x\x00y"}, ""},
		{"comment", "# c\n__DATA,__a\tmacho\n", []string{"__DATA,__a"}, ""},
		{"one column", ".foo\n", nil, "malformed line"},
		{"bad quote", "go:\"abc\telf\n", nil, "malformed name"},
		{"bad format", ".x\tpe\n", nil, "unknown format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := Parse(strings.NewReader(tt.in), "t.tsv")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "t.tsv:") {
					t.Fatalf("err = %v, want one naming the line and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Section)
			}
			if strings.Join(got, "\x01") != strings.Join(tt.want, "\x01") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQuoteRoundTrip(t *testing.T) {
	for _, s := range []string{"", " a", "a\tb", "\x00", "go:x", "#x", "__DATA,__x", "é"} {
		line := Quote(s) + "\telf\n"
		es, err := Parse(strings.NewReader(line), "q")
		if err != nil || len(es) != 1 || es[0].Section != s {
			t.Errorf("Quote(%q) = %q does not round-trip: %v %v", s, Quote(s), es, err)
		}
	}
}
