package oracle

import (
	"slices"
	"strings"
)

// WebAssembly (wasm32-*, wasm64-*): how llc places globals, modelled on
//
//   - TargetLoweringObjectFileWasm (getExplicitSectionGlobal,
//     SelectSectionForGlobal, selectWasmSectionForGlobal, getWasmComdat,
//     getWasmSectionFlags),
//   - MCContext::getWasmSection, which uniques sections by (name, comdat
//     group): the first global to name a section fixes its kind and its
//     segment flags, and later globals join it as it is,
//   - MCObjectFileInfo::initWasmMCObjectFileInfo, which creates .text,
//     .data, the DWARF sections and .rodata.gcc_except_table before any
//     global is emitted,
//   - the AsmPrinter's emission order and fragments, and
//   - WasmObjectWriter, whose checks (relocations during layout, then the
//     symbol table, then .init_array/.fini_array) turn odd placements into
//     `LLVM ERROR:` aborts.
//
// The placement vocabulary: a variable lands in a data segment (Name: the
// segment's name, Type "DATA", Flags: the segment flags STRINGS, TLS,
// RETAIN); a function lands in CODE (Name and Type "CODE"), since llc
// ignores `section` on functions and gives each one a text section of its
// own, which the object file does not name.

func init() { rulesByFormat[Wasm] = predictWasm }

// Rule names of the Wasm rule set.
const (
	ruleWasmSegment        = "wasm/data-segment"    // explicit section: a segment of that name
	ruleWasmDefault        = "wasm/default-segment" // no section: .data.g, .bss.g, .rodata.g
	ruleWasmTLSStripped    = "wasm/tls-stripped"    // thread_local without atomics: plain data
	ruleWasmFunc           = "wasm/func-code"       // a function: CODE
	ruleWasmFuncSection    = "wasm/func-section-ignored"
	ruleWasmCommon         = "wasm/common-undefined"   // common: an undefined symbol, no data
	ruleWasmNotEmitted     = "wasm/not-emitted"        // llvm.metadata, available_externally
	ruleWasmPrivate        = "wasm/private-temporary"  // private: a .L temporary, not g
	ruleWasmDataLost       = "wasm/private-data-lost"  // private data in a non-data section vanishes
	ruleWasmInitSegment    = "wasm/init-array-segment" // data in .init_array* sections
	ruleWasmComdat         = "wasm/comdat-selection"
	ruleWasmNonData        = "wasm/data-in-non-data-section"
	ruleWasmOffsetReloc    = "wasm/offset-reloc-outside-metadata"
	ruleWasmNoDefiningFunc = "wasm/offset-reloc-no-function"
	ruleWasmFini           = "wasm/fini-array"
	ruleWasmInitPriority   = "wasm/init-array-priority"
	ruleWasmInitLayout     = "wasm/init-array-layout"
	ruleWasmInitData       = "wasm/init-array-data"
	ruleWasmInitFunc       = "wasm/init-array-function"
	ruleWasmUnreadable     = "wasm/init-array-dangling-segment"
	ruleWasmSymbolTaken    = "wasm/section-symbol-takes-name"
	ruleWasmComdatKeySym   = "wasm/comdat-key-section-symbol"
)

// wasmSecKind is the SectionKind class that decides what the writer does
// with a section.
type wasmSecKind int

const (
	// wasmSecData: a data segment (MCSectionWasm::isWasmData).
	wasmSecData wasmSecKind = iota
	// wasmSecText: code; the writer only writes function bodies from it.
	wasmSecText
	// wasmSecMeta: metadata, written as a custom section.
	wasmSecMeta
)

// wasmPredefined are the sections initWasmMCObjectFileInfo and
// TargetLoweringObjectFileWasm::InitializeWasm create (with no comdat
// group) before any global: a global naming one joins it with the
// section's kind and no flags, whatever its own. The list is the same in
// LLVM 14, 19 and 22 (each name probed).
var wasmPredefined = map[string]wasmSecKind{
	".text":                    wasmSecText,
	".data":                    wasmSecData,
	".init_array":              wasmSecData, // TLOFWasm's StaticCtorSection
	".rodata.gcc_except_table": wasmSecData, // LSDASection, ReadOnlyWithRel
	".debug_line":              wasmSecMeta,
	".debug_line_str":          wasmSecMeta,
	".debug_str":               wasmSecMeta,
	".debug_loc":               wasmSecMeta,
	".debug_abbrev":            wasmSecMeta,
	".debug_aranges":           wasmSecMeta,
	".debug_ranges":            wasmSecMeta,
	".debug_macinfo":           wasmSecMeta,
	".debug_macro":             wasmSecMeta,
	".debug_cu_index":          wasmSecMeta,
	".debug_tu_index":          wasmSecMeta,
	".debug_info":              wasmSecMeta,
	".debug_frame":             wasmSecMeta,
	".debug_pubnames":          wasmSecMeta,
	".debug_pubtypes":          wasmSecMeta,
	".debug_gnu_pubnames":      wasmSecMeta,
	".debug_gnu_pubtypes":      wasmSecMeta,
	".debug_names":             wasmSecMeta,
	".debug_str_offsets":       wasmSecMeta,
	".debug_addr":              wasmSecMeta,
	".debug_rnglists":          wasmSecMeta,
	".debug_loclists":          wasmSecMeta,
	".debug_info.dwo":          wasmSecMeta,
	".debug_types.dwo":         wasmSecMeta,
	".debug_abbrev.dwo":        wasmSecMeta,
	".debug_str.dwo":           wasmSecMeta,
	".debug_line.dwo":          wasmSecMeta,
	".debug_loc.dwo":           wasmSecMeta,
	".debug_str_offsets.dwo":   wasmSecMeta,
	".debug_rnglists.dwo":      wasmSecMeta,
	".debug_macinfo.dwo":       wasmSecMeta,
	".debug_macro.dwo":         wasmSecMeta,
	".debug_loclists.dwo":      wasmSecMeta,
}

