// Package irgen builds LLVM IR modules with github.com/llir/llvm: it renders
// an oracle.Case (one or many globals) into module text, (generate.go)
// turns fuzz bytes into structured cases, and (parse.go) reads module text
// back into a case. IR is never built by string concatenation: llir prints
// every construct, and escapes section strings byte for byte.
package irgen

import (
	"fmt"

	"github.com/llir/llvm/ir"
	"github.com/llir/llvm/ir/constant"
	"github.com/llir/llvm/ir/enum"
	"github.com/llir/llvm/ir/types"

	"github.com/sectfuzz/sectfuzz/oracle"
)

// Render prints case c as an IR module for its triple.
func Render(c oracle.Case) (string, error) {
	m, err := Build(c)
	if err != nil {
		return "", err
	}
	return m.String(), nil
}

// Build turns case c into an llir module.
func Build(c oracle.Case) (*ir.Module, error) {
	m := ir.NewModule()
	m.TargetTriple = c.Triple
	b := builder{m: m, globals: map[string]*ir.Global{}, comdats: map[string]*ir.ComdatDef{}}
	// Variables first so pointer initializers can name any of them; llir
	// prints globals before functions whatever the order here, which is
	// also the order LLVM's printer uses.
	for _, g := range c.Globals {
		if !g.IsFunc() {
			if err := b.variable(g); err != nil {
				return nil, err
			}
		}
	}
	for _, g := range c.Globals {
		if g.IsFunc() {
			if err := b.function(g); err != nil {
				return nil, err
			}
		}
	}
	if err := b.resolvePointers(c.Globals); err != nil {
		return nil, err
	}
	b.usedList(c.Globals)
	return m, nil
}

type builder struct {
	m       *ir.Module
	globals map[string]*ir.Global
	funcs   map[string]*ir.Func
	comdats map[string]*ir.ComdatDef
}

var linkages = map[oracle.Linkage]enum.Linkage{
	oracle.External:    enum.LinkageNone,
	oracle.Internal:    enum.LinkageInternal,
	oracle.Private:     enum.LinkagePrivate,
	oracle.Weak:        enum.LinkageWeak,
	oracle.WeakODR:     enum.LinkageWeakODR,
	oracle.LinkOnce:    enum.LinkageLinkOnce,
	oracle.LinkOnceODR: enum.LinkageLinkOnceODR,
	oracle.Common:      enum.LinkageCommon,
	oracle.ExternWeak:  enum.LinkageExternWeak,
	oracle.Appending:   enum.LinkageAppending,
	oracle.AvailExtern: enum.LinkageAvailableExternally,
}

var tlsModels = map[string]enum.TLSModel{
	"":             enum.TLSModelGeneric,
	"generic":      enum.TLSModelGeneric,
	"localdynamic": enum.TLSModelLocalDynamic,
	"initialexec":  enum.TLSModelInitialExec,
	"localexec":    enum.TLSModelLocalExec,
}

var unnamedAddrs = map[string]enum.UnnamedAddr{
	"":                   enum.UnnamedAddrNone,
	"unnamed_addr":       enum.UnnamedAddrUnnamedAddr,
	"local_unnamed_addr": enum.UnnamedAddrLocalUnnamedAddr,
}

var visibilities = map[string]enum.Visibility{
	"":          enum.VisibilityNone,
	"default":   enum.VisibilityNone,
	"hidden":    enum.VisibilityHidden,
	"protected": enum.VisibilityProtected,
}

var selections = map[string]enum.SelectionKind{
	"":              enum.SelectionKindAny,
	"any":           enum.SelectionKindAny,
	"exactmatch":    enum.SelectionKindExactMatch,
	"largest":       enum.SelectionKindLargest,
	"nodeduplicate": enum.SelectionKindNoDeduplicate,
	"samesize":      enum.SelectionKindSameSize,
}

// common looks up the attributes every global value shares.
func (b *builder) common(g oracle.Global) (enum.Linkage, enum.Visibility, enum.UnnamedAddr, *ir.ComdatDef, error) {
	l, ok := linkages[g.Linkage]
	if !ok {
		return 0, 0, 0, nil, fmt.Errorf("global %q: unknown linkage %q", g.Name, g.Linkage)
	}
	v, ok := visibilities[g.Visibility]
	if !ok {
		return 0, 0, 0, nil, fmt.Errorf("global %q: unknown visibility %q", g.Name, g.Visibility)
	}
	u, ok := unnamedAddrs[g.UnnamedAddr]
	if !ok {
		return 0, 0, 0, nil, fmt.Errorf("global %q: unknown unnamed_addr %q", g.Name, g.UnnamedAddr)
	}
	var cd *ir.ComdatDef
	if g.Comdat != "" {
		sel, ok := selections[g.ComdatSelection]
		if !ok {
			return 0, 0, 0, nil, fmt.Errorf("global %q: unknown comdat selection %q", g.Name, g.ComdatSelection)
		}
		if cd = b.comdats[g.Comdat]; cd == nil {
			cd = &ir.ComdatDef{Name: g.Comdat, Kind: sel}
			b.comdats[g.Comdat] = cd
			b.m.ComdatDefs = append(b.m.ComdatDefs, cd)
		}
	}
	return l, v, u, cd, nil
}

