package irgen

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// Parse reads a module's text into the oracle's vocabulary: the target
// triple and every global variable and function, in module order, with
// what the section rules need.
//
// llir cannot read opaque pointers, so Parse is its own small reader of
// top-level entities over a tokenizer (lex.go). It reads, exactly:
//   - `target triple = "..."`;
//   - `$c = comdat <selection>`;
//   - `%T = type ...` (to size initializers of named struct types);
//   - global variables: `@name = [linkage] [dso_local|dso_preemptable]
//     [visibility] [dllstorage] [thread_local[(model)]]
//     [unnamed_addr|local_unnamed_addr] [addrspace(N)]
//     [externally_initialized] (global|constant) <type> [<initializer>]
//     {, section "..." | , comdat[($c)] | , align N | , partition "..." |
//     , <other attribute or !md !N>} [#N]`, declarations being those with
//     `external` or `extern_weak` linkage;
//   - functions: `define|declare ... @name(...) ... [unnamed_addr]
//     [section "..."] [comdat[($c)]] [align N] ...`, with the body skipped
//     by brace matching;
//   - `@llvm.used`, whose members get Used.
//
// Names may be quoted (`@"a b"`), strings carry LLVM's `\XX` escapes, and
// typed pointers (`i8*`, as LLVM 14 writes) are read as pointers.
//
// It skips, whole: source_filename, target datalayout, module asm,
// attribute groups, metadata, summary entries, uselistorder, aliases and
// ifuncs, intrinsics (`llvm.*` functions), and the special appending
// arrays llvm.used, llvm.compiler.used, llvm.global_ctors and
// llvm.global_dtors (LLVM emits none of them as a global of its own).
// A global with section "llvm.metadata" is kept: the oracle decides it.
//
// A global's kind is func for functions, else tls if thread_local, const
// if constant, zero if its initializer is all zero, data otherwise.
// Initializers become an oracle.Init by their type, as written: integers
// and floats a scalar, pointers a pointer, `[N x i8] c"..."` a string
// (Bytes without its final NUL, if any; Len N), other arrays and vectors
// an array (Size: one element's), structs a struct (Size: the whole
// struct's, with natural alignment). Value is the first integer in the
// initializer when it fits in an int64; Ref is the first global it names,
// also inside constant expressions (ptrtoint, getelementptr, bitcast).
// null, zeroinitializer, undef, poison, 0, +0.0 and all-zero aggregates
// are Zero (as for LLVM's isNullOrUndef; -0.0 is not). Pointers count 8
// bytes, or 4 when the module's triple is a 32-bit one (the datalayout is
// not read).
//
// An error names the line; it is returned for text Parse does not skip
// but cannot read (a global without `global` or `constant`, an unreadable
// type or initializer, an unterminated string or bracket, nesting deeper
// than maxNesting) and for a global defined twice.
func Parse(text string) (oracle.Case, error) {
	toks, err := lex(text)
	if err != nil {
		return oracle.Case{}, err
	}
	p := &parser{
		toks:    toks,
		comdats: map[string]string{},
		types:   map[string]*irType{},
		layouts: map[string][2]int{},
		seen:    map[string]bool{},
		ptrSize: 8,
	}
	if tr := p.findTriple(); tr != "" {
		p.c.Triple = tr
		if !oracle.ParseTriple(tr).Is64() {
			p.ptrSize = 4
		}
	}
	if err := p.module(); err != nil {
		return oracle.Case{}, err
	}
	return p.c, nil
}

type parser struct {
	toks    []token
	pos     int
	c       oracle.Case
	ptrSize int
	comdats map[string]string  // comdat name -> selection kind
	types   map[string]*irType // named types
	layouts map[string][2]int  // named types' size and alignment
	seen    map[string]bool    // global names read so far
	used    []string           // members of @llvm.used
	depth   int                // nesting of the type or constant being read
}

// specialArrays are the appending globals AsmPrinter handles itself.
var specialArrays = map[string]bool{
	"llvm.used": true, "llvm.compiler.used": true,
	"llvm.global_ctors": true, "llvm.global_dtors": true,
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) peekN(n int) token {
	if p.pos+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.pos+n]
}

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *parser) is(k tokKind, text string) bool {
	t := p.peek()
	return t.kind == k && t.text == text
}