// wasmMetadataNames are section strings getExplicitSectionGlobal turns
// into metadata (custom sections) whatever the global's kind: the embedded
// bitcode and command line, and the coverage mapping sections (whose
// names getInstrProfSectionName gives for Wasm), true for the latter.
var wasmMetadataNames = map[string]bool{".llvmbc": false, ".llvmcmd": false, "__llvm_covmap": true, "__llvm_covfun": true}

// isMetadataName reports whether an explicit section string makes a
// metadata section.
func (m *wasmModule) isMetadataName(name string) bool {
	coverage, ok := wasmMetadataNames[name]
	if coverage {
		return !m.p.deviates("wasm-covmap-is-data")
	}
	return ok
}

// wasmFragKind is the kind of an MC fragment, as the .init_array checks
// see them.
type wasmFragKind int

const (
	fragData wasmFragKind = iota
	fragAlign
	fragFill
)

// wasmFrag is one MC fragment of a section.
type wasmFrag struct {
	kind  wasmFragKind
	align int
	// nonzero: a byte of the fragment is not zero.
	nonzero bool
	// fixups are the globals the fragment's relocations point to.
	fixups []string
}

// wasmSection is one MCSectionWasm.
type wasmSection struct {
	name, group string
	kind        wasmSecKind
	flags       []string
	// function is the function whose own text section this is.
	function string
	frags    []wasmFrag
	fragBuf  [4]wasmFrag
	// hasBytes: a global was emitted into the section.
	hasBytes bool
}

func (s *wasmSection) isInitArray() bool { return strings.HasPrefix(s.name, ".init_array") }

// wasmGlobal is one global value as the writer sees its symbol.
type wasmGlobal struct {
	g   Global
	sym string // symbol name: the IR name, or .L<name> for private
	sec *wasmSection
	// defined: the symbol is defined in this object (emitted, not common).
	defined bool
	// usedInReloc / usedInInit: a relocation or an .init_array entry
	// points at it, which puts even a temporary into the symbol table.
	usedInReloc, usedInInit bool
	// registered: the symbol is in the assembler's symbol list.
	registered bool
	// afterBytes: something was emitted into the section before the
	// global, so its offset there is not 0.
	afterBytes bool
	// requested: AsmPrinter asked for the symbol. taken: the name had
	// been taken by a section's begin symbol then (see wasmNames);
	// refTaken: a pointer to the global points at that section's symbol.
	requested, taken, refTaken bool
	// sectionSym: the symbol became a comdat's section symbol (see
	// wasmModule.section), no longer a data symbol. sizeless: a declared
	// function whose symbol is a section's begin symbol (beginSymbol).
	sectionSym, sizeless bool
	rule                 string
}

// wasmModule is one prediction in progress. Modules are small (a few
// globals), so lookups are linear scans: no maps to allocate, which keeps
// the oracle fast enough to fuzz on its own.
type wasmModule struct {
	p       *predictor
	ptrSize int
	// takenReloc: a pointer refers to a section symbol whose name a
	// global took, which crashes the writer.
	takenReloc bool
	// declsAtStart: declared functions have their symbols before any
	// section is made (see predictWasm).
	declsAtStart bool
	globals      []wasmGlobal // in module order
	// sections in creation order, which is the assembler's section order.
	sections []*wasmSection
	// secStore holds the sections: each global makes at most one, so it
	// never grows past its capacity and the pointers stay valid.
	secStore []wasmSection
	// symbols in the assembler's registration order.
	symbols []*wasmGlobal
	// names is MCContext's symbol table, as far as it decides section
	// begin symbols.
	names wasmNames
}

// wasmNames replays the part of MCContext's symbol table that names a
// Wasm section's begin symbol. getWasmSection makes it with
// createRenamableSymbol(Name, AlwaysAddSuffix=true): the section's name
// followed by the first number, counting from the name entry's
// NextUniqueID, that no symbol has used yet ("g" -> "g1" when @g0
// exists). The begin symbol then owns that name: a global of that name
// that asks for its symbol later (getOrCreateSymbol) gets the section's
// symbol instead of its own. The predefined sections' begin symbols
// (".text0", ".debug_str0", ...) are left out: no IR global sectfuzz
// generates is named like them.
type wasmNames struct {
	used  []string // names of symbols created so far
	taken []string // the names begin symbols took
	next  []wasmNextID
}

// wasmNextID is a name entry's NextUniqueID.
type wasmNextID struct {
	base string
	n    int
}

// use records that the symbol name is created (MCSymbolTableValue.Used).
func (ns *wasmNames) use(name string) {
	if !slices.Contains(ns.used, name) {
		ns.used = append(ns.used, name)
	}
}

