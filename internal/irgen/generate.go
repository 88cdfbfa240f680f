package irgen

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	fuzz "github.com/AdaLogics/go-fuzz-headers"

	"github.com/sectfuzz/sectfuzz/corpus"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// Generate turns fuzz bytes into a module of 1 to 16 globals and functions
// for triple, drawing section strings from dict. The same bytes, triple and
// dictionary always give the same case.
//
// The bytes are read with go-fuzz-headers into flat spec structs, one byte
// per choice, and mapped to oracle.Globals by explicit code (mapGlobal).
// Input that runs out early leaves the remaining choices at zero, which
// always map to the simplest option: any byte string, even an empty one,
// gives a module.
//
// The mapping only makes modules that LLVM's IR parser and verifier
// accept, and that the object format can express, so that what llc
// rejects is the section strings and the rules between globals, not the
// IR. What it avoids, and why (all checked with llc 14, 19 and 22):
//   - common: variables only, zero-initialized, not constant, no comdat
//     (Verifier: "'common' global must have a zero initializer!", "may not
//     be marked constant", "may not be in a Comdat"); aligned to at most
//     32 bytes on COFF ("alignment is limited to 32-bytes").
//   - extern_weak and external declarations: declarations only (LLParser:
//     "invalid linkage type for global declaration"), never in a comdat
//     ("Declaration may not be in a Comdat!") nor in @llvm.used.
//   - internal and private: default visibility only (LLParser: "symbol with
//     local linkage must have default visibility"); a private global is
//     never a comdat's key ("comdat global value has private linkage").
//   - comdats: none on Mach-O ("MachO doesn't support COMDATs") and XCOFF
//     ("COMDAT not yet supported by AIX"); ELF selects any or
//     nodeduplicate, Wasm any only (both fatal otherwise); every comdat has
//     a key, a global of its own name in it, because COFF resolves a
//     member's comdat through its key ("Associative COMDAT symbol 'c' does
//     not exist" / "is not a key for its COMDAT").
//   - thread_local: variables only.
//   - GOFF: no private variables (LLVM 22 segfaults writing a pointer to
//     one, sections or not).
func Generate(data []byte, triple string, dict Dictionary) (oracle.Case, error) {
	if triple == "" {
		return oracle.Case{}, errors.New("irgen: Generate needs a target triple")
	}
	g := generator{
		tr:   oracle.ParseTriple(triple),
		dict: dict,
		cons: fuzz.NewConsumer(data),
	}
	return g.module(), nil
}

// Dictionary is the pool of section strings Generate draws from. The fuzz
// bytes index into its slices, so their order is part of what makes
// generation deterministic.
type Dictionary struct {
	// Sections are strings that suit the target's object format: the
	// corpus entries for the format and for any format, then the format's
	// well-known section names.
	Sections []string
	// Foreign are strings of the other formats (an ELF name on Mach-O is
	// how the seed bug was found); drawn less often.
	Foreign []string
}

// DefaultDictionary is the dictionary for triple from the embedded corpus
// and the format's well-known section names.
func DefaultDictionary(triple string) Dictionary {
	return NewDictionary(corpus.Default(), oracle.ParseTriple(triple).Format)
}

// NewDictionary builds the dictionary of format f from corpus entries es.
func NewDictionary(es []corpus.Entry, f oracle.Format) Dictionary {
	seen := map[string]bool{}
	var d Dictionary
	add := func(dst *[]string, s string) {
		if !seen[s] {
			seen[s] = true
			*dst = append(*dst, s)
		}
	}
	for _, s := range corpus.Sections(es, string(f)) {
		add(&d.Sections, s)
	}
	for _, s := range specialSections[f] {
		add(&d.Sections, s)
	}
	for _, e := range es {
		if e.Format != string(f) && e.Format != "any" {
			add(&d.Foreign, e.Section)
		}
	}
	for _, other := range oracle.Formats {
		if other != f {
			for _, s := range specialSections[other] {
				add(&d.Foreign, s)
			}
		}
	}
	return d
}

