package oracle

import (
	"strconv"
	"strings"
)

// Mach-O: a section string is a specifier
// `segment,section[,type[,attributes[,stub-size]]]`, parsed by
// MCSectionMachO::ParseSectionSpecifier. A malformed specifier is a fatal
// error naming the global (TargetLoweringObjectFileMachO::
// getExplicitSectionGlobal). Sections are unique by segment and section;
// the first specifier of a section fixes its type and attributes, and a
// later global whose specifier disagrees is fatal.

func init() { rulesByFormat[MachO] = predictMachO }

// Mach-O section type and attribute bits (MachO::SectionType and
// S_ATTR_*).
const (
	machoTypeMask          = 0xff
	machoRegular           = 0x00
	machoZeroFill          = 0x01
	machoSymbolStubs       = 0x08
	machoGBZeroFill        = 0x0c
	machoThreadLocalZero   = 0x12
	machoThreadLocalVars   = 0x13
	machoAttrSomeInstr     = 0x400
	machoAttrDebug         = 0x02000000
	machoAttrLiveSupport   = 0x08000000
	machoAttrNoDeadStrip   = 0x10000000
	machoAttrStripStatic   = 0x20000000
	machoAttrNoTOC         = 0x40000000
	machoAttrPureInstr     = 0x80000000
	machoSectionNameLength = 16
)

// machoTypeNames are the specifier's type names, indexed by type
// (SectionTypeDescriptors). An empty name cannot be written in a specifier.
var machoTypeNames = []string{
	"regular", "zerofill", "cstring_literals", "4byte_literals", "8byte_literals",
	"literal_pointers", "non_lazy_symbol_pointers", "lazy_symbol_pointers", "symbol_stubs",
	"mod_init_funcs", "mod_term_funcs", "coalesced", "", "interposing", "16byte_literals",
	"", "", "thread_local_regular", "thread_local_zerofill", "thread_local_variables",
	"thread_local_variable_pointers", "thread_local_init_function_pointers", "",
}

// machoTypeWords are llvm-readobj's words for the types.
var machoTypeWords = []string{
	"Regular", "ZeroFill", "CStringLiterals", "4ByteLiterals", "8ByteLiterals",
	"LiteralPointers", "NonLazySymbolPointers", "LazySymbolPointers", "SymbolStubs",
	"ModInitFuncPointers", "ModTermFuncPointers", "Coalesced", "GBZeroFill", "Interposing",
	"16ByteLiterals", "DTraceDOF", "LazyDylibSymbolPointers", "ThreadLocalRegular",
	"ThreadLocalZerofill", "ThreadLocalVariables", "ThreadLocalVariablePointers",
	"ThreadLocalInitFunctionPointers", "InitFuncOffsets",
}

// machoAttrs are SectionAttrDescriptors, searched in order by name. The
// unnamed entries match an attribute that is only whitespace; "none" is
// the explicit empty attribute list.
var machoAttrs = []struct {
	name string
	bit  uint32
}{
	{"pure_instructions", machoAttrPureInstr},
	{"no_toc", machoAttrNoTOC},
	{"strip_static_syms", machoAttrStripStatic},
	{"no_dead_strip", machoAttrNoDeadStrip},
	{"live_support", machoAttrLiveSupport},
	{"self_modifying_code", 0x04000000},
	{"debug", machoAttrDebug},
	{"", machoAttrSomeInstr},
	{"", 0x200},
	{"", 0x100},
	{"none", 0},
}

// machoAttrWords are llvm-readobj's attribute words, sorted by word as it
// prints them.
var machoAttrWords = []struct {
	bit  uint32
	word string
}{
	{machoAttrDebug, "Debug"}, {0x200, "ExtReloc"}, {machoAttrLiveSupport, "LiveSupport"},
	{0x100, "LocReloc"}, {machoAttrNoDeadStrip, "NoDeadStrip"}, {machoAttrNoTOC, "NoTOC"},
	{machoAttrPureInstr, "PureInstructions"}, {0x04000000, "SelfModifyingCode"},
	{machoAttrSomeInstr, "SomeInstructions"}, {machoAttrStripStatic, "StripStaticSyms"},
}