// beginSymbol is createRenamableSymbol(section, true): it returns the name
// it takes.
func (ns *wasmNames) beginSymbol(section string) string {
	i := 0
	for i < len(ns.next) && ns.next[i].base != section {
		i++
	}
	if i == len(ns.next) {
		ns.next = append(ns.next, wasmNextID{base: section})
	}
	for {
		name := section + itoa(ns.next[i].n)
		ns.next[i].n++
		if !slices.Contains(ns.used, name) {
			ns.used = append(ns.used, name)
			ns.taken = append(ns.taken, name)
			return name
		}
	}
}

// symbolFor is getOrCreateSymbol for a global's symbol name: it reports
// whether a begin symbol took the name first.
func (ns *wasmNames) symbolFor(name string) (taken bool) {
	if slices.Contains(ns.taken, name) {
		return true
	}
	ns.use(name)
	return false
}

// global returns the global named name, or nil.
func (m *wasmModule) global(name string) *wasmGlobal {
	for i := range m.globals {
		if m.globals[i].g.Name == name {
			return &m.globals[i]
		}
	}
	return nil
}

func predictWasm(p *predictor) {
	n := len(p.c.Globals)
	m := &wasmModule{
		p: p, ptrSize: 4,
		globals:  make([]wasmGlobal, n),
		sections: make([]*wasmSection, 0, n),
		secStore: make([]wasmSection, 0, n),
		symbols:  make([]*wasmGlobal, 0, n),
	}
	if p.tr.Is64() {
		m.ptrSize = 8
	}
	// LLVM 14 declares functions in emitDecls, which runs with the first
	// function's constant pool (before anything is emitted) or, in a
	// module without a function to emit, at the end.
	m.declsAtStart = !p.feature("wasm-function-decls-at-end")
	for _, g := range p.c.Globals {
		if g.IsFunc() && !declForLinker(g) {
			m.declsAtStart = true
		}
	}
	for i, g := range p.c.Globals {
		sym := g.Name
		if g.Linkage == Private {
			sym = ".L" + g.Name
		}
		m.globals[i] = wasmGlobal{g: g, sym: sym}
		if g.IsFunc() && declForLinker(g) && m.declsAtStart {
			// WebAssemblyAsmPrinter declares every function before
			// emitting anything: its symbol exists from the start.
			m.names.use(sym)
		}
	}
	// AsmPrinter: functions as they are code-generated, then the variables
	// in doFinalization, both in module order. emitGlobalVariable asks a
	// declaration for its symbol too, then has nothing to emit.
	for _, g := range p.emissionOrder() {
		if g.IsFunc() && !m.emit(m.global(g.Name)) {
			return
		}
	}
	for i := range m.globals {
		w := &m.globals[i]
		switch {
		case w.g.IsFunc():
		case w.g.Declaration:
			m.request(w)
		case notEmitted(w.g) == "" && !m.emit(w):
			return
		}
	}
	if !m.relocate() || !m.checkSymbols() || !m.checkInitFini() || !m.checkFunctionSizes() {
		return
	}
	if m.takenReloc {
		// The writer only dereferences the lost symbol when it applies
		// the relocations, writing the sections: every check of its
		// symbol and .init_array loops comes first.
		m.crashOnLostSymbol()
		return
	}
	m.place()
}

// beginSymbol names a new section's begin symbol. Entering the section
// registers it with the assembler. In LLVM 14 a module without a function
// to emit declares its functions only at the end (emitDecls): if this symbol
// took its name, emitDecls makes the section symbol a function symbol, a
// defined one without a size, which the writer's symbol loop refuses when
// it gets to it.
func (m *wasmModule) beginSymbol(section string) {
	name := m.names.beginSymbol(section)
	if m.declsAtStart {
		return
	}
	for i := range m.globals {
		w := &m.globals[i]
		if w.sym == name && w.g.IsFunc() && declForLinker(w.g) && m.p.inVersion("wasm-section-symbol-takes-name") {
			w.sizeless = true
			m.register(w)
		}
	}
}