func (p *parser) isPunct(s string) bool { return p.is(tPunct, s) }
func (p *parser) isWord(s string) bool  { return p.is(tWord, s) }

func (p *parser) errorf(t token, format string, args ...any) error {
	return fmt.Errorf("line %d: %s", t.line, fmt.Sprintf(format, args...))
}

func (p *parser) expectPunct(s string) error {
	if t := p.next(); t.kind != tPunct || t.text != s {
		return p.errorf(t, "expected %q, found %v", s, t)
	}
	return nil
}

// findTriple looks ahead for `target triple = "..."`, wherever it is, so
// that pointer sizes are known before the first global.
func (p *parser) findTriple() string {
	for i := 0; i+3 < len(p.toks); i++ {
		t := p.toks[i]
		if t.kind == tWord && t.text == "target" && p.toks[i+1].text == "triple" &&
			p.toks[i+2].text == "=" && p.toks[i+3].kind == tString {
			return p.toks[i+3].text
		}
	}
	return ""
}

func (p *parser) module() error {
	for p.peek().kind != tEOF {
		t := p.peek()
		var err error
		switch {
		case t.kind == tGlobal && p.peekN(1).text == "=":
			err = p.globalVar()
		case t.kind == tWord && (t.text == "define" || t.text == "declare"):
			err = p.function()
		case t.kind == tComdat && p.peekN(1).text == "=":
			err = p.comdatDef()
		case t.kind == tLocal && p.peekN(1).text == "=" && p.peekN(2).text == "type":
			err = p.typeDef()
		default:
			// target, source_filename, module asm, attributes, metadata,
			// summaries, uselistorder, and whatever else: skipped.
			p.skipEntity()
		}
		if err != nil {
			return err
		}
	}
	p.markUsed()
	p.resolveComdats()
	return nil
}

// skipEntity skips the current top-level entity: up to the next token that
// starts a line outside brackets.
func (p *parser) skipEntity() {
	depth := 0
	p.next()
	for {
		t := p.peek()
		if t.kind == tEOF || t.bol && depth <= 0 {
			return
		}
		p.bracket(t, &depth)
		p.next()
	}
}

func (p *parser) bracket(t token, depth *int) {
	if t.kind != tPunct {
		return
	}
	switch t.text {
	case "(", "[", "{":
		*depth++
	case ")", "]", "}":
		*depth--
	}
}

// group skips a bracketed group starting at the current token, returning
// the global names it mentions.
func (p *parser) group() ([]string, error) {
	open := p.next()
	closer := map[string]string{"(": ")", "[": "]", "{": "}"}[open.text]
	if open.kind != tPunct || closer == "" {
		return nil, p.errorf(open, "expected a bracket, found %v", open)
	}
	var refs []string
	depth := 1
	for depth > 0 {
		t := p.next()
		switch {
		case t.kind == tEOF:
			return nil, p.errorf(open, "unclosed %q", open.text)
		case t.kind == tGlobal:
			refs = append(refs, t.text)
		default:
			p.bracket(t, &depth)
		}
	}
	return refs, nil
}

func (p *parser) comdatDef() error {
	name := p.next().text
	p.next() // =
	if !p.isWord("comdat") {
		p.skipEntity()
		return nil
	}
	p.next()
	sel := p.next()
	if sel.kind != tWord {
		return p.errorf(sel, "comdat $%s: expected a selection kind, found %v", name, sel)
	}
	p.comdats[name] = sel.text
	return nil
}

func (p *parser) typeDef() error {
	name := p.next().text
	p.next() // =
	p.next() // type
	if p.isWord("opaque") {
		p.next()
		p.types[name] = &irType{kind: tyOther}
		return nil
	}
	t, err := p.parseType()
	if err != nil {
		return err
	}
	p.types[name] = t
	return nil
}