func machoPlacement(segment, section string, taa uint32) Placement {
	t := int(taa & machoTypeMask)
	typ := "Unknown"
	if t < len(machoTypeWords) {
		typ = machoTypeWords[t]
	}
	var b strings.Builder
	for _, a := range machoAttrWords {
		if taa&a.bit != 0 {
			if b.Len() > 0 {
				b.WriteByte('|')
			}
			b.WriteString(a.word)
		}
	}
	return Placement{Name: section, Segment: segment, Type: typ, Flags: b.String()}
}

// machoSpec is a parsed section specifier.
type machoSpec struct {
	segment, section string
	taa              uint32
	taaParsed        bool
	stubSize         uint32
}

// parseMachOSpecifier is MCSectionMachO::ParseSectionSpecifier. It returns
// the error text LLVM gives, and the rule that decided.
func (p *predictor) parseMachOSpecifier(spec string) (machoSpec, string, string) {
	fields := strings.Split(spec, ",")
	field := func(i int) string {
		if i < len(fields) {
			return strings.Trim(fields[i], " \t\n\v\f\r")
		}
		return ""
	}
	s := machoSpec{segment: field(0), section: field(1)}
	typ, attrs, stub := field(2), field(3), field(4)

	if s.section == "" {
		return s, "macho/specifier-needs-comma", "mach-o section specifier requires a segment and section separated by a comma"
	}
	if s.segment == "" && p.spec {
		// The message above says a segment is required; LLVM accepts an
		// empty one (see deviation macho-empty-segment-accepted).
		return s, "macho/specifier-needs-comma", "mach-o section specifier requires a segment and section separated by a comma"
	}
	if s.segment == "" {
		p.deviates("macho-empty-segment-accepted")
	}
	if len(s.section) > machoSectionNameLength {
		return s, "macho/section-name-length", "mach-o section specifier requires a section whose length is between 1 and 16 characters"
	}
	if typ == "" {
		if attrs != "" {
			if p.deviates("macho-empty-type-drops-attributes") {
				return s, "", ""
			}
			typ = "regular" // the spec reading: attributes apply to a regular section
		} else {
			return s, "", ""
		}
	}
	t := -1
	for i, name := range machoTypeNames {
		if name == "" || name != typ {
			continue
		}
		if i == machoZeroFill && p.deviates("macho-zerofill-type-unknown") {
			continue
		}
		t = i
		break
	}
	if t < 0 {
		return s, "macho/unknown-section-type", "mach-o section specifier uses an unknown section type"
	}
	s.taa, s.taaParsed = uint32(t), true
	stubsNeedSize := func() bool {
		if s.taa == machoSymbolStubs {
			return true
		}
		// LLVM compares the whole type-and-attributes word with
		// S_SYMBOL_STUBS, so stubs with attributes escape the check.
		if s.taa&machoTypeMask == machoSymbolStubs && !p.deviates("macho-stub-size-check-ignores-attributes") {
			return true
		}
		return false
	}
	if attrs == "" {
		if stubsNeedSize() {
			return s, "macho/stub-size-required", "mach-o section specifier of type 'symbol_stubs' requires a size specifier"
		}
		return s, "", ""
	}
	for _, a := range strings.Split(attrs, "+") {
		if a == "" {
			continue // split with KeepEmpty=false
		}
		a = strings.Trim(a, " \t\n\v\f\r")
		found := false
		for _, d := range machoAttrs {
			if d.name == a {
				if a == "" && !p.deviates("macho-blank-attribute-is-some-instructions") {
					break
				}
				s.taa |= d.bit
				found = true
				break
			}
		}
		if !found {
			return s, "macho/invalid-attribute", "mach-o section specifier has invalid attribute"
		}
	}
	if stub == "" {
		if stubsNeedSize() {
			return s, "macho/stub-size-required", "mach-o section specifier of type 'symbol_stubs' requires a size specifier"
		}
		return s, "", ""
	}
	if s.taa&machoTypeMask != machoSymbolStubs {
		return s, "macho/stub-size-without-stubs", "mach-o section specifier cannot have a stub size specified because it does not have type 'symbol_stubs'"
	}
	n, ok := parseLLVMUnsigned(stub)
	if !ok || n > 0xffffffff {
		return s, "macho/malformed-stub-size", "mach-o section specifier has a malformed stub size"
	}
	s.stubSize = uint32(n)
	return s, "", ""
}