// emit lowers one global: picks its section (MCContext uniquing included)
// and appends its fragments. It reports false after a fatal error.
func (m *wasmModule) emit(w *wasmGlobal) bool {
	g := w.g
	p := m.p
	if !g.IsFunc() {
		switch {
		case g.Section == "llvm.metadata" || g.Linkage == AvailExtern:
			// emitSpecialLLVMGlobal: never emitted.
			w.rule = ruleWasmNotEmitted
			return true
		case m.symbolTaken(w):
			return true
		case g.Linkage == Common:
			// AsmPrinter hands common symbols to MCWasmStreamer before
			// any section is chosen; the Wasm writer has no common
			// symbols and writes an undefined one: the definition is
			// silently lost.
			w.rule = ruleWasmCommon
			m.register(w)
			return true
		}
	} else if g.Linkage == AvailExtern {
		w.rule = ruleWasmNotEmitted
		return true
	} else {
		m.request(w) // a function's symbol is never taken: functions come first
	}
	// getWasmComdat runs first in both section selectors.
	if g.Comdat != "" && g.ComdatSelection != "" && g.ComdatSelection != "any" {
		p.reject(Fatal, ruleWasmComdat, "LLVM ERROR: WebAssembly COMDATs only support SelectionKind::Any, '"+g.Comdat+"' cannot be lowered.")
		return false
	}
	w.defined = true
	m.register(w)
	if g.IsFunc() {
		// getExplicitSectionGlobal sends functions to
		// SelectSectionForGlobal: with -function-sections (llc's Wasm
		// default) each function gets ".text.<symbol>".
		s := m.section(".text."+w.sym, g.Comdat, func() (wasmSecKind, []string) { return wasmSecText, nil })
		if s.function == "" {
			s.function = g.Name
		}
		w.sec = s
		w.rule = ruleWasmFunc
		if g.Section != "" {
			w.rule = ruleWasmFuncSection
		}
		return true
	}

	var name string
	switch {
	case g.Section != "":
		name = g.Section
		w.rule = ruleWasmSegment
	default:
		// -data-sections (the Wasm default) and unique section names:
		// "<prefix>.<symbol>".
		name = m.defaultPrefix(g) + "." + w.sym
		w.rule = ruleWasmDefault
	}
	if g.Kind == KindTLS {
		w.rule = ruleWasmTLSStripped
	}
	s := m.section(name, g.Comdat, func() (wasmSecKind, []string) {
		if g.Section != "" && m.isMetadataName(name) {
			return wasmSecMeta, m.flagsOf(g, false)
		}
		return wasmSecData, m.flagsOf(g, true)
	})
	w.sec = s
	m.appendFragments(s, w)
	return true
}

// request is getSymbol for a global, the first time it is asked for
// (its emission, or the first pointer to it): it reports whether a
// section's begin symbol had taken the name (wasmNames), so that the
// global's symbol is that section's.
func (m *wasmModule) request(w *wasmGlobal) bool {
	if !w.requested {
		w.requested = true
		// The deviation is recorded where the taken name has an effect.
		w.taken = m.names.symbolFor(w.sym) && m.p.inVersion("wasm-section-symbol-takes-name")
	}
	return w.taken
}

// symbolTaken is AsmPrinter asking for a variable's symbol, first thing
// after the special globals: it reports whether the name was taken, which
// ends the variable's emission.
func (m *wasmModule) symbolTaken(w *wasmGlobal) bool {
	if !m.request(w) {
		return false
	}
	m.p.deviates("wasm-section-symbol-takes-name")
	w.rule = ruleWasmSymbolTaken
	if !w.refTaken {
		// Defining the label (or .comm) on the section's symbol; a
		// pointer emitted before already points at it, and the writer
		// crashes on that instead (recordRelocation).
		m.p.softError(ruleWasmSymbolTaken, "error: symbol '"+w.sym+"' is already defined")
	}
	return true
}

// register adds a symbol to the assembler's symbol list once.
func (m *wasmModule) register(w *wasmGlobal) {
	if !w.registered {
		w.registered = true
		m.symbols = append(m.symbols, w)
	}
}

// section is MCContext::getWasmSection: an existing (name, group) section
// is returned as it is, and a predefined one keeps its own kind; only a
// new section takes the kind and flags of the global that creates it.
func (m *wasmModule) section(name, group string, kindOf func() (wasmSecKind, []string)) *wasmSection {
	for _, s := range m.sections {
		if s.name == name && s.group == group {
			return s
		}
	}
	var kind wasmSecKind
	var flags []string
	if k, ok := wasmPredefined[name]; ok && group == "" {
		kind = k
	} else {
		kind, flags = kindOf()
		if group != "" {
			// The group's symbol first (getOrCreateSymbol), then the
			// begin symbol.
			m.names.use(group)
			if kind == wasmSecMeta && m.p.inVersion("wasm-comdat-key-section-symbol") {
				m.comdatKeyOfCustomSection(group)
			}
			if w := m.global(group); w != nil {
				// MCWasmStreamer::changeSection registers the group's
				// symbol on entering the section: the writer's symbol
				// checks meet it there.
				m.register(w)
			}
		}
		m.beginSymbol(name)
	}
	m.secStore = append(m.secStore, wasmSection{name: name, group: group, kind: kind, flags: flags})
	s := &m.secStore[len(m.secStore)-1]
	s.frags = append(s.fragBuf[:0], wasmFrag{kind: fragData}) // the section's first, empty fragment
	m.sections = append(m.sections, s)
	return s
}

// comdatKeyOfCustomSection: getWasmSection makes the group symbol of a
// metadata section a section symbol unless it has a type already. A
// variable's data symbol never gets one set (the writer defaults it to
// DATA), so a variable named like the comdat, emitted before or being
// emitted into that section, stops being a data symbol: it escapes the
// data symbol check and vanishes from the symbol table. A function's
// symbol is typed when it is emitted, before any variable.
func (m *wasmModule) comdatKeyOfCustomSection(group string) {
	if w := m.global(group); w != nil && !w.g.IsFunc() {
		w.sectionSym = true
	}
}

// flagsOf is getWasmSectionFlags for the section a global creates:
// STRINGS for a mergeable C string (data sections only: a metadata
// section's kind is not the global's), RETAIN for a global in @llvm.used.
func (m *wasmModule) flagsOf(g Global, data bool) []string {
	var flags []string
	// thread_local: CoalesceFeaturesAndStripAtomics strips it when the
	// module lacks atomics and bulk-memory, which llc's default CPU for
	// every Wasm triple does and a Case cannot ask for: TLS never reaches
	// a segment, and the TLS flag never appears.
	if data && m.isMergeableCString(g) {
		flags = append(flags, "STRINGS")
	}
	if g.Used && !m.p.deviates("wasm-no-retain-flag") {
		flags = append(flags, "RETAIN")
	}
	return flags
}