// specialSections are the names each format's MCObjectFileInfo and
// TargetLoweringObjectFile know by name (predefined sections, names that
// select a type or flags by prefix). The corpus has most of them already;
// these make sure every one is in the dictionary.
var specialSections = map[oracle.Format][]string{
	oracle.ELF: {
		".text", ".data", ".bss", ".rodata", ".tdata", ".tbss", ".data.rel.ro",
		".data.rel.ro.local", ".rodata.str1.1", ".rodata.str2.2", ".rodata.cst8",
		".rodata.cst16", ".init_array", ".init_array.5", ".fini_array", ".preinit_array",
		".ctors", ".dtors", ".note.x", ".note.GNU-stack", ".ldata", ".lbss", ".lrodata",
		".sdata", ".sbss", ".llvmbc", ".llvmcmd", ".eh_frame", ".comment", ".debug_info",
		".gnu.linkonce.t.x", ".text.unlikely.", ".text.hot.", ".stack_sizes", "llvm.metadata",
	},
	oracle.MachO: {
		"__TEXT,__text", "__TEXT,__text,regular,pure_instructions", "__TEXT,__const",
		"__TEXT,__cstring,cstring_literals", "__TEXT,__literal4,4byte_literals",
		"__TEXT,__literal8,8byte_literals", "__TEXT,__literal16,16byte_literals",
		"__TEXT,__StaticInit,regular,pure_instructions", "__DATA,__data", "__DATA,__bss",
		"__DATA,__common", "__DATA,__const", "__DATA_CONST,__const",
		"__DATA,__mod_init_func,mod_init_funcs", "__DATA,__mod_term_func,mod_term_funcs",
		"__DATA,__thread_vars,thread_local_variables", "__DATA,__thread_data,thread_local_regular",
		"__DATA,__thread_bss,thread_local_zerofill", "__DATA,__la_symbol_ptr,lazy_symbol_pointers",
		"__DATA,__nl_symbol_ptr,non_lazy_symbol_pointers", "__DATA,__foo,regular,no_dead_strip",
		"__DATA,__zf,zerofill", "__DWARF,__debug_info,regular,debug", "__LLVM,__bitcode",
		"__TEXT,__eh_frame,coalesced,no_toc+strip_static_syms+live_support", "llvm.metadata",
	},
	oracle.COFF: {
		".text", ".data", ".bss", ".rdata", ".tls$", ".CRT$XCU", ".CRT$XCA", ".CRT$XLB",
		".CRT$XIU", ".drectve", ".debug$S", ".pdata", ".xdata", ".idata$2", ".edata",
		".gfids$y", ".00cfg", ".llvm_addrsig", ".text$mn", ".data$r", ".bss$x", "llvm.metadata",
	},
	oracle.Wasm: {
		".text", ".data", ".bss", ".rodata", ".tdata", ".tbss", ".init_array", ".fini_array",
		".custom_section.x", ".debug_info", ".debug_str", ".llvmbc", ".llvmcmd", "producers",
		"target_features", "name", "linking", "llvm.metadata",
	},
	oracle.XCOFF: {
		".text", ".data", ".bss", ".rodata", ".tdata", ".tbss", "x[RW]", "x[RO]", "x[PR]",
		"x[TC]", "x[BS]", "x[UA]", "x[TL]", "x[UL]", "x[DS]", ".ctors", ".dtors",
		"__llvm_prf_cnts", "llvm.metadata",
	},
	oracle.GOFF: {
		".text", ".data", ".bss", "C_CODE64", "C_WSA64", "C_DATA64", "B_TEXT", "llvm.metadata",
	},
}

// moduleSpec is the head of the input.
type moduleSpec struct {
	// Count is the number of globals, 1 + Count%16.
	Count uint8
	// Mode picks how the module's globals choose sections (modeTable).
	Mode uint8
}