// parseLLVMUnsigned is StringRef::getAsInteger with radix 0: 0x/0X hex,
// 0b/0B binary, 0o octal, a leading 0 octal, else decimal; the whole
// string must be digits of that radix.
func parseLLVMUnsigned(s string) (uint64, bool) {
	radix := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		radix, s = 16, s[2:]
	case len(s) >= 2 && (s[:2] == "0b" || s[:2] == "0B"):
		radix, s = 2, s[2:]
	case len(s) >= 2 && s[:2] == "0o":
		radix, s = 8, s[2:]
	case len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9':
		radix, s = 8, s[1:]
	}
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, radix, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// machoSection is one section of the simulated MCContext.
type machoSection struct {
	key              string // "segment,section", how MCContext uniques it
	segment, section string
	taa              uint32
	stubSize         uint32
	frags            fragments // what the streamer made of the section
	code             bool      // a function went in
}

// isAtom reports whether g's label is linker-visible, so that
// MCMachOStreamer::emitLabel starts a fragment for it: every symbol but an
// assembler temporary. A private global is one (L_g) only where x86's
// lowering may use a private label, in a section the linker does not
// atomize by symbols (canUsePrivateLabel); elsewhere, and always on
// AArch64, whose lowering asks for a linker-private name, it is l_g, an
// atom (found by the agreement benchmark, seed 8).
func (m *machoModule) isAtom(g Global, s *machoSection) bool {
	if g.Linkage != Private {
		return true
	}
	switch m.p.tr.Arch {
	case "arm64", "arm64e", "arm64_32", "aarch64":
		return true
	}
	return s.atomizedBySymbols()
}

// atomizedBySymbols is MCAsmInfoDarwin::isSectionAtomizableBySymbols.
func (s *machoSection) atomizedBySymbols() bool {
	if s.segment == "__DATA" && (s.section == "__cfstring" || s.section == "__objc_classrefs") {
		return false
	}
	switch s.taa & machoTypeMask {
	case 0x02, // cstring_literals: atomized by their contents
		0x03, 0x04, 0x0e, // 4/8/16-byte literals
		0x05, 0x06, 0x07, 0x14, // literal, non-lazy, lazy and thread-local variable pointers
		0x09, 0x0a, // mod_init_funcs, mod_term_funcs
		0x0d: // interposing
		return false
	}
	return true
}

func (s *machoSection) isVirtual() bool {
	t := s.taa & machoTypeMask
	return t == machoZeroFill || t == machoGBZeroFill || t == machoThreadLocalZero
}

type machoModule struct {
	p      *predictor
	order  []*machoSection // sections in creation order
	placed []machoPlaced
	cur    *machoSection // the streamer's section (nil: one not modeled)
}

type machoPlaced struct {
	g    Global
	s    *machoSection
	rule string
}

func predictMachO(p *predictor) {
	m := &machoModule{p: p}
	gotChecked := false
	for _, g := range p.emissionOrder() {
		if !g.IsFunc() && !gotChecked {
			// doFinalization: computeGlobalGOTEquivs asks every
			// GOT-equivalent candidate for its symbol before the first
			// variable is emitted.
			gotChecked = true
			if !m.checkPrivateGOTEquivalents() {
				return
			}
		}
		m.global(g)
		if p.done {
			return
		}
	}
	// @llvm.used comes last (irgen writes it after every global):
	// emitLLVMUsedList marks each used global .no_dead_strip, and naming a
	// private one checks its section, even one never emitted
	// (llvm.metadata).
	for _, g := range p.c.Globals {
		if g.Used && !g.Declaration && !g.IsFunc() && !m.checkPrivateSymbol(g) {
			return
		}
	}
	m.writeObject()
}

// checkPrivateGOTEquivalents: asking a private global for its symbol
// makes x86's Mach-O lowering check its section (checkPrivateSymbol),
// and computeGlobalGOTEquivs asks every candidate, in module order.
func (m *machoModule) checkPrivateGOTEquivalents() bool {
	for _, x := range m.p.c.Globals {
		if !x.IsFunc() && !x.Declaration && notEmitted(x) == "" && gotEquivalent(x, m.p.c.Globals) && !m.checkPrivateSymbol(x) {
			return false
		}
	}
	return true
}