// defaultPrefix is getSectionPrefixForGlobal for the global's kind.
func (m *wasmModule) defaultPrefix(g Global) string {
	in := g.Initializer()
	switch {
	case g.Kind == KindConst:
		// Constants are read-only even with relocations: Wasm's
		// relocation model is static.
		return ".rodata"
	case wasmZeroInit(in):
		// isSuitableForBSS: a zero, non-constant global with no section.
		return ".bss"
	}
	return ".data"
}

// isMergeableCString: a constant, unnamed_addr, relocation-free array of
// i8/i16/i32 that ends in its only zero element.
func (m *wasmModule) isMergeableCString(g Global) bool {
	if g.Kind != KindConst || g.UnnamedAddr != "unnamed_addr" {
		return false
	}
	in := g.Initializer()
	switch in.Form {
	case InitString:
		if in.Zero || allZero(in.Bytes) {
			return in.Len <= 1 // [1 x i8] zeroinitializer is "\0"
		}
		return !strings.Contains(in.Bytes, "\x00")
	case InitArray:
		if in.Size != 1 && in.Size != 2 && in.Size != 4 {
			return false
		}
		if wasmZeroInit(in) {
			return max(in.Len, 1) == 1
		}
		return false // every element is Value: no terminating zero
	}
	return false
}

func allZero(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != 0 {
			return false
		}
	}
	return true
}

// wasmZeroInit reports whether an initializer is all zero bytes (LLVM
// folds such constants to zeroinitializer / null).
func wasmZeroInit(in Init) bool {
	if in.Zero {
		return true
	}
	switch in.Form {
	case InitString:
		return allZero(in.Bytes)
	case InitPointer:
		return in.Ref == ""
	case InitArray, InitStruct, InitScalar, "":
		size := in.Size
		if in.Form == InitStruct || size == 0 {
			size = 4
		}
		return truncBytes(in.Value, size) == 0
	}
	return false
}

// truncBytes is v truncated to n bytes.
func truncBytes(v int64, n int) uint64 {
	if n >= 8 {
		return uint64(v)
	}
	return uint64(v) & (1<<(8*uint(n)) - 1)
}

// appendFragments models the MC fragments emitting w adds to s: an
// alignment fragment (AsmPrinter::emitAlignment skips alignment 1), the
// data, and a fill fragment for what AsmPrinter emits with .fill/.zero (a
// zeroinitializer aggregate, or an array of one repeated byte).
func (m *wasmModule) appendFragments(s *wasmSection, w *wasmGlobal) {
	if s.isInitArray() && m.widerThan64(w.g.Initializer()) && m.p.inVersion("wasm-i128-align-8") {
		m.p.deviates("wasm-i128-align-8")
	}
	w.afterBytes = s.hasBytes
	s.hasBytes = true
	if a := m.alignOf(w.g); a > 1 {
		s.frags = append(s.frags, wasmFrag{kind: fragAlign, align: a})
	}
	// The label is pending until the content asks for a data fragment.
	if s.frags[len(s.frags)-1].kind != fragData {
		s.frags = append(s.frags, wasmFrag{kind: fragData})
	}
	in := w.g.Initializer()
	fill, nonzero := wasmContent(in)
	if in.Form == InitStruct && !fill && m.p.inVersion("wasm-struct-field-fill") {
		// LLVM 14 emits each field, then its (here empty) padding with
		// emitZeros, which makes a fill fragment even of zero bytes. Only
		// the .init_array check ever looks at fragments.
		if s.isInitArray() {
			m.p.deviates("wasm-struct-field-fill")
		}
		for i := 0; i < max(in.Len, 1); i++ {
			if s.frags[len(s.frags)-1].kind != fragData {
				s.frags = append(s.frags, wasmFrag{kind: fragData})
			}
			s.frags[len(s.frags)-1].nonzero = true
			s.frags = append(s.frags, wasmFrag{kind: fragFill})
		}
		return
	}
	if fill {
		s.frags = append(s.frags, wasmFrag{kind: fragFill, nonzero: nonzero})
		return
	}
	last := &s.frags[len(s.frags)-1]
	last.nonzero = last.nonzero || nonzero
	if in.Form == InitPointer && !in.Zero && in.Ref != "" {
		last.fixups = append(last.fixups, in.Ref)
		if t := m.global(in.Ref); t != nil {
			// lowerConstant asks for the target's symbol;
			// MCObjectStreamer registers a symbol a value refers to.
			if m.request(t) && !t.g.IsFunc() {
				t.refTaken = true
			}
			m.register(t)
		}
	}
}