var linkageWords = map[string]oracle.Linkage{
	"external": oracle.External, "private": oracle.Private, "internal": oracle.Internal,
	"weak": oracle.Weak, "weak_odr": oracle.WeakODR, "linkonce": oracle.LinkOnce,
	"linkonce_odr": oracle.LinkOnceODR, "common": oracle.Common,
	"extern_weak": oracle.ExternWeak, "appending": oracle.Appending,
	"available_externally": oracle.AvailExtern,
}

// ignoredWords are header keywords with no bearing on sections.
var ignoredWords = map[string]bool{
	"dso_local": true, "dso_preemptable": true, "dllimport": true, "dllexport": true,
	"externally_initialized": true, "default": true,
}

func (p *parser) define(g oracle.Global, at token) error {
	if p.seen[g.Name] {
		return p.errorf(at, "redefinition of @%s", g.Name)
	}
	p.seen[g.Name] = true
	p.c.Globals = append(p.c.Globals, g)
	return nil
}

func (p *parser) globalVar() error {
	at := p.next()
	p.next() // =
	g := oracle.Global{Name: at.text}
	hasLinkage, isConst, tls := false, false, false
header:
	for {
		t := p.peek()
		if t.kind != tWord {
			return p.errorf(t, "@%s: expected 'global' or 'constant', found %v", g.Name, t)
		}
		p.next()
		switch w := t.text; {
		case w == "global" || w == "constant":
			isConst = w == "constant"
			break header
		case w == "alias" || w == "ifunc":
			p.skipEntity()
			return nil
		case w == "thread_local":
			tls = true
			if p.isPunct("(") {
				p.next()
				m := p.next()
				if m.kind != tWord {
					return p.errorf(m, "@%s: expected a TLS model, found %v", g.Name, m)
				}
				g.TLSModel = m.text
				if err := p.expectPunct(")"); err != nil {
					return err
				}
			}
		case w == "hidden" || w == "protected":
			g.Visibility = w
		case w == "unnamed_addr" || w == "local_unnamed_addr":
			g.UnnamedAddr = w
		case w == "addrspace":
			if _, err := p.group(); err != nil {
				return err
			}
		default:
			if l, ok := linkageWords[w]; ok {
				g.Linkage, hasLinkage = l, true
			} else if !ignoredWords[w] && p.isPunct("(") {
				// An unknown keyword with arguments: skip both.
				if _, err := p.group(); err != nil {
					return err
				}
			}
		}
	}
	typ, err := p.parseType()
	if err != nil {
		return err
	}
	// As in LLParser: without a linkage, or with one that is not a valid
	// declaration linkage, an initializer follows.
	if hasLinkage && (g.Linkage == oracle.External || g.Linkage == oracle.ExternWeak) {
		g.Declaration = true
	} else {
		v, err := p.value()
		if err != nil {
			return err
		}
		if at.text == "llvm.used" {
			p.used = append(p.used, v.allRefs()...)
		}
		g.Init = p.toInit(typ, v)
	}
	if err := p.globalAttrs(&g); err != nil {
		return err
	}
	switch {
	case tls:
		g.Kind = oracle.KindTLS
	case isConst:
		g.Kind = oracle.KindConst
	case g.Init != nil && g.Init.Zero:
		g.Kind = oracle.KindZero
	default:
		g.Kind = oracle.KindData
	}
	if specialArrays[g.Name] {
		p.seen[g.Name] = true
		return nil
	}
	return p.define(g, at)
}

// globalAttrs reads the comma-separated attributes after a global's
// initializer.
func (p *parser) globalAttrs(g *oracle.Global) error {
	for {
		switch t := p.peek(); {
		case t.kind == tAttrRef:
			p.next()
			continue
		case t.kind != tPunct || t.text != ",":
			return nil
		}
		p.next() // ,
		t := p.next()
		switch {
		case t.kind == tWord && t.text == "section":
			s := p.next()
			if s.kind != tString {
				return p.errorf(s, "@%s: section: expected a string, found %v", g.Name, s)
			}
			g.Section = s.text
		case t.kind == tWord && t.text == "comdat":
			if err := p.comdatRef(g); err != nil {
				return err
			}
		case t.kind == tWord && t.text == "align":
			a, err := p.alignValue(g.Name)
			if err != nil {
				return err
			}
			g.Align = a
		case t.kind == tMeta:
			p.skipMetadataValue()
		default:
			// partition "x", code_model "small", no_sanitize_*, and
			// anything newer: skip to the next comma.
			depth := 0
			p.bracket(t, &depth)
			for {
				u := p.peek()
				if u.kind == tEOF || depth <= 0 && (u.bol || u.kind == tPunct && u.text == ",") {
					break
				}
				p.bracket(u, &depth)
				p.next()
			}
		}
	}
}