// globalSpec holds one global's choices, one field per decision. The
// fields that shape the section come first, so that short inputs already
// reach the section rules. Zero always means the simplest choice.
type globalSpec struct {
	Kind       uint8  // kindTable
	SecSource  uint8  // secSourceTable: dictionary, reuse, mutation, none
	SecIndex   uint16 // index into the chosen pool
	Mut1, Arg1 uint8  // first mutation (mutated sources only)
	Mut2, Arg2 uint8  // optional second mutation
	Linkage    uint8  // linkageTable
	Decl       uint8  // 1 in 8: an external declaration
	TLSModel   uint8  // tlsModelTable
	Align      uint8  // alignTable
	InitForm   uint8  // initFormTable
	InitShape  uint8  // element size, count, string choice
	InitValue  uint8  // value; for const and tls also zero-ness
	Ref        uint8  // pointer target
	Comdat     uint8  // none, own, or join an earlier comdat
	ComdatSel  uint8  // selection kind of a new comdat
	Unnamed    uint8  // unnamedAddrTable
	Visibility uint8  // visibilityTable
	Used       uint8  // 1 in 4 definitions: listed in @llvm.used
}

var kindTable = []oracle.Kind{
	oracle.KindData, oracle.KindData, oracle.KindData,
	oracle.KindZero, oracle.KindZero,
	oracle.KindConst, oracle.KindConst,
	oracle.KindTLS, oracle.KindTLS,
	oracle.KindFunc, oracle.KindFunc, oracle.KindFunc,
}

// linkageTable weights external highest; extern_weak makes a declaration.
var linkageTable = []oracle.Linkage{
	oracle.External, oracle.External, oracle.External, oracle.External,
	oracle.Internal, oracle.Internal, oracle.Private,
	oracle.Weak, oracle.WeakODR, oracle.LinkOnce,
	oracle.LinkOnceODR, oracle.LinkOnceODR,
	oracle.Common, oracle.Common,
	oracle.ExternWeak, oracle.External,
}

var tlsModelTable = []string{"", "localdynamic", "initialexec", "localexec"}

var alignTable = []int{0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 4096}

var unnamedAddrTable = []string{"", "", "unnamed_addr", "local_unnamed_addr"}

var visibilityTable = []string{"", "", "hidden", "protected"}

var initFormTable = []oracle.InitForm{
	oracle.InitScalar, oracle.InitScalar, oracle.InitScalar,
	oracle.InitString, oracle.InitString,
	oracle.InitArray, oracle.InitArray,
	oracle.InitStruct,
	oracle.InitPointer, oracle.InitPointer,
}

var scalarSizes = []int{4, 1, 2, 8}

// stringTable are the contents of non-zero string initializers: C strings,
// one with an interior NUL (not a C string for LLVM's mergeable-string
// rule), bytes that need escaping, and one longer than 16 bytes.
var stringTable = []string{
	"hello", "a", "%s\n", "a\x00b", "\xff\xfe", "x\"y\\z", "0123456789abcdef0123",
	"__DATA,__foo", ".bss",
}

// secSource is where a global's section string comes from.
type secSource int

const (
	secDict    secSource = iota // Dictionary.Sections
	secForeign                  // Dictionary.Foreign
	secReuse                    // a section an earlier global of this module uses
	secMutate                   // a dictionary or reused string, mutated
	secNone                     // no section
)

// modeTable holds, per module mode, the table each global's SecSource
// byte indexes. One bad section string makes a whole module fatal on
// Mach-O and XCOFF, so only wild modules mutate or borrow other formats'
// names; shared modules put most globals into a few sections, which is
// where the rules between globals are.
var modeTable = [][]secSource{
	// shared
	{secDict, secDict, secDict, secReuse, secReuse, secReuse, secReuse, secReuse,
		secReuse, secReuse, secReuse, secReuse, secReuse, secNone, secNone, secNone},
	// tame
	{secDict, secDict, secDict, secDict, secDict, secDict, secDict, secDict,
		secReuse, secReuse, secReuse, secReuse, secReuse, secNone, secNone, secNone},
	// wild, twice as likely as each of the others
	{secDict, secDict, secDict, secDict, secDict, secDict, secDict, secForeign,
		secReuse, secReuse, secReuse, secMutate, secMutate, secMutate, secNone, secNone},
	{secDict, secDict, secDict, secDict, secDict, secDict, secDict, secForeign,
		secReuse, secReuse, secReuse, secMutate, secMutate, secMutate, secNone, secNone},
}