// wasmContent says how AsmPrinter::emitGlobalConstant emits an
// initializer: as a fill fragment or as data, and whether a byte is not
// zero.
func wasmContent(in Init) (fill, nonzero bool) {
	if wasmZeroInit(in) {
		// zeroinitializer aggregates are emitted with emitZeros, scalars
		// and null pointers as data.
		switch in.Form {
		case InitString, InitArray, InitStruct:
			return true, false
		}
		return false, false
	}
	if in.Form == InitPointer {
		return false, false // zero bytes and a relocation
	}
	if in.Form == InitArray {
		// emitGlobalConstantDataSequential: an array whose bytes all
		// repeat one byte is a .fill, unless it is a single byte.
		size := in.Size
		if size == 0 {
			size = 1
		}
		n := max(in.Len, 1)
		if size == 1 || size == 2 || size == 4 || size == 8 {
			v := truncBytes(in.Value, size)
			b := v & 0xff
			repeated := true
			for i := 1; i < size; i++ {
				if (v>>(8*uint(i)))&0xff != b {
					repeated = false
				}
			}
			if repeated && size*n > 1 {
				return true, true
			}
		}
	}
	return false, true
}

// alignOf is AsmPrinter::getGVAlignment: an explicit alignment wins when
// the global has a section; otherwise the type's preferred alignment,
// raised to 16 for globals larger than 128 bits.
func (m *wasmModule) alignOf(g Global) int {
	if g.Align > 0 && g.Section != "" {
		return g.Align
	}
	abi, pref, bits := m.typeAlign(g.Initializer())
	if g.Align > 0 {
		// DataLayout::getPreferredAlign: an explicit alignment below the
		// preferred one still gets the ABI one.
		if g.Align >= pref {
			return g.Align
		}
		return max(g.Align, abi)
	}
	if bits > 128 && pref < 16 {
		pref = 16
	}
	return pref
}

// typeAlign returns the ABI and preferred alignment and the size in bits
// of an initializer's type under the Wasm data layout.
func (m *wasmModule) typeAlign(in Init) (abi, pref, bits int) {
	switch in.Form {
	case InitString:
		return 1, 1, 8 * max(in.Len, 1)
	case InitArray:
		size := max(in.Size, 1)
		a := m.intAlign(size * 8)
		if in.TypeAlign > 0 {
			a = in.TypeAlign
		}
		elem := (size + a - 1) / a * a
		return a, a, 8 * elem * max(in.Len, 1)
	case InitStruct:
		// Structs of i32: ABI alignment 4, but the data layout's default
		// aggregate preference "a:0:64" makes them 8-aligned.
		if in.TypeAlign > 0 {
			return in.TypeAlign, max(8, in.TypeAlign), 8 * max(in.Size, 1)
		}
		return 4, 8, 32 * max(in.Len, 1)
	case InitPointer:
		return m.ptrSize, m.ptrSize, 8 * m.ptrSize
	}
	size := in.Size
	if size == 0 {
		size = 4
	}
	a := m.intAlign(size * 8)
	if in.TypeAlign > 0 {
		a = in.TypeAlign
	}
	return a, a, size * 8
}

// widerThan64 reports whether an initializer holds integers wider than
// 64 bits, whose alignment the data layout changed.
func (m *wasmModule) widerThan64(in Init) bool {
	return (in.Form == InitScalar || in.Form == "" || in.Form == InitArray) && in.Size > 8
}

// intAlign is the alignment of iN: the smallest integer type the data
// layout lists that is at least as wide, else the widest it lists.
func (m *wasmModule) intAlign(bits int) int {
	switch {
	case bits <= 8:
		return 1
	case bits <= 16:
		return 2
	case bits <= 32:
		return 4
	case bits <= 64:
		return 8
	}
	if m.p.inVersion("wasm-i128-align-8") {
		return 8
	}
	return 16
}

// relocate is the assembler's layout: WasmObjectWriter::recordRelocation
// for every pointer in every section, in section order.
func (m *wasmModule) relocate() bool {
	for _, s := range m.sections {
		for _, f := range s.frags {
			for _, ref := range f.fixups {
				if !m.recordRelocation(s, ref) {
					return false
				}
			}
		}
	}
	return true
}

// crashOnLostSymbol is the writer's crash on a relocation against a
// section symbol whose name a global took; also names the deviations that
// decide when it comes.
func (m *wasmModule) crashOnLostSymbol(also ...string) {
	m.p.deviates("wasm-section-symbol-takes-name")
	for _, id := range also {
		m.p.deviates(id)
	}
	m.p.reject(Crash, ruleWasmSymbolTaken, m.p.msg("wasm-crash-section-symbol-reloc"))
}

