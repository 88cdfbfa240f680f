// Package fuzzfile reads the corpus files `go test -fuzz` writes under
// testdata/fuzz/<Target>/ ("go test fuzz v1" followed by one Go literal
// per line), so that crashers can be turned into findings, and writes
// them, so that findings can become seeds.
package fuzzfile

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

const header = "go test fuzz v1"

// Parse reads one corpus file into its values: string, []byte, byte
// (uint8), bool, int and int64 literals.
func Parse(data []byte) ([]any, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != header {
		return nil, fmt.Errorf("not a Go fuzz corpus file (want first line %q)", header)
	}
	var vals []any
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		v, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("malformed line %q: %v", line, err)
		}
		vals = append(vals, v)
	}
	return vals, sc.Err()
}

func parseLine(line string) (any, error) {
	typ, arg, ok := strings.Cut(line, "(")
	if !ok || !strings.HasSuffix(arg, ")") {
		return nil, fmt.Errorf("want type(literal)")
	}
	arg = strings.TrimSuffix(arg, ")")
	switch typ {
	case "string":
		return strconv.Unquote(arg)
	case "[]byte":
		s, err := strconv.Unquote(arg)
		return []byte(s), err
	case "byte", "uint8":
		if strings.HasPrefix(arg, "'") {
			r, _, tail, err := strconv.UnquoteChar(strings.TrimSuffix(strings.TrimPrefix(arg, "'"), "'"), '\'')
			if err != nil || tail != "" || r > 0xff {
				return nil, fmt.Errorf("bad byte literal %s", arg)
			}
			return byte(r), nil
		}
		n, err := strconv.ParseUint(arg, 0, 8)
		return byte(n), err
	case "bool":
		return strconv.ParseBool(arg)
	case "int", "int64":
		n, err := strconv.ParseInt(arg, 0, 64)
		if typ == "int" {
			return int(n), err
		}
		return n, err
	}
	return nil, fmt.Errorf("unsupported type %s", typ)
}

// Format writes values as a corpus file Parse and `go test` read back.
func Format(vals ...any) []byte {
	var b bytes.Buffer
	b.WriteString(header + "\n")
	for _, v := range vals {
		switch v := v.(type) {
		case string:
			fmt.Fprintf(&b, "string(%s)\n", strconv.Quote(v))
		case []byte:
			fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(v)))
		case byte:
			fmt.Fprintf(&b, "byte(%s)\n", strconv.QuoteRune(rune(v)))
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", v)
		case int:
			fmt.Fprintf(&b, "int(%d)\n", v)
		case int64:
			fmt.Fprintf(&b, "int64(%d)\n", v)
		default:
			panic(fmt.Sprintf("fuzzfile: cannot write %T", v))
		}
	}
	return b.Bytes()
}
