package oracle

// clang's front end sees a section string before LLVM does. Sema checks it
// (handleSectionAttr, ActOnPragmaClangSection, UnifySection in
// clang/lib/Sema) and CodeGen turns it into IR: an explicit `section` for
// __attribute__((section)) and for `#pragma clang section text=`, and the
// global attributes "bss-section", "data-section" and "rodata-section" for
// the other pragma kinds, which the backend applies only to globals of the
// matching SectionKind (TargetLoweringObjectFile::SectionForGlobal).
//
// PredictClang models the front end only: whether Sema rejects the C file
// (with clang's words) and which IR section attribute each global gets. What
// the backend then does is llc's business, so the clang road's reference
// is llc's object for that IR.

// ClangVariant is how a case's section strings are written in C.
type ClangVariant string

const (
	// ClangAttr puts __attribute__((section(S))) on each global.
	ClangAttr ClangVariant = "attr"
	// ClangPragma wraps each global in `#pragma clang section K=S` for the
	// pragma kind K that matches it (PragmaKindFor), cleared after it.
	ClangPragma ClangVariant = "pragma"
	// ClangPragmaAll names S for every pragma kind at once:
	// `#pragma clang section bss=S data=S rodata=S text=S`.
	ClangPragmaAll ClangVariant = "pragma-all"
)

// ClangVariants lists the variants in a fixed order.
var ClangVariants = []ClangVariant{ClangAttr, ClangPragma, ClangPragmaAll}

// IR section attributes CodeGen gives a global.
const (
	IRSection       = "section"
	IRBSSSection    = "bss-section"
	IRDataSection   = "data-section"
	IRRodataSection = "rodata-section"
	// IRImplicitSectionName is the function attribute clang 14 used for
	// `#pragma clang section text=` (later clangs set the section).
	IRImplicitSectionName = "implicit-section-name"
)

// ClangPrediction is what clang's front end does with a case.
type ClangPrediction struct {
	// Outcome is Accepted when Sema accepts the file (what the backend
	// does is not predicted here), or the first front-end error.
	Outcome
	// Attrs maps a global to the IR attribute that carries its section
	// string to the backend: IRSection, IRBSSSection, IRDataSection,
	// IRRodataSection. A global without one is left out.
	Attrs map[string]string
}

// Section flags Sema records per section name (ASTContext::PragmaSectionFlag).
const (
	psfRead     = 0x1
	psfWrite    = 0x2
	psfExecute  = 0x8
	psfZeroInit = 0x80
)

// PragmaKindFor is the `#pragma clang section` kind that would place g:
// text for functions, bss for zero-initialized variables, rodata for
// constants, data otherwise (thread-locals included: the backend ignores
// every pragma section for them).
func PragmaKindFor(g Global) string {
	switch {
	case g.IsFunc():
		return "text"
	case g.Kind == KindConst:
		return "rodata"
	case g.Initializer().Zero:
		return "bss"
	}
	return "data"
}

// pragmaFlags are the flags ActOnPragmaClangSection unifies per kind.
var pragmaFlags = map[string]int{
	"bss":    psfRead | psfWrite | psfZeroInit,
	"data":   psfRead | psfWrite,
	"rodata": psfRead,
	"text":   psfRead | psfExecute,
}

// pragmaAttr is the IR attribute each pragma kind turns into.
var pragmaAttr = map[string]string{
	"bss": IRBSSSection, "data": IRDataSection, "rodata": IRRodataSection, "text": IRSection,
}

// declFlags are the flags Sema unifies for a definition with a section
// attribute: CheckCompleteVariableDeclaration (read, plus write unless the
// type is const with a constant initializer) and ActOnFunctionDeclarator
// (read and execute).
func declFlags(g Global) int {
	switch {
	case g.IsFunc():
		return psfRead | psfExecute
	case g.Kind == KindConst:
		return psfRead
	}
	return psfRead | psfWrite
}

// sectionInfo is one entry of ASTContext::SectionInfos: who named the
// section first, and with which flags.
type sectionInfo struct {
	decl  string // the declaration's name; "" for a pragma
	flags int
}

// clangSema simulates the Sema state the section rules read.
type clangSema struct {
	p     *predictor
	infos map[string]sectionInfo
	out   ClangPrediction
}