func (m *wasmModule) recordRelocation(fixup *wasmSection, ref string) bool {
	t := m.global(ref)
	if t == nil {
		return true
	}
	if t.refTaken {
		// A relocation against another section's begin symbol, whose
		// name the target lost (wasmNames): the writer dereferences
		// what it never recorded for it, later (predictWasm).
		if m.ptrSize == 4 && m.p.inVersion("wasm-section-symbol-reloc-crash-at-layout") {
			m.crashOnLostSymbol("wasm-section-symbol-reloc-crash-at-layout")
			return false
		}
		m.takenReloc = true
		return true
	}
	if fixup.isInitArray() {
		// .init_array is not translated as data: its pointers become init
		// functions later, with no relocation.
		t.usedInInit = true
		return true
	}
	if !t.defined || t.sec == nil {
		t.usedInReloc = true
		return true // an undefined symbol: a plain relocation
	}
	// getRelocType: a pointer into a text section is a function offset,
	// into a custom section a section offset (wasm32 only: the 64-bit case
	// is llvm_unreachable, which release builds fall through to a memory
	// address).
	offset := false
	switch {
	case t.g.IsFunc():
		offset = fixup.kind == wasmSecMeta
	case t.sec.kind == wasmSecText:
		offset = true
	case t.sec.kind == wasmSecMeta:
		offset = m.ptrSize == 4
	}
	if !offset {
		t.usedInReloc = true
		return true
	}
	// A section offset is relative to the target's section symbol: the
	// target itself stays out of the symbol table (found by
	// FuzzModuleWasm).
	if t.g.IsFunc() {
		t.usedInReloc = true
	}
	if fixup.kind != wasmSecMeta {
		m.p.reject(Fatal, ruleWasmOffsetReloc, "LLVM ERROR: relocations for function or section offsets are only supported in metadata sections")
		return false
	}
	if t.sec.kind == wasmSecText && t.sec.function == "" {
		m.p.reject(Fatal, ruleWasmNoDefiningFunc, "LLVM ERROR: section doesn't have defining symbol")
		return false
	}
	return true
}

// inSymtab is isInSymtab: temporaries (private globals) only when a
// relocation or .init_array points at them.
func (w *wasmGlobal) inSymtab() bool {
	return w.usedInReloc || w.usedInInit || w.g.Linkage != Private
}

// checkSymbols is the writer's symbol loop: a defined data symbol must
// live in a data segment.
func (m *wasmModule) checkSymbols() bool {
	for _, w := range m.symbols {

		if w.g.IsFunc() || !w.defined || !w.inSymtab() {
			continue
		}
		if w.sectionSym && w.sec.kind != wasmSecData && m.p.deviates("wasm-comdat-key-section-symbol") {
			continue
		}
		if w.sec.kind != wasmSecData {
			m.p.reject(Fatal, ruleWasmNonData, "LLVM ERROR: data symbols must live in a data section: "+w.sym)
			return false
		}
	}
	return true
}

// checkFunctionSizes is LLVM 14's check, after the .init_array/.fini_array
// one, that every defined function symbol has a size: a section symbol a
// declared function took over has none (beginSymbol).
func (m *wasmModule) checkFunctionSizes() bool {
	for _, w := range m.symbols {
		if w.sizeless {
			m.p.deviates("wasm-section-symbol-takes-name")
			m.p.reject(Fatal, ruleWasmSymbolTaken, "LLVM ERROR: function symbols must have a size set with .size")
			return false
		}
	}
	return true
}

// checkInitFini is the writer's last loop over the sections: .fini_array
// is refused, .init_array must hold only function pointers. The version's
// own check decides; a deviation is named when its answer differs from
// the spec's (LLVM 21's check, with the data check its assertion means).
func (m *wasmModule) checkInitFini() bool {
	for _, s := range m.sections {
		if strings.HasPrefix(s.name, ".fini_array") {
			m.p.reject(Fatal, ruleWasmFini, "LLVM ERROR: .fini_array sections are unsupported")
			return false
		}
		if !s.isInitArray() {
			continue
		}
		spec := m.checkInitEach(s, true)
		got, dev := spec, ""
		switch {
		case m.p.inVersion("wasm-init-array-three-fragments"):
			got, dev = m.checkInitThree(s), "wasm-init-array-three-fragments"
		case m.p.inVersion("wasm-init-array-fragment-pairs"):
			got, dev = m.checkInitPairs(s), "wasm-init-array-fragment-pairs"
		case m.p.inVersion("wasm-init-array-data-unchecked"):
			got, dev = m.checkInitEach(s, false), "wasm-init-array-data-unchecked"
		}
		if got != spec {
			m.p.deviates(dev)
		}
		if got != nil {
			m.p.reject(Fatal, got.rule, "LLVM ERROR: "+got.msg)
			return false
		}
	}
	return true
}

// initError is one of the writer's .init_array aborts.
type initError struct{ rule, msg string }

var (
	errInitFill     = &initError{ruleWasmInitData, "only data supported in .init_array section"}
	errInitCount    = &initError{ruleWasmInitLayout, "only one .init_array section fragment supported"}
	errInitAligned  = &initError{ruleWasmInitLayout, ".init_array section should be aligned"}
	errInitPtrAlign = &initError{ruleWasmInitLayout, ".init_array section should be aligned for pointers"}
	errInitDot      = &initError{ruleWasmInitPriority, ".init_array section priority should start with '.'"}
	errInitPriority = &initError{ruleWasmInitPriority, "invalid .init_array section priority"}
	errInitData     = &initError{ruleWasmInitData, "non-symbolic data in .init_array section"}
	errInitFunc     = &initError{ruleWasmInitFunc, "symbols in .init_array should be for functions"}
)

// checkInitEach is the .init_array check of LLVM 21 and later: every
// fragment must be data or alignment, the name's priority must parse, the
// bytes must be zero (checkData) and every pointer must name a function.
func (m *wasmModule) checkInitEach(s *wasmSection, checkData bool) *initError {
	for _, f := range s.frags {
		if f.kind != fragData && f.kind != fragAlign {
			return errInitFill
		}
		if e := initPriority(s.name); e != nil {
			return e
		}
		if e := m.checkInitContent(f, checkData); e != nil {
			return e
		}
	}
	return nil
}