// get is MCContext::getMachOSection: unique by segment and section (as
// given, before any truncation); a hit keeps its own type and attributes.
func (m *machoModule) get(segment, section string, taa, stub uint32) *machoSection {
	key := segment + "," + section
	for _, s := range m.order {
		if s.key == key {
			return s
		}
	}
	if pre, ok := m.predefined(key); ok {
		taa, stub = pre, 0
	}
	s := &machoSection{key: key, segment: segment, section: section, taa: taa, stubSize: stub, frags: m.p.newFragments()}
	m.order = append(m.order, s)
	return s
}

// machoPredefined are the sections MCObjectFileInfo::
// initMachOMCObjectFileInfo and TargetLoweringObjectFileMachO::Initialize
// make before any global, by "segment,section", with their type and
// attributes. A specifier naming one of them without a type adopts its
// type; one with a different type is fatal.
var machoPredefined = func() map[string]uint32 {
	m := map[string]uint32{
		"__TEXT,__eh_frame":                 0x0b | machoAttrNoTOC | machoAttrStripStatic | machoAttrLiveSupport,
		"__TEXT,__text":                     machoAttrPureInstr,
		"__DATA,__data":                     0,
		"__DATA,__thread_data":              0x11,
		"__DATA,__thread_bss":               machoThreadLocalZero,
		"__DATA,__thread_vars":              machoThreadLocalVars,
		"__DATA,__thread_init":              0x15,
		"__TEXT,__cstring":                  0x02,
		"__TEXT,__ustring":                  0,
		"__TEXT,__literal4":                 0x03,
		"__TEXT,__literal8":                 0x04,
		"__TEXT,__literal16":                0x0e,
		"__TEXT,__const":                    0,
		"__DATA,__const":                    0,
		"__DATA,__common":                   machoZeroFill,
		"__DATA,__bss":                      machoZeroFill,
		"__DATA,__la_symbol_ptr":            0x07,
		"__DATA,__nl_symbol_ptr":            0x06,
		"__DATA,__thread_ptr":               0x14,
		"__DATA,__llvm_addrsig":             0,
		"__TEXT,__gcc_except_tab":           0,
		"__LLVM_STACKMAPS,__llvm_stackmaps": 0,
		"__LLVM_FAULTMAPS,__llvm_faultmaps": 0,
		"__LLVM,__remarks":                  machoAttrDebug,
		"__DATA,__mod_init_func":            0x09, // PIC, llc's default on Darwin
		"__DATA,__mod_term_func":            0x0a,
		"__LD,__compact_unwind":             machoAttrDebug, // only with compact unwind
	}
	for _, name := range machoDwarfSections {
		m["__DWARF,"+name] = machoAttrDebug
	}
	return m
}()

// predefined returns LLVM's own section for key, if this triple has it.
func (m *machoModule) predefined(key string) (uint32, bool) {
	taa, ok := machoPredefined[key]
	if ok && key == "__LD,__compact_unwind" && !m.compactUnwind() {
		return 0, false
	}
	return taa, ok
}

// machoDwarfSections are the __DWARF sections MCObjectFileInfo predefines
// (names cut to 16 bytes as LLVM spells them).
var machoDwarfSections = []string{
	"__debug_names", "__apple_names", "__apple_objc", "__apple_namespac", "__apple_types",
	"__swift_ast", "__debug_abbrev", "__debug_info", "__debug_line", "__debug_line_str",
	"__debug_frame", "__debug_pubnames", "__debug_pubtypes", "__debug_gnu_pubn",
	"__debug_gnu_pubt", "__debug_str", "__debug_str_offs", "__debug_addr", "__debug_loc",
	"__debug_loclists", "__debug_aranges", "__debug_ranges", "__debug_rnglists",
	"__debug_macinfo", "__debug_macro", "__debug_inlined", "__debug_cu_index", "__debug_tu_index",
}

// compactUnwind mirrors useCompactUnwind: always on arm64, and on x86
// macOS from 10.6 (the iOS simulator and newer OSes always).
func (m *machoModule) compactUnwind() bool {
	t := m.p.tr
	if t.Arch == "arm64" || t.Arch == "aarch64" || t.Arch == "arm64e" || t.Arch == "arm64_32" {
		return true
	}
	if !t.IsX86() {
		return false
	}
	major, minor := darwinVersion(t)
	switch t.OS {
	case "macosx", "macos":
		return major > 10 || (major == 10 && minor >= 6)
	case "darwin":
		return major >= 10 // darwin10 is macOS 10.6
	case "ios", "tvos", "watchos", "xros", "visionos", "driverkit":
		return true
	}
	return false
}

