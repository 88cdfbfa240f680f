package irgen

import (
	"fmt"
	"strings"
)

// tokKind is the class of a token of LLVM's textual IR.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tWord            // keyword, type name or bare word: global, i32, x, dso_local
	tGlobal          // @name, @"quoted", @0; text is the unescaped name
	tLocal           // %name; text is the unescaped name
	tComdat          // $name; text is the unescaped name
	tMeta            // !name or !0; text without the '!'
	tAttrRef         // #0; text without the '#'
	tSummary         // ^0
	tInt             // integer literal as written: 12, -3, u0x1F, s0xFF
	tFloat           // floating-point literal: 1.0, -2.5e+00, 0x3FF0000000000000, 0xK...
	tString          // "..."; text is the unescaped bytes
	tCString         // c"..."; text is the unescaped bytes
	tLabel           // label: or "quoted": ; text without the ':'
	tPunct           // = , ( ) [ ] { } < > * ! | ... and any byte the lexer does not know
)

// token is one lexeme with where it starts.
type token struct {
	kind tokKind
	text string
	line int
	// bol is true for the first token of a line: top-level entities start
	// a line, so an entity the parser skips ends before the next bol token
	// outside brackets.
	bol bool
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tString:
		return fmt.Sprintf("string %q", t.text)
	case tGlobal:
		return "@" + t.text
	}
	return fmt.Sprintf("%q", t.text)
}

// lex splits module text into tokens, dropping comments. The only errors
// are an unterminated string or quoted name.
func lex(src string) ([]token, error) {
	l := lexer{src: src, line: 1, bol: true}
	var out []token
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		if t.kind == tEOF {
			return out, nil
		}
	}
}

type lexer struct {
	src  string
	pos  int
	line int
	bol  bool
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isNameChar is a character of an unquoted @, %, $ or ! name and of
// labels: [-a-zA-Z$._0-9].
func isNameChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '-' || c == '$' || c == '.' || c == '_'
}

func (l *lexer) next() (token, error) {
	// Skip blanks and comments, noting line starts.
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == '\n' {
			l.line++
			l.bol = true
			l.pos++
		} else if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			l.pos++
		} else if c == ';' {
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		} else {
			break
		}
	}
	t := token{line: l.line, bol: l.bol}
	l.bol = false
	if l.pos >= len(l.src) {
		t.kind = tEOF
		return t, nil
	}
	c := l.src[l.pos]
	rest := l.src[l.pos:]
	switch {
	case c == '"':
		s, err := l.quoted()
		if err != nil {
			return t, err
		}
		t.kind, t.text = tString, s
		if l.pos < len(l.src) && l.src[l.pos] == ':' {
			l.pos++
			t.kind = tLabel
		}
	case c == 'c' && len(rest) > 1 && rest[1] == '"':
		l.pos++
		s, err := l.quoted()
		if err != nil {
			return t, err
		}
		t.kind, t.text = tCString, s
	case c == '@' || c == '%' || c == '$':
		kind := map[byte]tokKind{'@': tGlobal, '%': tLocal, '$': tComdat}[c]
		l.pos++
		switch {
		case l.pos < len(l.src) && l.src[l.pos] == '"':
			s, err := l.quoted()
			if err != nil {
				return t, err
			}
			t.kind, t.text = kind, s
		case l.pos < len(l.src) && isNameChar(l.src[l.pos]):
			t.kind, t.text = kind, l.take(isNameChar)
		default:
			t.kind, t.text = tPunct, string(c)
		}
	case c == '!':
		l.pos++
		if l.pos < len(l.src) && (isNameChar(l.src[l.pos]) || l.src[l.pos] == '\\') {
			t.kind = tMeta
			t.text = l.take(func(c byte) bool { return isNameChar(c) || c == '\\' })
		} else {
			t.kind, t.text = tPunct, "!"
		}
	case c == '#' || c == '^':
		l.pos++
		if l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			t.kind = map[byte]tokKind{'#': tAttrRef, '^': tSummary}[c]
			t.text = l.take(isDigit)
		} else {
			t.kind, t.text = tPunct, string(c)
		}
	case strings.HasPrefix(rest, "..."):
		l.pos += 3
		t.kind, t.text = tPunct, "..."
	case isDigit(c) || (c == '-' || c == '+') && len(rest) > 1 && isDigit(rest[1]):
		t.kind, t.text = l.number()
	case (c == 'u' || c == 's') && strings.HasPrefix(rest[1:], "0x"):
		// APInt hex literal: u0x1F, s0xFF.
		start := l.pos
		l.pos += 3
		l.take(isHex)
		t.kind, t.text = tInt, l.src[start:l.pos]
	case isLetter(c) || c == '_' || c == '.' || c == '$' || c == '-':
		w := l.take(isNameChar)
		t.kind, t.text = tWord, w
		if l.pos < len(l.src) && l.src[l.pos] == ':' {
			l.pos++
			t.kind = tLabel
		}
	default:
		l.pos++
		t.kind, t.text = tPunct, string(c)
	}
	return t, nil
}

func (l *lexer) take(ok func(byte) bool) string {
	start := l.pos
	for l.pos < len(l.src) && ok(l.src[l.pos]) {
		l.pos++
	}
	return l.src[start:l.pos]
}

// number lexes an integer, a decimal float, a hex float (0x..., 0xK...),
// or a numeric label (0:).
func (l *lexer) number() (tokKind, string) {
	start := l.pos
	if c := l.src[l.pos]; c == '-' || c == '+' {
		l.pos++
	}
	if strings.HasPrefix(l.src[l.pos:], "0x") {
		l.pos += 2
		if l.pos < len(l.src) && strings.IndexByte("KLMHR", l.src[l.pos]) >= 0 {
			l.pos++
		}
		l.take(isHex)
		return tFloat, l.src[start:l.pos]
	}
	l.take(isDigit)
	kind := tInt
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		kind = tFloat
		l.pos++
		l.take(isDigit)
		if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
			l.pos++
			if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
				l.pos++
			}
			l.take(isDigit)
		}
	}
	if kind == tInt && l.pos < len(l.src) && l.src[l.pos] == ':' {
		s := l.src[start:l.pos]
		l.pos++
		return tLabel, s
	}
	return kind, l.src[start:l.pos]
}

// quoted reads a "..." string at l.pos and unescapes it the way LLVM's
// lexer does (UnEscapeLexed): \\ is a backslash, \XX a hex byte, any other
// backslash stays. Strings may span lines.
func (l *lexer) quoted() (string, error) {
	line := l.line
	l.pos++ // opening quote
	end := strings.IndexByte(l.src[l.pos:], '"')
	if end < 0 {
		return "", fmt.Errorf("line %d: unterminated string", line)
	}
	raw := l.src[l.pos : l.pos+end]
	l.line += strings.Count(raw, "\n")
	l.pos += end + 1
	return unescape(raw), nil
}

func unescape(raw string) string {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c != '\\':
			b.WriteByte(c)
		case i+1 < len(raw) && raw[i+1] == '\\':
			b.WriteByte('\\')
			i++
		case i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			b.WriteByte(hexVal(raw[i+1])<<4 | hexVal(raw[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func hexVal(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