func (b *builder) variable(g oracle.Global) error {
	l, v, u, cd, err := b.common(g)
	if err != nil {
		return err
	}
	in := g.Initializer()
	typ, init, err := initializer(in)
	if err != nil {
		return fmt.Errorf("global %q: %w", g.Name, err)
	}
	var gv *ir.Global
	if g.Declaration {
		gv = ir.NewGlobal(g.Name, typ)
		if l == enum.LinkageNone {
			l = enum.LinkageExternal
		}
	} else {
		gv = ir.NewGlobalDef(g.Name, init)
		gv.ContentType = typ
	}
	gv.Linkage = l
	gv.Visibility = v
	gv.UnnamedAddr = u
	gv.Comdat = cd
	gv.Section = g.Section
	gv.Align = ir.Align(g.Align)
	gv.Immutable = g.Kind == oracle.KindConst
	if g.Kind == oracle.KindTLS {
		m, ok := tlsModels[g.TLSModel]
		if !ok {
			return fmt.Errorf("global %q: unknown TLS model %q", g.Name, g.TLSModel)
		}
		gv.TLSModel = m
	}
	b.m.Globals = append(b.m.Globals, gv)
	b.globals[g.Name] = gv
	return nil
}

func (b *builder) function(g oracle.Global) error {
	l, v, u, cd, err := b.common(g)
	if err != nil {
		return err
	}
	f := b.m.NewFunc(g.Name, types.Void)
	f.Linkage = l
	f.Visibility = v
	f.UnnamedAddr = u
	f.Comdat = cd
	f.Section = g.Section
	f.Align = ir.Align(g.Align)
	if b.funcs == nil {
		b.funcs = map[string]*ir.Func{}
	}
	// Declarations too: a pointer may name a declared function.
	b.funcs[g.Name] = f
	if g.Declaration {
		if l == enum.LinkageNone {
			f.Linkage = enum.LinkageExternal
		}
		return nil
	}
	f.NewBlock("").NewRet(nil)
	return nil
}

// initializer returns the content type and initial value for in.
func initializer(in oracle.Init) (types.Type, constant.Constant, error) {
	switch in.Form {
	case oracle.InitScalar, "":
		size := in.Size
		if size == 0 {
			size = 4
		}
		t := types.NewInt(uint64(size * 8))
		v := in.Value
		if in.Zero {
			v = 0
		}
		return t, constant.NewInt(t, v), nil
	case oracle.InitString:
		data := []byte(in.Bytes)
		if in.Zero {
			data = make([]byte, max(in.Len-1, 0))
		}
		// A zero string stays a c"\00..." string rather than
		// zeroinitializer (LLVM reads both as the same zero constant), so
		// that Parse reads it back as a string, not as an i8 array.
		c := constant.NewCharArrayFromString(string(data) + "\x00")
		return c.Typ, c, nil
	case oracle.InitArray:
		size := max(in.Size, 1)
		et := types.NewInt(uint64(size * 8))
		n := max(in.Len, 1)
		at := types.NewArray(uint64(n), et)
		if in.Zero {
			return at, constant.NewZeroInitializer(at), nil
		}
		elems := make([]constant.Constant, n)
		for i := range elems {
			elems[i] = constant.NewInt(et, in.Value)
		}
		return at, constant.NewArray(at, elems...), nil
	case oracle.InitStruct:
		n := max(in.Len, 1)
		fields := make([]types.Type, n)
		vals := make([]constant.Constant, n)
		for i := range fields {
			fields[i] = types.I32
			vals[i] = constant.NewInt(types.I32, in.Value)
		}
		st := types.NewStruct(fields...)
		if in.Zero {
			return st, constant.NewZeroInitializer(st), nil
		}
		return st, constant.NewStruct(st, vals...), nil
	case oracle.InitPointer:
		// Filled in by resolvePointers once every global exists.
		if in.Zero || in.Ref == "" {
			return OpaquePtr, nullPtr{}, nil
		}
		return OpaquePtr, pointerTo{name: in.Ref}, nil
	}
	return nil, nil, fmt.Errorf("unknown initializer form %q", in.Form)
}

// resolvePointers checks that every pointer initializer names a global of
// the module.
func (b *builder) resolvePointers(gs []oracle.Global) error {
	for _, g := range gs {
		if g.Init == nil || g.Init.Form != oracle.InitPointer || g.Init.Zero || g.Init.Ref == "" {
			continue
		}
		if b.globals[g.Init.Ref] == nil && b.funcs[g.Init.Ref] == nil {
			return fmt.Errorf("global %q points to unknown global %q", g.Name, g.Init.Ref)
		}
	}
	return nil
}

// usedList emits @llvm.used for globals marked Used.
func (b *builder) usedList(gs []oracle.Global) {
	var elems []constant.Constant
	for _, g := range gs {
		if g.Used && !g.Declaration {
			elems = append(elems, pointerTo{name: g.Name})
		}
	}
	if len(elems) == 0 {
		return
	}
	at := types.NewArray(uint64(len(elems)), OpaquePtr)
	used := ir.NewGlobalDef("llvm.used", constant.NewArray(at, elems...))
	used.ContentType = at
	used.Linkage = enum.LinkageAppending
	used.Section = "llvm.metadata"
	b.m.Globals = append(b.m.Globals, used)
}
