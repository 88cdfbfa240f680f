package fuzzfile

import (
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	vals := []any{"__DA\x00TA,\"x\"\n", byte(0), byte('\n'), byte(200), []byte{0, 1, 2}, true, 7, int64(-3)}
	got, err := Parse(Format(vals...))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, vals) {
		t.Errorf("got %#v, want %#v", got, vals)
	}
}

func TestParseGoWritten(t *testing.T) {
	// As written by go test -fuzz (see src/internal/fuzz/encoding.go).
	in := "go test fuzz v1\nstring(\"0,\\x00\")\nbyte('\\n')\nbyte('\\x02')\n"
	got, err := Parse([]byte(in))
	if err != nil || !reflect.DeepEqual(got, []any{"0,\x00", byte('\n'), byte(2)}) {
		t.Errorf("got %#v, %v", got, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "go test fuzz v2\n", "go test fuzz v1\nstring(unquoted)\n", "go test fuzz v1\nfloat32(1)\n"} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("%q parsed", in)
		} else if in != "" && strings.Contains(in, "(") && !strings.Contains(err.Error(), "malformed line") {
			t.Errorf("%q: error %v does not name the line", in, err)
		}
	}
}