type generator struct {
	tr   oracle.Triple
	dict Dictionary
	cons *fuzz.ConsumeFuzzer

	mode     []secSource       // the module's section-source table
	specs    []globalSpec      // the specs read, in module order
	globals  []oracle.Global   // the globals built from them
	sections []string          // sections chosen so far, distinct, in order
	keys     []string          // comdats created so far (their key's name)
	comdatOf map[string]string // comdat name -> selection kind
}

func pick[T any](b uint8, table []T) T { return table[int(b)%len(table)] }

func (g *generator) module() oracle.Case {
	var ms moduleSpec
	_ = g.cons.GenerateStruct(&ms) // no bytes: one global
	n := 1 + int(ms.Count)%16
	g.mode = pick(ms.Mode, modeTable)
	for i := 0; i < n; i++ {
		var s globalSpec
		if err := g.cons.GenerateStruct(&s); err != nil && i > 0 {
			// Out of bytes: the module ends here. The first global is
			// kept with whatever choices were read (the rest zero).
			break
		}
		g.specs = append(g.specs, s)
	}
	// Variables first, then functions: the order Render prints them in,
	// so the case's order is the module's order.
	sort.SliceStable(g.specs, func(a, b int) bool {
		return !isFuncSpec(g.specs[a]) && isFuncSpec(g.specs[b])
	})
	vars, funcs := 0, 0
	for _, s := range g.specs {
		var name string
		if isFuncSpec(s) {
			name = fmt.Sprintf("f%d", funcs)
			funcs++
		} else {
			name = fmt.Sprintf("g%d", vars)
			vars++
		}
		g.globals = append(g.globals, oracle.Global{Name: name})
	}
	g.comdatOf = map[string]string{}
	for i, s := range g.specs {
		g.mapGlobal(i, s)
	}
	return oracle.Case{Triple: g.tr.Raw, Globals: g.globals}
}

func isFuncSpec(s globalSpec) bool { return pick(s.Kind, kindTable) == oracle.KindFunc }

// mapGlobal turns spec s into global i, keeping to the IR rules listed on
// Generate.
func (g *generator) mapGlobal(i int, s globalSpec) {
	gl := &g.globals[i]
	gl.Kind = pick(s.Kind, kindTable)
	link := pick(s.Linkage, linkageTable)
	decl := s.Decl%8 == 7 || link == oracle.ExternWeak
	isFunc := gl.Kind == oracle.KindFunc

	if decl {
		gl.Declaration = true
		if link != oracle.ExternWeak {
			link = oracle.External
		}
		if gl.Kind == oracle.KindZero {
			// A declaration has no initializer to be zero.
			gl.Kind = oracle.KindData
		}
	}
	if link == oracle.Common && gl.Kind != oracle.KindZero && gl.Kind != oracle.KindTLS {
		link = oracle.Weak
	}
	if link == oracle.Private && !isFunc && g.tr.Format == oracle.GOFF {
		// LLVM 22's GOFFObjectWriter::writeObject segfaults on a pointer
		// to a private variable, whatever the sections.
		link = oracle.Internal
	}
	gl.Linkage = link
	if gl.Kind == oracle.KindTLS {
		gl.TLSModel = pick(s.TLSModel, tlsModelTable)
	}
	gl.Align = pick(s.Align, alignTable)
	if link == oracle.Common && g.tr.Format == oracle.COFF && gl.Align > 32 {
		// MCWinCOFFStreamer::emitCommonSymbol: "alignment is limited to
		// 32-bytes" for MSVC environments.
		gl.Align = 32
	}
	gl.UnnamedAddr = pick(s.Unnamed, unnamedAddrTable)
	if !link.IsLocal() {
		gl.Visibility = pick(s.Visibility, visibilityTable)
	}
	if !isFunc && !decl {
		gl.Init = g.initializer(i, s, gl.Kind, link == oracle.Common)
	}
	if !decl && link != oracle.Common {
		g.comdat(gl, s)
	}
	gl.Used = !decl && s.Used%4 == 3
	gl.Section = g.section(s)
}

