// Package cgen writes a case as a C translation unit, for the clang road to
// an object: each global becomes a C definition whose section comes from
// `__attribute__((section("…")))` or from `#pragma clang section`, with the
// section string escaped the C way (octal escapes, never IR's \XX).
//
// Not every IR module has a C spelling (comdats, private or weak linkage,
// pointer initializers, unnamed_addr, llvm.used): Render says so with an
// ErrNotExpressible, and callers report the road as not applicable.
package cgen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// ErrNotExpressible is wrapped by Render's error when the case has no C
// spelling.
var ErrNotExpressible = errors.New("no C spelling")

// Render writes case c as C for variant v. The globals come in case order,
// so clang's front end sees them (and checks them) in the order the oracle
// predicts.
func Render(c oracle.Case, v oracle.ClangVariant) (string, error) {
	if err := Expressible(c); err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "/* sectfuzz: %s, variant %s */\n", c.Triple, v)
	for _, g := range c.Globals {
		decl := definition(g)
		switch {
		case g.Section == "":
			b.WriteString(decl("") + "\n")
		case v == oracle.ClangAttr:
			b.WriteString(decl("__attribute__((section("+Quote(g.Section)+")))") + "\n")
		case v == oracle.ClangPragma:
			k := oracle.PragmaKindFor(g)
			fmt.Fprintf(&b, "#pragma clang section %s=%s\n", k, Quote(g.Section))
			b.WriteString(decl("") + "\n")
			fmt.Fprintf(&b, "#pragma clang section %s=\"\"\n", k)
		case v == oracle.ClangPragmaAll:
			s := Quote(g.Section)
			fmt.Fprintf(&b, "#pragma clang section bss=%s data=%s rodata=%s text=%s\n", s, s, s, s)
			b.WriteString(decl("") + "\n")
			b.WriteString("#pragma clang section bss=\"\" data=\"\" rodata=\"\" text=\"\"\n")
		default:
			return "", fmt.Errorf("cgen: unknown variant %q", v)
		}
	}
	return b.String(), nil
}

// Expressible reports why c has no C spelling, or nil.
func Expressible(c oracle.Case) error {
	no := func(g oracle.Global, why string) error {
		return fmt.Errorf("cgen: global %q: %s: %w", g.Name, why, ErrNotExpressible)
	}
	for _, g := range c.Globals {
		switch {
		case !isIdent(g.Name):
			return no(g, "name is not a C identifier")
		case g.Declaration:
			return no(g, "a declaration places nothing")
		case g.Linkage != oracle.External && g.Linkage != oracle.Internal:
			return no(g, "linkage "+string(g.Linkage))
		case g.Linkage == oracle.Internal && oracle.ParseTriple(c.Triple).Format == oracle.Wasm:
			// A static needs `used` to outlive clang (see definition),
			// and on Wasm that marks its data segment RETAIN.
			return no(g, "a static global on Wasm (kept only by used, which adds RETAIN)")
		case g.Comdat != "":
			return no(g, "comdat")
		case g.UnnamedAddr != "":
			return no(g, "unnamed_addr")
		case g.Used:
			return no(g, "llvm.used")
		case g.Visibility != "" && g.Visibility != "default" && g.Visibility != "hidden" && g.Visibility != "protected":
			return no(g, "visibility "+g.Visibility)
		case g.Align != 0 && g.Align&(g.Align-1) != 0:
			return no(g, "alignment not a power of two")
		}
		if g.IsFunc() {
			continue
		}
		if _, ok := tlsModels[g.TLSModel]; !ok {
			return no(g, "TLS model "+g.TLSModel)
		}
		in := g.Initializer()
		switch in.Form {
		case oracle.InitScalar, "", oracle.InitArray:
			if _, ok := intTypes[max(in.Size, 1)]; !ok && !(in.Form != oracle.InitArray && in.Size == 0) {
				return no(g, fmt.Sprintf("no C integer of %d bytes", in.Size))
			}
		case oracle.InitString:
		default:
			return no(g, "initializer "+string(in.Form))
		}
	}
	return nil
}

// intTypes are the C types clang lowers to iN of each byte size.
var intTypes = map[int]string{1: "char", 2: "short", 4: "int", 8: "long long"}

var tlsModels = map[string]string{"": "", "generic": "", "localdynamic": "local-dynamic", "initialexec": "initial-exec", "localexec": "local-exec"}

// definition returns a function that prints g's C definition with the
// given extra attribute.
func definition(g oracle.Global) func(attr string) string {
	return func(attr string) string {
		var attrs []string
		if attr != "" {
			attrs = append(attrs, attr)
		}
		if g.Align != 0 {
			attrs = append(attrs, fmt.Sprintf("__attribute__((aligned(%d)))", g.Align))
		}
		if g.Visibility == "hidden" || g.Visibility == "protected" {
			attrs = append(attrs, fmt.Sprintf("__attribute__((visibility(%q)))", g.Visibility))
		}
		if m := tlsModels[g.TLSModel]; g.Kind == oracle.KindTLS && m != "" {
			attrs = append(attrs, fmt.Sprintf("__attribute__((tls_model(%q)))", m))
		}
		pre := ""
		if g.Linkage == oracle.Internal {
			// clang drops an unused static definition; llc emits every
			// internal global at -O0. `used` keeps it (llvm.compiler.used,
			// which moves no section).
			pre = "static "
			attrs = append(attrs, "__attribute__((used))")
		}
		if len(attrs) > 0 {
			pre += strings.Join(attrs, " ") + " "
		}
		if g.IsFunc() {
			return pre + "void " + g.Name + "(void) {}"
		}
		switch g.Kind {
		case oracle.KindConst:
			pre += "const "
		case oracle.KindTLS:
			pre += "_Thread_local "
		}
		typ, suffix, init := cValue(g.Initializer())
		return pre + typ + " " + g.Name + suffix + " = " + init + ";"
	}
}

// cValue is the C type, declarator suffix and initializer for in.
func cValue(in oracle.Init) (typ, suffix, init string) {
	switch in.Form {
	case oracle.InitString:
		if in.Zero {
			return "char", fmt.Sprintf("[%d]", max(in.Len, 1)), "{0}"
		}
		return "char", "[]", Quote(in.Bytes)
	case oracle.InitArray:
		typ = intTypes[max(in.Size, 1)]
		n := max(in.Len, 1)
		if in.Zero {
			return typ, fmt.Sprintf("[%d]", n), "{0}"
		}
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprint(in.Value)
		}
		return typ, fmt.Sprintf("[%d]", n), "{" + strings.Join(vals, ", ") + "}"
	}
	size := in.Size
	if size == 0 {
		size = 4
	}
	v := in.Value
	if in.Zero {
		v = 0
	}
	return intTypes[size], "", fmt.Sprint(v)
}

// Quote writes s as a C string literal that clang reads back byte for
// byte (oracle.CQuote: octal for bytes without a simple escape, never IR's
// \XX).
func Quote(s string) string { return oracle.CQuote(s) }

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}