// PredictClang says what clang's front end (of version c.LLVM) does with
// case c written in C as variant v.
func PredictClang(c Case, v ClangVariant, opt Options) ClangPrediction {
	if c.LLVM == 0 {
		c.LLVM = DefaultVersion
	}
	s := &clangSema{
		p:     &predictor{c: c, tr: TripleFor(c.Triple, c.LLVM), spec: opt.Spec},
		infos: map[string]sectionInfo{},
		out:   ClangPrediction{Outcome: Outcome{Verdict: Accepted, Rule: "clang/front-end-accepts"}},
	}
	for _, g := range c.Globals {
		// Diagnostics come in source order: a pragma line before the
		// declaration, an attribute's string as it is lexed, the
		// declaration's own checks, then the attribute's.
		switch {
		case g.Section == "":
			s.declaration(g)
		case v == ClangAttr:
			ok := s.lexAttribute(g)
			s.declaration(g)
			if ok {
				s.attribute(g)
			}
		case v == ClangPragma:
			k := PragmaKindFor(g)
			if s.pragma(k, g.Section) {
				s.attach(g, s.pragmaAttr(k))
			}
			s.declaration(g)
		case v == ClangPragmaAll:
			valid := map[string]bool{}
			for _, k := range []string{"bss", "data", "rodata", "text"} {
				valid[k] = s.pragma(k, g.Section)
			}
			s.pragmaAll(g, valid)
			s.declaration(g)
		}
	}
	if s.out.Verdict != Accepted {
		s.out.Attrs = nil
	}
	return s.out
}

// reject records a front-end error; clang goes on, but only the first
// error is the verdict's diagnostic.
func (s *clangSema) reject(rule, diag string) {
	if s.out.Verdict != Accepted {
		return
	}
	s.out.Verdict, s.out.Rule, s.out.Diag = Error, rule, firstLine(diag)
}

func (s *clangSema) attach(g Global, attr string) {
	if s.out.Attrs == nil {
		s.out.Attrs = map[string]string{}
	}
	s.out.Attrs[g.Name] = attr
}

// validSpecifier is Sema::isValidSectionSpecifier: on Darwin targets only,
// the string must parse as a Mach-O section specifier (the same
// MCSectionMachO::ParseSectionSpecifier llc uses, so the same version
// deviations apply). It returns the parser's message, or "".
func (s *clangSema) validSpecifier(section string) string {
	if !s.p.tr.isDarwin() {
		return ""
	}
	_, _, problem := s.p.parseMachOSpecifier(section)
	return problem
}

// declaration is what Sema checks on the declaration itself whatever its
// section: thread-locals on a target without TLS.
func (s *clangSema) declaration(g Global) {
	if g.Kind == KindTLS && s.p.tr.OS == "zos" && s.p.feature("clang-zos-no-tls") {
		s.reject("clang/tls-unsupported", s.p.msg("clang-tls-unsupported"))
	}
}

// lexAttribute reads the attribute's string: from clang 18 it is an
// unevaluated string literal, in which a numeric escape is an error (and
// the attribute is dropped). It reports whether the string is usable.
func (s *clangSema) lexAttribute(g Global) bool {
	if !s.p.feature("clang-unevaluated-section-string") {
		return true
	}
	if esc := firstNumericEscape(g.Section); esc != "" {
		s.reject("clang/unevaluated-section-string", s.p.msg("clang-unevaluated-escape", esc))
		return false
	}
	return true
}

// attribute is handleSectionAttr followed by the UnifySection of the
// declaration.
func (s *clangSema) attribute(g Global) {
	if problem := s.validSpecifier(g.Section); problem != "" {
		s.reject("clang/darwin-section-specifier", s.p.msg("clang-section-invalid", problem))
		return // the attribute is dropped
	}
	s.attach(g, IRSection)
	f := declFlags(g)
	old, ok := s.infos[g.Section]
	if !ok {
		s.infos[g.Section] = sectionInfo{decl: g.Name, flags: f}
		return
	}
	if old.flags == f {
		return
	}
	// In the attribute variant every entry comes from a declaration.
	s.reject("clang/section-type-conflict", s.p.msg("clang-section-conflict", g.Name, old.decl))
}

// pragma is ActOnPragmaClangSection for one kind=name pair; it reports
// whether the pragma took effect.
func (s *clangSema) pragma(kind, section string) bool {
	if problem := s.validSpecifier(section); problem != "" {
		s.reject("clang/darwin-pragma-specifier", s.p.msg("clang-pragma-invalid", problem))
		return false
	}
	f := pragmaFlags[kind]
	if old, ok := s.infos[section]; ok && old.flags != f {
		// In the pragma variants every entry comes from a pragma.
		s.reject("clang/pragma-section-conflict", s.p.msg("clang-pragma-conflict"))
		return false
	}
	s.infos[section] = sectionInfo{flags: f}
	return true
}