// comdatSelections are the selection kinds each format can lower; formats
// that are missing here have no comdats at all.
var comdatSelections = map[oracle.Format][]string{
	oracle.ELF:  {"any", "any", "any", "nodeduplicate"},
	oracle.COFF: {"any", "any", "exactmatch", "largest", "nodeduplicate", "samesize"},
	oracle.Wasm: {"any"},
	// GOFF ignores comdats, whatever their selection.
	oracle.GOFF: {"any", "nodeduplicate", "largest"},
}

func (g *generator) comdat(gl *oracle.Global, s globalSpec) {
	sels := comdatSelections[g.tr.Format]
	if len(sels) == 0 {
		return
	}
	switch c := s.Comdat % 8; {
	case c < 5:
		return
	case c == 7 && len(g.keys) > 0:
		// Join an earlier global's comdat.
		k := g.keys[int(s.Comdat/8)%len(g.keys)]
		gl.Comdat, gl.ComdatSelection = k, g.comdatOf[k]
	default:
		if gl.Linkage == oracle.Private {
			return
		}
		sel := pick(s.ComdatSel, sels)
		gl.Comdat, gl.ComdatSelection = gl.Name, sel
		g.keys = append(g.keys, gl.Name)
		g.comdatOf[gl.Name] = sel
	}
}

// initializer builds the initializer of variable i: zero for KindZero and
// common, non-zero for KindData, either for const and tls.
func (g *generator) initializer(i int, s globalSpec, k oracle.Kind, common bool) *oracle.Init {
	var zero bool
	switch {
	case common || k == oracle.KindZero:
		zero = true
	case k == oracle.KindData:
		zero = false
	default:
		zero = s.InitValue%4 == 0
	}
	value := int64(0)
	if !zero {
		value = 1 + int64(s.InitValue/4)%127
	}
	in := &oracle.Init{Form: pick(s.InitForm, initFormTable), Zero: zero}
	switch in.Form {
	case oracle.InitScalar:
		in.Size, in.Value = pick(s.InitShape, scalarSizes), value
	case oracle.InitString:
		if zero {
			in.Len = 1 + int(s.InitShape)%16
		} else {
			in.Bytes = pick(s.InitShape, stringTable)
			in.Len = len(in.Bytes) + 1
		}
	case oracle.InitArray:
		in.Size = pick(s.InitShape, scalarSizes)
		in.Len = 1 + int(s.InitShape/4)%8
		in.Value = value
	case oracle.InitStruct:
		in.Len = 1 + int(s.InitShape)%4
		in.Size = 4 * in.Len
		in.Value = value
	case oracle.InitPointer:
		in.Size = g.ptrSize()
		if !zero {
			in.Ref = g.globals[int(s.Ref)%len(g.globals)].Name
		}
	}
	return in
}

func (g *generator) ptrSize() int {
	if g.tr.Is64() {
		return 8
	}
	return 4
}

// section chooses the section string of a global.
func (g *generator) section(s globalSpec) string {
	var sec string
	switch src := pick(s.SecSource, g.mode); src {
	case secNone:
		return ""
	case secDict:
		sec = g.fromDict(s.SecIndex)
	case secForeign:
		if len(g.dict.Foreign) == 0 {
			sec = g.fromDict(s.SecIndex)
		} else {
			sec = g.dict.Foreign[int(s.SecIndex)%len(g.dict.Foreign)]
		}
	case secReuse:
		sec = g.reuse(s.SecIndex)
	case secMutate:
		if s.SecIndex%4 == 3 {
			sec = g.reuse(s.SecIndex / 4)
		} else {
			sec = g.fromDict(s.SecIndex / 4)
		}
		sec = g.mutate(sec, s.Mut1%uint8(len(mutations)), s.Arg1)
		if m := int(s.Mut2) % (2 * len(mutations)); m < len(mutations) {
			sec = g.mutate(sec, uint8(m), s.Arg2)
		}
	}
	if sec != "" && !contains(g.sections, sec) {
		g.sections = append(g.sections, sec)
	}
	return sec
}