// comdatRef reads what follows `comdat`: `($name)` or nothing, which means
// the comdat of the global's own name.
func (p *parser) comdatRef(g *oracle.Global) error {
	g.Comdat = g.Name
	if !p.isPunct("(") {
		return nil
	}
	p.next()
	c := p.next()
	if c.kind != tComdat {
		return p.errorf(c, "@%s: comdat: expected $name, found %v", g.Name, c)
	}
	g.Comdat = c.text
	return p.expectPunct(")")
}

func (p *parser) alignValue(name string) (int, error) {
	t := p.next()
	n, err := strconv.Atoi(t.text)
	if t.kind != tInt || err != nil {
		return 0, p.errorf(t, "@%s: align: expected a number, found %v", name, t)
	}
	return n, nil
}

// skipMetadataValue skips `!N`, `!"str"`, `!{...}` or `!DIThing(...)`
// after a metadata kind.
func (p *parser) skipMetadataValue() {
	switch t := p.peek(); {
	case t.kind == tMeta:
		p.next()
		if p.isPunct("(") {
			_, _ = p.group()
		}
	case t.kind == tPunct && t.text == "!":
		p.next()
		if p.isPunct("{") || p.isPunct("(") {
			_, _ = p.group()
		} else {
			p.next()
		}
	}
}

func (p *parser) function() error {
	decl := p.next().text == "declare"
	g := oracle.Global{Kind: oracle.KindFunc, Declaration: decl}
	// Header up to the name: linkage, visibility, calling convention,
	// return attributes and type.
	var at token
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			return p.errorf(t, "function without a name")
		case t.kind == tGlobal:
			at = p.next()
		case t.kind == tPunct && (t.text == "(" || t.text == "[" || t.text == "{"):
			if _, err := p.group(); err != nil {
				return err
			}
			continue
		case t.kind == tWord:
			p.next()
			if l, ok := linkageWords[t.text]; ok {
				g.Linkage = l
			} else if t.text == "hidden" || t.text == "protected" {
				g.Visibility = t.text
			}
			continue
		default:
			p.next()
			continue
		}
		break
	}
	g.Name = at.text
	if !p.isPunct("(") {
		return p.errorf(p.peek(), "@%s: expected the parameter list, found %v", g.Name, p.peek())
	}
	if _, err := p.group(); err != nil {
		return err
	}
	if err := p.functionAttrs(&g, decl); err != nil {
		return err
	}
	if strings.HasPrefix(g.Name, "llvm.") {
		// An intrinsic: never emitted.
		p.seen[g.Name] = true
		return nil
	}
	return p.define(g, at)
}

// functionAttrs reads a function header after its parameters, and skips
// the body of a definition.
func (p *parser) functionAttrs(g *oracle.Global, decl bool) error {
	for {
		t := p.peek()
		if t.kind == tEOF || decl && t.bol {
			return nil
		}
		if !decl && t.kind == tPunct && t.text == "{" {
			_, err := p.group() // the body
			return err
		}
		p.next()
		switch {
		case t.kind == tWord && (t.text == "unnamed_addr" || t.text == "local_unnamed_addr"):
			g.UnnamedAddr = t.text
		case t.kind == tWord && t.text == "section":
			s := p.next()
			if s.kind != tString {
				return p.errorf(s, "@%s: section: expected a string, found %v", g.Name, s)
			}
			g.Section = s.text
		case t.kind == tWord && t.text == "comdat":
			if err := p.comdatRef(g); err != nil {
				return err
			}
		case t.kind == tWord && t.text == "align":
			a, err := p.alignValue(g.Name)
			if err != nil {
				return err
			}
			g.Align = a
		case t.kind == tWord && (t.text == "prefix" || t.text == "prologue" || t.text == "personality"):
			if _, err := p.parseType(); err != nil {
				return err
			}
			if _, err := p.value(); err != nil {
				return err
			}
		case t.kind == tMeta:
			p.skipMetadataValue()
		case t.kind == tPunct && t.text == "(":
			// Arguments of an attribute: memory(none), uwtable(sync).
			p.pos--
			if _, err := p.group(); err != nil {
				return err
			}
		}
		// Anything else (attribute words, #N, "key"="value", gc "x",
		// partition "x") is skipped token by token.
	}
}