// checkInitThree is LLVM 14's check: exactly an empty data fragment, one
// pointer-sized alignment and one data fragment.
func (m *wasmModule) checkInitThree(s *wasmSection) *initError {
	fs := s.frags
	switch {
	case len(fs) != 3:
		return errInitCount
	case fs[0].kind != fragData || fs[1].kind != fragAlign:
		return errInitAligned
	case fs[1].align != m.ptrSize:
		return errInitPtrAlign
	case fs[2].kind != fragData:
		return errInitFill
	}
	if e := initPriority(s.name); e != nil {
		return e
	}
	return m.checkInitContent(fs[2], true)
}

// checkInitPairs is LLVM 19's check (llvm#111008): a first data fragment,
// then pairs of a pointer-sized alignment and a data fragment. The first
// fragment itself is never checked.
func (m *wasmModule) checkInitPairs(s *wasmSection) *initError {
	fs := s.frags
	for i := 1; i < len(fs); i += 2 {
		switch {
		case fs[i].kind != fragAlign:
			return errInitAligned
		case fs[i].align != m.ptrSize:
			return errInitPtrAlign
		case i+1 >= len(fs) || fs[i+1].kind != fragData:
			return errInitFill
		}
		if e := initPriority(s.name); e != nil {
			return e
		}
		if e := m.checkInitContent(fs[i+1], true); e != nil {
			return e
		}
	}
	return nil
}

// initPriority parses ".init_array.N": N is a decimal uint16
// (StringRef::getAsInteger, radix 10).
func initPriority(name string) *initError {
	const prefix = len(".init_array")
	if len(name) <= prefix {
		return nil
	}
	if name[prefix] != '.' {
		return errInitDot
	}
	digits := name[prefix+1:]
	if digits == "" {
		return errInitPriority
	}
	v := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return errInitPriority
		}
		if v = v*10 + int(c-'0'); v > 0xffff {
			return errInitPriority
		}
	}
	return nil
}

// checkInitContent: no data bytes (checkData), and every pointer names a
// function.
//
// A pointer's bytes are not always zero: recordRelocation returns early
// for .init_array, before it zeroes the fixed-up value, so the bytes hold
// what MCAssembler::evaluateFixup computed, the target's offset in its
// section. A data global after other data is non-zero there (a function
// is alone in its own text section).
func (m *wasmModule) checkInitContent(f wasmFrag, checkData bool) *initError {
	if checkData && (f.nonzero || m.offsetBytes(f)) {
		return errInitData
	}
	for _, ref := range f.fixups {
		if t := m.global(ref); t == nil || !t.g.IsFunc() {
			return errInitFunc
		}
	}
	return nil
}

// offsetBytes reports whether a pointer of fragment f holds a non-zero
// section offset.
func (m *wasmModule) offsetBytes(f wasmFrag) bool {
	for _, ref := range f.fixups {
		if t := m.global(ref); t != nil && t.defined && !t.g.IsFunc() && t.afterBytes {
			return true
		}
	}
	return false
}

// place records where each global's symbol is. The writer makes a data
// segment of every data section (in section order); a symbol in a segment
// of a name is placed there, in CODE if it is a function.
func (m *wasmModule) place() {
	p := m.p
	// Segment 0, where LLVM 14 points the symbols of .init_array globals.
	var first *wasmSection
	lost := p.inVersion("wasm-init-array-not-a-segment")
	for _, s := range m.sections {
		if s.kind == wasmSecData && !(lost && s.isInitArray()) {
			first = s
			break
		}
	}
	type note struct {
		g    Global
		rule string
	}
	var notes []note
	for i, g := range p.c.Globals {
		w := &m.globals[i]
		switch {
		case g.Declaration:
			notes = append(notes, note{g, ruleWasmNotEmitted})
			continue
		case w.rule == "":
			continue
		case !w.defined || w.sec == nil:
			notes = append(notes, note{g, w.rule})
			continue
		case w.sectionSym && p.deviates("wasm-comdat-key-section-symbol"):
			notes = append(notes, note{g, ruleWasmComdatKeySym})
			continue
		}
		sec, rule := w.sec, w.rule
		if !g.IsFunc() && sec.isInitArray() {
			rule = ruleWasmInitSegment
			if lost && w.inSymtab() && p.deviates("wasm-init-array-not-a-segment") {
				if first == nil {
					if p.keepsObject() {
						p.reject(Crash, ruleWasmUnreadable, UnreadableObject)
					}
					return
				}
				sec = first
			}
		}
		switch {
		case g.Linkage == Private:
			// A temporary: in the symbol table (if at all) as .L<name>,
			// which is not the global's name.
			if !g.IsFunc() && sec.kind != wasmSecData {
				rule = ruleWasmDataLost
			} else {
				rule = ruleWasmPrivate
			}
			notes = append(notes, note{g, rule})
		case g.IsFunc():
			p.place(g, rule, Placement{Name: "CODE", Type: "CODE"})
		default:
			p.place(g, rule, Placement{Name: sec.name, Type: "DATA", Flags: JoinFlags(sec.flags...)})
		}
	}
	// After the placements: predictor.place starts the rule map afresh
	// when it makes the first placement.
	for _, n := range notes {
		p.note(n.g, n.rule)
	}
}