// darwinVersion reads the OS version of a Darwin triple (macosx10.15 ->
// 10, 15); no version reads as 0, 0.
func darwinVersion(t Triple) (int, int) {
	parts := strings.Split(t.Raw, "-")
	if len(parts) < 3 {
		return 0, 0
	}
	v := strings.TrimLeft(parts[2], "abcdefghijklmnopqrstuvwxyz")
	nums := strings.Split(v, ".")
	major, _ := strconv.Atoi(nums[0])
	minor := 0
	if len(nums) > 1 {
		minor, _ = strconv.Atoi(nums[1])
	}
	return major, minor
}

func (m *machoModule) global(g Global) {
	if g.Comdat != "" {
		m.p.reject(Fatal, "macho/no-comdats", "LLVM ERROR: MachO doesn't support COMDATs, '"+g.Comdat+"' cannot be lowered.")
		return
	}
	kind := kindForGlobal(g, m.p.tr)
	if kind.isCommon() {
		m.p.note(g, "macho/common-drops-section")
		return
	}
	var s *machoSection
	rule := "macho/default-section"
	if g.Section == "" {
		s = m.defaultSection(g, kind)
	} else {
		spec, specRule, problem := m.p.parseMachOSpecifier(g.Section)
		if problem != "" {
			m.p.reject(Fatal, specRule, "LLVM ERROR: Global variable '"+g.Name+"' has an invalid section specifier '"+g.Section+"': "+problem+".")
			return
		}
		s = m.get(spec.segment, spec.section, spec.taa, spec.stubSize)
		taa := spec.taa
		rule = "macho/segment-section"
		if !spec.taaParsed {
			taa = s.taa
			if s.taa != 0 {
				rule = "macho/predefined-section"
			}
		}
		if s.taa != taa || s.stubSize != spec.stubSize {
			m.p.reject(Fatal, "macho/section-type-mismatch", "LLVM ERROR: Global variable '"+g.Name+"' section type or attributes does not match previous section specifier")
			return
		}
	}
	if !m.checkPrivateReference(g) {
		return
	}
	m.emitInto(g, kind, s)
	if g.IsFunc() {
		s.code = true
		m.p.codeEmitted("virtual", s.section, s.isVirtual(), "macho/zerofill-no-code")
	}
	m.placed = append(m.placed, machoPlaced{g, s, rule})
}

// switchTo is MCStreamer::switchSection (nil: a section sectfuzz does not
// model).
func (m *machoModule) switchTo(s *machoSection) {
	if s != m.cur {
		if s != nil {
			s.frags.enter()
		}
		m.cur = s
	}
}

// emitInto replays AsmPrinter::emitGlobalVariable's streamer calls for g's
// bytes in s: a zero global bound for a zerofill section is a .zerofill
// (or .tbss), which switches to the section and back; a thread-local
// variable ends in __thread_vars, where its descriptor goes.
func (m *machoModule) emitInto(g Global, kind sectionKind, s *machoSection) {
	switch {
	case kind.isBSS() && s.isVirtual(), kind.isThreadBSS():
		back := m.cur
		m.switchTo(s)
		s.frags.emitZerofill()
		m.switchTo(back)
	default:
		m.switchTo(s)
		s.frags.emitGlobal(g, alignsBefore(g, m.p.tr), m.isAtom(g, s))
	}
	if kind.isThreadLocal() {
		m.switchTo(m.get("__DATA", "__thread_vars", 0, 0))
	}
}