func (g *generator) fromDict(idx uint16) string {
	if len(g.dict.Sections) == 0 {
		return ""
	}
	return g.dict.Sections[int(idx)%len(g.dict.Sections)]
}

// reuse returns a section an earlier global of this module already uses
// (the rules between globals need shared sections), else a dictionary
// entry.
func (g *generator) reuse(idx uint16) string {
	if len(g.sections) > 0 {
		return g.sections[int(idx)%len(g.sections)]
	}
	return g.fromDict(idx)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// suffixes are appended by the append mutation: separators and specifier
// fields of Mach-O, XCOFF storage-mapping classes, COFF '$' grouping,
// ELF prefixes turned suffixes, bytes that need escaping.
var suffixes = []string{
	".x", ",", "$", "\x00", ".", ",x", "$x", "#x", " ", "\t", ",regular",
	",no_dead_strip", ",zerofill", ",cstring_literals", ",,no_dead_strip",
	",regular,no_dead_strip", ",symbol_stubs,none,8", ",thread_local_regular",
	".1", ".100", "[RW]", "[RO]", "[PR]", "[TC]", "[BS]", "[UA]", "$a", "$z",
	"\\", "\"", "\xff", "0123456789abcdef", ".bss", ".tbss", ".rodata", ".str",
}

// prefixes are prepended by the prepend mutation.
var prefixes = []string{
	".", "__DATA,", "__TEXT,", ".bss.", ".tdata.", ".tbss.", ".note.", ".init_array.",
	".ldata.", ".rodata.", " ", "\x00", ",", ".CRT$",
}

// insertBytes are inserted by the insert mutation.
var insertBytes = []byte{',', '$', '.', 0, ' ', '"', '\\', 0xff, '#', '[', ']', ':', '\n'}

type mutation func(g *generator, s string, arg uint8) string

// mutations change a section string in one way each; arg picks the
// position or the piece.
var mutations = []mutation{
	// Flip one bit of one byte.
	func(_ *generator, s string, arg uint8) string {
		if s == "" {
			return s
		}
		b := []byte(s)
		i := int(arg) % len(b)
		b[i] ^= 1 << ((int(arg) / len(b)) % 8)
		return string(b)
	},
	// Truncate.
	func(_ *generator, s string, arg uint8) string { return s[:int(arg)%(len(s)+1)] },
	// Append a piece.
	func(_ *generator, s string, arg uint8) string { return s + pick(arg, suffixes) },
	// Prepend a piece.
	func(_ *generator, s string, arg uint8) string { return pick(arg, prefixes) + s },
	// Insert one byte.
	func(_ *generator, s string, arg uint8) string {
		i := int(arg) % (len(s) + 1)
		c := insertBytes[(int(arg)/(len(s)+1))%len(insertBytes)]
		return s[:i] + string([]byte{c}) + s[i:]
	},
	// Delete one byte.
	func(_ *generator, s string, arg uint8) string {
		if s == "" {
			return s
		}
		i := int(arg) % len(s)
		return s[:i] + s[i+1:]
	},
	// Grow past the format's length limits (8 for COFF short names, 16
	// for Mach-O fields).
	func(_ *generator, s string, arg uint8) string {
		return s + strings.Repeat("x", 1+int(arg)%24)
	},
	// Splice with another dictionary entry.
	func(g *generator, s string, arg uint8) string {
		o := g.fromDict(uint16(arg) * 7)
		return s[:len(s)/2] + o[len(o)/2:]
	},
	// Replace with the name of a global of this module (sections named
	// like a symbol or a comdat collide with it in ELF and COFF), maybe
	// with a suffix.
	func(g *generator, s string, arg uint8) string {
		name := g.globals[int(arg)%len(g.globals)].Name
		if arg%2 == 1 {
			name += pick(arg/2, suffixes)
		}
		return name
	},
}

func (g *generator) mutate(s string, op, arg uint8) string {
	return mutations[int(op)%len(mutations)](g, s, arg)
}