// pragmaAll attaches, for one global under a pragma naming every kind, the
// attribute of the kind that applies to it if that kind's pragma took
// effect. Sema attaches every valid pragma attribute; the backend uses
// only the one matching the global, and text= reaches only functions.
func (s *clangSema) pragmaAll(g Global, valid map[string]bool) {
	k := PragmaKindFor(g)
	if valid[k] {
		s.attach(g, s.pragmaAttr(k))
	}
}

// pragmaAttr is the IR attribute CodeGen turns pragma kind k into.
func (s *clangSema) pragmaAttr(k string) string {
	if k == "text" && s.p.feature("clang-pragma-text-implicit-section-name") {
		return IRImplicitSectionName
	}
	return pragmaAttr[k]
}

// clangRuleDocs explain the rules PredictClang names; they join ruleDocs
// so `sectfuzz explain` and FuzzOracle know them.
var clangRuleDocs = map[string]string{
	"clang/front-end-accepts":          `clang's Sema accepts the section string; what the object holds is then decided by the backend, as for llc.`,
	"clang/darwin-section-specifier":   `On Darwin targets clang checks __attribute__((section(S))) with the Mach-O specifier parser and rejects a malformed one as "argument to 'section' attribute is not valid for this target" (llc would abort with LLVM ERROR instead).`,
	"clang/darwin-pragma-specifier":    `On Darwin targets clang checks each #pragma clang section name with the Mach-O specifier parser: "argument to #pragma section is not valid for this target".`,
	"clang/section-type-conflict":      `clang remembers the first declaration to name a section and its kind (read-only, writable, code); a later declaration of another kind in the same section is an error: "'b' causes a section type conflict with 'a'".`,
	"clang/unevaluated-section-string": `From clang 18 the argument of __attribute__((section)) is an unevaluated string literal: a numeric escape (\\001, \\x41, \\377) is an error, "invalid escape sequence '\\001' in an unevaluated string literal"; only simple escapes such as \\n and \\" are allowed (a raw byte in the source still is).`,
	"clang/tls-unsupported":            `clang's target description for z/OS has no thread-local storage: a _Thread_local variable is an error, "thread-local storage is not supported for the current target", before any section is looked at.`,
	"clang/pragma-section-conflict":    `A #pragma clang section name is unified like a declaration's: bss (writable, zero-filled), data (writable), rodata (read-only) and text (code) differ, so one name given to two kinds is an error: "this causes a section type conflict with a prior #pragma section".`,
}

func init() {
	for r, d := range clangRuleDocs {
		ruleDocs[r] = d
	}
}

// CQuote writes s as the C string literal sectfuzz puts in its C files
// (internal/cgen): printable ASCII as itself, '"', '\\' and '?' (no
// trigraphs) with a backslash, the control bytes C has simple escapes for
// as \a \b \f \n \r \t \v, and every other byte as a three-digit octal
// escape, which can never swallow a following digit. PredictClang reads
// this spelling as clang does.
func CQuote(s string) string {
	var b []byte
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		b = append(b, cEscape(s[i])...)
	}
	return string(append(b, '"'))
}

// cSimpleEscapes are C's simple escape sequences for control bytes; they
// stay valid in an unevaluated string literal.
var cSimpleEscapes = map[byte]string{
	'\a': `\a`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`, '\v': `\v`,
	'"': `\"`, '\\': `\\`, '?': `\?`,
}

func cEscape(c byte) string {
	if e, ok := cSimpleEscapes[c]; ok {
		return e
	}
	if c >= 0x20 && c < 0x7f {
		return string(rune(c))
	}
	const octal = "01234567"
	return string([]byte{'\\', octal[c>>6], octal[(c>>3)&7], octal[c&7]})
}

// firstNumericEscape is the first numeric escape CQuote writes for s, as
// clang quotes it in its diagnostic, or "".
func firstNumericEscape(s string) string {
	for i := 0; i < len(s); i++ {
		if e := cEscape(s[i]); len(e) == 4 && e[0] == '\\' && e[1] >= '0' && e[1] <= '7' {
			return e
		}
	}
	return ""
}