// defaultSection is SelectSectionForGlobal for a global without a section
// string.
func (m *machoModule) defaultSection(g Global, kind sectionKind) *machoSection {
	get := func(seg, sec string) *machoSection { return m.get(seg, sec, 0, 0) }
	switch {
	case kind.isThreadBSS():
		return get("__DATA", "__thread_bss")
	case kind.isThreadData():
		return get("__DATA", "__thread_data")
	case kind.isText():
		return get("__TEXT", "__text")
	case g.Linkage.IsWeakForLinker():
		switch {
		case kind.isReadOnly():
			return get("__TEXT", "__const")
		case kind.isReadOnlyWithRel():
			return get("__DATA", "__const")
		}
		return get("__DATA", "__data")
	case kind == skMergeable1ByteCString && prefAlign(g, m.p.tr) < 32:
		return get("__TEXT", "__cstring")
	case kind == skMergeable2ByteCString && g.Linkage != External && prefAlign(g, m.p.tr) < 32:
		return get("__TEXT", "__ustring")
	case g.Linkage == Private && kind == skMergeableConst4:
		return get("__TEXT", "__literal4")
	case g.Linkage == Private && kind == skMergeableConst8:
		return get("__TEXT", "__literal8")
	case g.Linkage == Private && kind == skMergeableConst16:
		return get("__TEXT", "__literal16")
	case kind.isReadOnly():
		return get("__TEXT", "__const")
	case kind.isReadOnlyWithRel():
		return get("__DATA", "__const")
	case kind == skBSSExtern:
		return get("__DATA", "__common")
	case kind == skBSSLocal:
		return get("__DATA", "__bss")
	}
	return get("__DATA", "__data")
}

// writeObject applies the assembler's checks and the writer's view of each
// section, then records the placements.
func (m *machoModule) writeObject() {
	vs := make([]virtualSection, 0, len(m.order))
	for _, s := range m.order {
		vs = append(vs, virtualSection{name: s.section, virtual: s.isVirtual(), frags: &s.frags})
	}
	m.p.checkVirtual("virtual", vs, "macho/zerofill-no-code", "macho/zerofill-no-fixups", "macho/zerofill-no-data")
	if m.p.done {
		return
	}
	for _, pl := range m.placed {
		s := pl.s
		if pl.g.Linkage == Private {
			// An L-prefixed temporary: no symbol in the object.
			m.p.note(pl.g, "macho/private-temporary")
			continue
		}
		if pl.g.Kind == KindTLS {
			// The variable's symbol is its TLV descriptor, always in
			// __DATA,__thread_vars; the section string only says where
			// the initial value ($tlv$init) goes.
			tv := m.get("__DATA", "__thread_vars", 0, 0)
			m.p.place(pl.g, "macho/tls-descriptor", m.view(tv))
			continue
		}
		m.p.place(pl.g, pl.rule, m.view(s))
	}
}

// view is how the object file shows a section: names cut at 16 bytes and
// at a NUL, and S_ATTR_SOME_INSTRUCTIONS added by the writer when the
// section holds code.
func (m *machoModule) view(s *machoSection) Placement {
	taa := s.taa
	if s.code {
		taa |= machoAttrSomeInstr
	}
	seg, sec := s.segment, s.section
	if len(seg) > machoSectionNameLength && m.p.deviates("macho-long-segment-truncated") {
		seg = seg[:machoSectionNameLength]
	}
	if strings.IndexByte(seg, 0) >= 0 && m.p.deviates("macho-nul-truncates-name") {
		seg = cutNUL(seg)
	}
	if strings.IndexByte(sec, 0) >= 0 && m.p.deviates("macho-nul-truncates-name") {
		sec = cutNUL(sec)
	}
	return machoPlacement(seg, sec, taa)
}

// checkPrivateReference: naming a private global (a pointer in g's
// initializer) makes TargetLoweringObjectFileMachO::getNameWithPrefix ask
// for that global's section, to see whether a private label may be used:
// its specifier is checked then, before g's bytes and before the private
// global's own emission, even for one that is never emitted (found by
// FuzzModuleMachO and the agreement benchmark).
func (m *machoModule) checkPrivateReference(g Global) bool {
	if g.Init == nil || !initNeedsRelocation(*g.Init) {
		return true
	}
	for _, x := range m.p.c.Globals {
		if x.Name == g.Init.Ref && !x.IsFunc() {
			return m.checkPrivateSymbol(x)
		}
	}
	return true
}

// checkPrivateSymbol is TargetMachine::getSymbol for a private global x
// on x86 (AArch64's lowering overrides getNameWithPrefix and does not
// look): its section specifier is parsed, and a bad one is fatal.
func (m *machoModule) checkPrivateSymbol(x Global) bool {
	if !m.p.tr.IsX86() || x.Linkage != Private || x.Section == "" {
		return true
	}
	if _, rule, problem := m.p.parseMachOSpecifier(x.Section); problem != "" {
		m.p.reject(Fatal, rule, "LLVM ERROR: Global variable '"+x.Name+"' has an invalid section specifier '"+x.Section+"': "+problem+".")
		return false
	}
	return true
}