func (p *parser) markUsed() {
	used := map[string]bool{}
	for _, n := range p.used {
		used[n] = true
	}
	for i := range p.c.Globals {
		if used[p.c.Globals[i].Name] {
			p.c.Globals[i].Used = true
		}
	}
}

func (p *parser) resolveComdats() {
	for i := range p.c.Globals {
		g := &p.c.Globals[i]
		if g.Comdat != "" {
			g.ComdatSelection = p.comdats[g.Comdat]
		}
	}
}

// Types.

type typeKind uint8

const (
	tyOther  typeKind = iota // void, label, metadata, opaque, target types
	tyInt                    // iN
	tyFloat                  // half ... ppc_fp128
	tyPtr                    // ptr, T*
	tyArray                  // [N x T]
	tyVector                 // <N x T>
	tyStruct                 // { ... }, <{ ... }>
	tyNamed                  // %T
	tyFunc                   // T (...)
)

type irType struct {
	kind   typeKind
	bits   int // tyInt: width; tyFloat: size in bytes
	n      int // tyArray, tyVector: element count
	elem   *irType
	fields []*irType
	packed bool
	name   string
}

var floatSizes = map[string]int{
	"half": 2, "bfloat": 2, "float": 4, "double": 8, "x86_fp80": 16, "fp128": 16, "ppc_fp128": 16,
}

// maxNesting bounds how deep types and constants nest, so that hostile
// input cannot exhaust the stack (LLVM's own parser has no such limit, but
// no real module comes near it).
const maxNesting = 1000

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxNesting {
		return p.errorf(p.peek(), "types or constants nested more than %d deep", maxNesting)
	}
	return nil
}

func (p *parser) parseType() (*irType, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	t := p.next()
	var ty *irType
	switch {
	case t.kind == tWord && len(t.text) > 1 && t.text[0] == 'i' && isAllDigits(t.text[1:]):
		n, _ := strconv.Atoi(t.text[1:])
		ty = &irType{kind: tyInt, bits: n}
	case t.kind == tWord && t.text == "ptr":
		ty = &irType{kind: tyPtr}
		if p.isWord("addrspace") {
			p.next()
			if _, err := p.group(); err != nil {
				return nil, err
			}
		}
	case t.kind == tWord && floatSizes[t.text] > 0:
		ty = &irType{kind: tyFloat, bits: floatSizes[t.text]}
	case t.kind == tWord && t.text == "target":
		if _, err := p.group(); err != nil {
			return nil, err
		}
		ty = &irType{kind: tyOther}
	case t.kind == tWord:
		// void, label, metadata, token, x86_amx, ...
		ty = &irType{kind: tyOther}
	case t.kind == tLocal:
		ty = &irType{kind: tyNamed, name: t.text}
	case t.kind == tPunct && t.text == "[":
		n, elem, err := p.sequenceType()
		if err != nil {
			return nil, err
		}
		ty = &irType{kind: tyArray, n: n, elem: elem}
		if err := p.expectPunct("]"); err != nil {
			return nil, err
		}
	case t.kind == tPunct && t.text == "<" && p.isPunct("{"):
		p.next()
		fs, err := p.fieldTypes()
		if err != nil {
			return nil, err
		}
		ty = &irType{kind: tyStruct, fields: fs, packed: true}
		if err := p.expectPunct(">"); err != nil {
			return nil, err
		}
	case t.kind == tPunct && t.text == "<":
		if p.isWord("vscale") {
			p.next()
			p.next() // x
		}
		n, elem, err := p.sequenceType()
		if err != nil {
			return nil, err
		}
		ty = &irType{kind: tyVector, n: n, elem: elem}
		if err := p.expectPunct(">"); err != nil {
			return nil, err
		}
	case t.kind == tPunct && t.text == "{":
		fs, err := p.fieldTypes()
		if err != nil {
			return nil, err
		}
		ty = &irType{kind: tyStruct, fields: fs}
	default:
		return nil, p.errorf(t, "expected a type, found %v", t)
	}
	// Suffixes: typed pointers (i8*, i8 addrspace(1)*) and function types.
	for {
		switch {
		case p.isPunct("*"):
			p.next()
			ty = &irType{kind: tyPtr}
		case p.isWord("addrspace") && p.peekN(1).text == "(":
			p.next()
			if _, err := p.group(); err != nil {
				return nil, err
			}
		case p.isPunct("("):
			if _, err := p.group(); err != nil {
				return nil, err
			}
			ty = &irType{kind: tyFunc}
		default:
			return ty, nil
		}
	}
}

// sequenceType reads `N x T` inside [] or <>.
func (p *parser) sequenceType() (int, *irType, error) {
	nt := p.next()
	n, err := strconv.Atoi(nt.text)
	if nt.kind != tInt || err != nil {
		return 0, nil, p.errorf(nt, "expected an element count, found %v", nt)
	}
	if x := p.next(); x.kind != tWord || x.text != "x" {
		return 0, nil, p.errorf(x, "expected 'x', found %v", x)
	}
	elem, err := p.parseType()
	return n, elem, err
}

// fieldTypes reads `T, T, ... }` after a struct's opening brace.
func (p *parser) fieldTypes() ([]*irType, error) {
	var fs []*irType
	if p.isPunct("}") {
		p.next()
		return fs, nil
	}
	for {
		f, err := p.parseType()
		if err != nil {
			return nil, err
		}
		fs = append(fs, f)
		t := p.next()
		if t.kind == tPunct && t.text == "}" {
			return fs, nil
		}
		if t.kind != tPunct || t.text != "," {
			return nil, p.errorf(t, "expected ',' or '}' in a struct type, found %v", t)
		}
	}
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func (p *parser) resolve(t *irType) *irType {
	for i := 0; t != nil && t.kind == tyNamed && i < 64; i++ {
		if d := p.types[t.name]; d != nil {
			t = d
		} else {
			return &irType{kind: tyOther}
		}
	}
	return t
}

// size and align follow LLVM's default data layout closely enough for
// the section rules: integers round up to a power of two (at most 8-byte
// aligned), structs pad fields to their alignment.
func (p *parser) size(t *irType) int {
	s, _ := p.layout(t, 0)
	return s
}

func (p *parser) layout(t *irType, depth int) (size, align int) {
	if t == nil || depth > 64 {
		return 0, 1
	}
	if t.kind == tyNamed {
		// Named types are laid out once: a type that contains itself
		// (invalid IR) or is used many times costs nothing more.
		if l, ok := p.layouts[t.name]; ok {
			return l[0], l[1]
		}
		p.layouts[t.name] = [2]int{0, 1}
		size, align = p.layout(p.resolve(t), depth+1)
		p.layouts[t.name] = [2]int{size, align}
		return size, align
	}
	switch t.kind {
	case tyInt:
		store := (t.bits + 7) / 8
		a := 1
		for a < store && a < 8 {
			a *= 2
		}
		return (store + a - 1) / a * a, a
	case tyFloat:
		return t.bits, min(t.bits, 16)
	case tyPtr:
		return p.ptrSize, p.ptrSize
	case tyArray:
		s, a := p.layout(t.elem, depth+1)
		return s * t.n, a
	case tyVector:
		// A vector is aligned to its size, rounded up to a power of two.
		s, _ := p.layout(t.elem, depth+1)
		a := 1
		for a < s*t.n {
			a *= 2
		}
		return (s*t.n + a - 1) / a * a, a
	case tyStruct:
		size, align = 0, 1
		for _, f := range t.fields {
			fs, fa := p.layout(f, depth+1)
			if t.packed {
				fa = 1
			}
			size = (size + fa - 1) / fa * fa
			size += fs
			align = max(align, fa)
		}
		return (size + align - 1) / align * align, align
	}
	return 0, 1
}

// Constants.

// irConst is what Parse keeps of a constant.
type irConst struct {
	zero  bool     // every byte is zero (or undef)
	num   *big.Int // an integer's value
	str   []byte   // c"..." bytes
	isStr bool
	ref   string // a global named directly (@x)
	elems []irConst
	refs  []string // globals named inside a constant expression
}

// allRefs lists the globals the constant names, in order.
func (c irConst) allRefs() []string {
	var out []string
	if c.ref != "" {
		out = append(out, c.ref)
	}
	out = append(out, c.refs...)
	for _, e := range c.elems {
		out = append(out, e.allRefs()...)
	}
	return out
}

// firstInt is the first integer in the constant, depth first.
// sameInts reports whether every integer element has one value.
func (c irConst) sameInts() bool {
	var first *big.Int
	same := true
	var walk func(c irConst)
	walk = func(c irConst) {
		if c.num != nil {
			if first == nil {
				first = c.num
			} else if first.Cmp(c.num) != 0 {
				same = false
			}
		}
		for _, e := range c.elems {
			walk(e)
		}
	}
	walk(c)
	return same
}

func (c irConst) firstInt() (int64, bool) {
	if c.num != nil {
		if c.num.IsInt64() {
			return c.num.Int64(), true
		}
		return 0, false
	}
	for _, e := range c.elems {
		if v, ok := e.firstInt(); ok {
			return v, ok
		}
	}
	return 0, false
}

var zeroWords = map[string]bool{"null": true, "zeroinitializer": true, "undef": true, "poison": true, "none": true}

// value reads one constant (its type has been read already).
func (p *parser) value() (irConst, error) {
	if err := p.enter(); err != nil {
		return irConst{}, err
	}
	defer func() { p.depth-- }()
	t := p.next()
	switch {
	case t.kind == tInt:
		n, ok := parseInt(t.text)
		if !ok {
			return irConst{}, p.errorf(t, "bad integer %q", t.text)
		}
		return irConst{num: n, zero: n.Sign() == 0}, nil
	case t.kind == tFloat:
		return irConst{zero: floatIsZero(t.text)}, nil
	case t.kind == tWord && (t.text == "true" || t.text == "false"):
		n := big.NewInt(0)
		if t.text == "true" {
			n.SetInt64(1)
		}
		return irConst{num: n, zero: n.Sign() == 0}, nil
	case t.kind == tWord && zeroWords[t.text]:
		return irConst{zero: true}, nil
	case t.kind == tGlobal:
		return irConst{ref: t.text}, nil
	case t.kind == tCString:
		zero := true
		for i := 0; i < len(t.text); i++ {
			if t.text[i] != 0 {
				zero = false
			}
		}
		return irConst{str: []byte(t.text), isStr: true, zero: zero}, nil
	case t.kind == tPunct && t.text == "[":
		return p.aggregate("]")
	case t.kind == tPunct && t.text == "{":
		return p.aggregate("}")
	case t.kind == tPunct && t.text == "<" && p.isPunct("{"):
		p.next()
		c, err := p.aggregate("}")
		if err == nil {
			err = p.expectPunct(">")
		}
		return c, err
	case t.kind == tPunct && t.text == "<":
		return p.aggregate(">")
	case t.kind == tWord && (t.text == "dso_local_equivalent" || t.text == "no_cfi"):
		return p.value()
	case t.kind == tWord:
		// A constant expression: getelementptr inbounds (...), ptrtoint
		// (... to i64), blockaddress(@f, %bb), splat (...).
		for p.peek().kind == tWord {
			p.next()
		}
		if !p.isPunct("(") {
			return irConst{}, p.errorf(p.peek(), "constant expression %q: expected '(', found %v", t.text, p.peek())
		}
		refs, err := p.group()
		if err != nil {
			return irConst{}, err
		}
		return irConst{refs: refs}, nil
	}
	return irConst{}, p.errorf(t, "expected a constant, found %v", t)
}

// aggregate reads `T v, T v, ... <closer>` after an opening bracket.
func (p *parser) aggregate(closer string) (irConst, error) {
	c := irConst{zero: true}
	if p.isPunct(closer) {
		p.next()
		return c, nil
	}
	for {
		if _, err := p.parseType(); err != nil {
			return irConst{}, err
		}
		e, err := p.value()
		if err != nil {
			return irConst{}, err
		}
		c.elems = append(c.elems, e)
		c.zero = c.zero && e.zero
		t := p.next()
		if t.kind == tPunct && t.text == closer {
			return c, nil
		}
		if t.kind != tPunct || t.text != "," {
			return irConst{}, p.errorf(t, "expected ',' or %q, found %v", closer, t)
		}
	}
}

func parseInt(s string) (*big.Int, bool) {
	n := new(big.Int)
	switch {
	case strings.HasPrefix(s, "u0x"):
		return n.SetString(s[3:], 16)
	case strings.HasPrefix(s, "s0x"):
		// Two's complement of the written width.
		v, ok := n.SetString(s[3:], 16)
		if !ok {
			return nil, false
		}
		bits := uint(4 * len(s[3:]))
		if v.Bit(int(bits)-1) == 1 {
			v.Sub(v, new(big.Int).Lsh(big.NewInt(1), bits))
		}
		return v, true
	}
	return n.SetString(s, 10)
}

// floatIsZero says whether a float literal is +0.0 (-0.0 is not a null
// value for LLVM).
func floatIsZero(s string) bool {
	if h, ok := strings.CutPrefix(s, "0x"); ok {
		h = strings.TrimLeft(h, "KLMHR")
		return strings.Trim(h, "0") == ""
	}
	if strings.HasPrefix(s, "-") {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f == 0
}

// structOfI32 reports whether t is the struct irgen writes (unpacked, of
// i32 fields), whose layout the oracle knows without TypeAlign.
func (p *parser) structOfI32(t *irType) bool {
	if t.packed || len(t.fields) == 0 {
		return false
	}
	for _, f := range t.fields {
		if f := p.resolve(f); f.kind != tyInt || f.bits != 32 {
			return false
		}
	}
	return true
}

// toInit describes a global's initializer in the oracle's terms.
func (p *parser) toInit(typ *irType, v irConst) *oracle.Init {
	t := p.resolve(typ)
	in := &oracle.Init{Zero: v.zero}
	switch t.kind {
	case tyPtr:
		in.Form, in.Size = oracle.InitPointer, p.ptrSize
	case tyArray, tyVector:
		if v.isStr {
			in.Form, in.Len = oracle.InitString, t.n
			b := v.str
			if len(b) > 0 && b[len(b)-1] == 0 {
				b = b[:len(b)-1]
			}
			in.Bytes = string(b)
		} else {
			in.Form, in.Size, in.Len = oracle.InitArray, p.size(t.elem), t.n
			if elem := p.resolve(t.elem); t.kind == tyVector {
				_, in.TypeAlign = p.layout(t, 0)
			} else if elem.kind != tyInt {
				_, in.TypeAlign = p.layout(elem, 0)
			}
		}
	case tyStruct:
		in.Form, in.Size, in.Len = oracle.InitStruct, p.size(t), len(t.fields)
		if !p.structOfI32(t) {
			_, in.TypeAlign = p.layout(t, 0)
		}
	case tyFloat:
		// half, float and double align like integers of their size; the
		// wide ones (x86_fp80, fp128) do not follow the i128 rules.
		in.Form, in.Size = oracle.InitScalar, p.size(t)
		if in.Size > 8 {
			_, in.TypeAlign = p.layout(t, 0)
		}
	default:
		in.Form, in.Size = oracle.InitScalar, p.size(t)
	}
	if in.Form != oracle.InitString && in.Form != oracle.InitPointer {
		in.Value, _ = v.firstInt()
		in.Mixed = (in.Form == oracle.InitArray || in.Form == oracle.InitStruct) && !v.sameInts()
	}
	if refs := v.allRefs(); len(refs) > 0 {
		in.Ref = refs[0]
	}
	if in.Zero {
		in.Value, in.Bytes, in.Ref = 0, "", ""
	}
	return in
}
