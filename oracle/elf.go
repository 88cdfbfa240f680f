package oracle

import "strings"

// ELF: any byte string is a section name. The section's type and flags come
// from the global's kind, refined by the name's prefix
// (TargetLoweringObjectFileELF: getELFKindForNamedSection,
// getELFSectionType, getELFSectionFlags), and globals whose flags differ
// from an existing section of the same name get a section of their own
// (calcUniqueIDUpdateFlagsAndSize, the `,unique,N` of the assembly).

func init() { rulesByFormat[ELF] = predictELF }

// ELF section flags (the bits LLVM sets for globals).
const (
	shfWrite     = 0x1
	shfAlloc     = 0x2
	shfExecInstr = 0x4
	shfMerge     = 0x10
	shfStrings   = 0x20
	shfLinkOrder = 0x80
	shfGroup     = 0x200
	shfTLS       = 0x400
	shfGNURetain = 0x200000
	shfX86Large  = 0x10000000
	shfExclude   = 0x80000000
)

// elfFlagWords are llvm-readobj's flag words, sorted by word as it prints
// them.
var elfFlagWords = []struct {
	bit  uint32
	word string
}{
	{shfAlloc, "SHF_ALLOC"}, {shfExclude, "SHF_EXCLUDE"}, {shfExecInstr, "SHF_EXECINSTR"},
	{shfGNURetain, "SHF_GNU_RETAIN"}, {shfGroup, "SHF_GROUP"}, {shfLinkOrder, "SHF_LINK_ORDER"},
	{shfMerge, "SHF_MERGE"}, {shfStrings, "SHF_STRINGS"}, {shfTLS, "SHF_TLS"},
	{shfWrite, "SHF_WRITE"}, {shfX86Large, "SHF_X86_64_LARGE"},
}

// elfFlagString renders flags in llvm-readobj's words and order.
func elfFlagString(f uint32) string {
	// The flags of nearly every section, spelled once.
	switch f {
	case shfAlloc:
		return "SHF_ALLOC"
	case shfAlloc | shfWrite:
		return "SHF_ALLOC|SHF_WRITE"
	case shfAlloc | shfExecInstr:
		return "SHF_ALLOC|SHF_EXECINSTR"
	}
	var b strings.Builder
	for _, w := range elfFlagWords {
		if f&w.bit != 0 {
			if b.Len() > 0 {
				b.WriteByte('|')
			}
			b.WriteString(w.word)
		}
	}
	return b.String()
}

// elfGeneric is MCContext::GenericSectionID: the one section of a name that
// is not a `,unique,N` copy.
const elfGeneric = -1

// elfSection is one section of the simulated MCContext.
type elfSection struct {
	name    string // as LLVM holds it (may contain NUL)
	typ     string // llvm-readobj's word
	flags   uint32
	entsize int
	group   string
	unique  int
	// frags is what the streamer made of the section (virtual-section
	// checks come after every global is placed).
	frags fragments
	// firstGlobal names the global that made the section.
	firstGlobal string
}

func (s *elfSection) isVirtual() bool { return s.typ == "SHT_NOBITS" }

// elfModule simulates the ELF MCContext over one module.
type elfModule struct {
	p        *predictor
	symbols  symbolTable
	sections []*elfSection
	// seenGeneric is ELFSeenGenericMergeableSections: names that have a
	// generic section entered through getELFSection.
	// Both are slices: a module has a handful of sections, and a map
	// costs more to make than to scan.
	seenGeneric []string
	// entsizeIDs is ELFEntrySizeMap: (name, flags, entsize) -> unique id.
	entsizeIDs []elfEntID
	nextUnique int
	// cur is the streamer's section (nil: one sectfuzz does not model).
	cur *elfSection
}

// seen reports whether name is in seenGeneric.
func (m *elfModule) seen(name string) bool {
	for _, n := range m.seenGeneric {
		if n == name {
			return true
		}
	}
	return false
}

type elfEntID struct {
	key elfEntKey
	id  int
}

type elfEntKey struct {
	name    string
	flags   uint32
	entsize int
}

func predictELF(p *predictor) {
	n := len(p.c.Globals)
	m := &elfModule{p: p, sections: make([]*elfSection, 0, n+1), seenGeneric: make([]string, 0, n+1), entsizeIDs: make([]elfEntID, 0, n+1)}
	// A variable's start, its section and its label: three events each.
	m.symbols.events = make([]symbolEvent, 0, 3*n)
	m.symbols.clock = &p.step
	for _, g := range p.emissionOrder() {
		m.global(g)
		if p.done {
			return
		}
	}
	m.symbols.check(p, "elf/section-symbol-clash", true, func(name string) bool {
		_, ok := m.predefined(name)
		return ok
	})
	if p.done {
		return
	}
	m.writeObject()
}

// elfPredefined are the sections MCObjectFileInfo::initELFMCObjectFileInfo
// and TargetLoweringObjectFileELF::InitializeELF make before any global:
// an explicit section of the same name and flags reuses them, type and
// all. All are generic (not `,unique,N`), so their names count as seen.
// The many .debug_* sections without flags are left out: no global can
// match them (a global always has some flag, or is metadata that LLVM
// names differently).
var elfPredefined = map[string]elfSection{
	".bss":              {typ: "SHT_NOBITS", flags: shfWrite | shfAlloc},
	".text":             {typ: "SHT_PROGBITS", flags: shfExecInstr | shfAlloc},
	".data":             {typ: "SHT_PROGBITS", flags: shfWrite | shfAlloc},
	".rodata":           {typ: "SHT_PROGBITS", flags: shfAlloc},
	".tdata":            {typ: "SHT_PROGBITS", flags: shfAlloc | shfTLS | shfWrite},
	".tbss":             {typ: "SHT_NOBITS", flags: shfAlloc | shfTLS | shfWrite},
	".data.rel.ro":      {typ: "SHT_PROGBITS", flags: shfAlloc | shfWrite},
	".rodata.cst4":      {typ: "SHT_PROGBITS", flags: shfAlloc | shfMerge, entsize: 4},
	".rodata.cst8":      {typ: "SHT_PROGBITS", flags: shfAlloc | shfMerge, entsize: 8},
	".rodata.cst16":     {typ: "SHT_PROGBITS", flags: shfAlloc | shfMerge, entsize: 16},
	".rodata.cst32":     {typ: "SHT_PROGBITS", flags: shfAlloc | shfMerge, entsize: 32},
	".gcc_except_table": {typ: "SHT_PROGBITS", flags: shfAlloc},
	".debug_line_str":   {typ: "SHT_PROGBITS", flags: shfMerge | shfStrings, entsize: 1},
	".debug_str":        {typ: "SHT_PROGBITS", flags: shfMerge | shfStrings, entsize: 1},
	".debug_str.dwo":    {typ: "SHT_PROGBITS", flags: shfMerge | shfStrings | shfExclude, entsize: 1},
	".llvm_stackmaps":   {typ: "SHT_PROGBITS", flags: shfAlloc},
	".llvm_faultmaps":   {typ: "SHT_PROGBITS", flags: shfAlloc},
	".eh_frame":         {typ: "SHT_PROGBITS", flags: shfAlloc}, // SHT_X86_64_UNWIND on x86-64
	".init_array":       {typ: "SHT_INIT_ARRAY", flags: shfWrite | shfAlloc},
	".fini_array":       {typ: "SHT_FINI_ARRAY", flags: shfWrite | shfAlloc},
	".sframe":           {typ: "SHT_GNU_SFRAME", flags: shfAlloc}, // feature elf-sframe-section
}

// predefined returns LLVM's own section of that name for this triple and
// version, if it makes one.
func (m *elfModule) predefined(name string) (elfSection, bool) {
	s, ok := elfPredefined[name]
	if !ok {
		return s, false
	}
	switch name {
	case ".eh_frame":
		if m.p.tr.Arch == "x86_64" {
			s.typ = "SHT_X86_64_UNWIND"
		}
	case ".sframe":
		if !m.p.feature("elf-sframe-section") {
			return s, false
		}
	}
	s.name, s.unique = name, elfGeneric
	return s, true
}

// add enters a new section, as MCContext::getELFSection does on a miss,
// recording its mergeable-section info.
func (m *elfModule) add(s *elfSection) {
	s.frags = m.p.newFragments()
	m.sections = append(m.sections, s)
	m.symbols.sectionCreated(s.name, s.firstGlobal)
	mergeable := s.flags&shfMerge != 0
	if s.unique == elfGeneric {
		if !m.seen(s.name) {
			m.seenGeneric = append(m.seenGeneric, s.name)
		}
		mergeable = true
	}
	if mergeable || m.isGenericMergeable(s.name) {
		k := elfEntKey{s.name, s.flags, s.entsize}
		if _, ok := m.entsizeID(k); !ok {
			m.entsizeIDs = append(m.entsizeIDs, elfEntID{k, s.unique})
		}
	}
}

// entsizeID is MCContext::getELFUniqueIDForEntsize.
func (m *elfModule) entsizeID(k elfEntKey) (int, bool) {
	for _, e := range m.entsizeIDs {
		if e.key == k {
			return e.id, true
		}
	}
	if s, ok := m.predefined(k.name); ok && s.flags == k.flags && s.entsize == k.entsize {
		return elfGeneric, true
	}
	return 0, false
}

func elfImplicitMergeablePrefix(name string) bool {
	return strings.HasPrefix(name, ".rodata.str") || strings.HasPrefix(name, ".rodata.cst")
}

func (m *elfModule) isGenericMergeable(name string) bool {
	if elfImplicitMergeablePrefix(name) || m.seen(name) {
		return true
	}
	_, ok := m.predefined(name)
	return ok
}

// lookup is MCContext::getELFSection: sections are unique by name, group and
// unique id; a hit is returned whatever its type and flags.
func (m *elfModule) lookup(name, group string, unique int) *elfSection {
	for _, s := range m.sections {
		if s.name == name && s.group == group && s.unique == unique {
			return s
		}
	}
	if group == "" && unique == elfGeneric {
		if pre, ok := m.predefined(name); ok {
			s := &pre
			s.frags = m.p.newFragments()
			m.sections = append(m.sections, s)
			return s
		}
	}
	return nil
}

// elfMetadataNames are the names getELFKindForNamedSection turns into
// metadata (not allocated): coverage and embedded bitcode.
func (m *elfModule) isMetadataName(name string) bool {
	switch name {
	case "__llvm_covmap", "__llvm_covfun", ".llvmbc", ".llvmcmd":
		return true
	case "__llvm_covdata", "__llvm_covnames":
		return m.p.feature("elf-covdata-metadata")
	}
	return false
}

// kindForName is getELFKindForNamedSection.
func (m *elfModule) kindForName(name string, k sectionKind) sectionKind {
	if m.isMetadataName(name) {
		return skMetadata
	}
	if !strings.HasPrefix(name, ".") {
		return k
	}
	hp := strings.HasPrefix
	switch {
	case name == ".bss" || hp(name, ".bss.") || hp(name, ".gnu.linkonce.b.") || hp(name, ".llvm.linkonce.b.") ||
		name == ".sbss" || hp(name, ".sbss.") || hp(name, ".gnu.linkonce.sb.") || hp(name, ".llvm.linkonce.sb."):
		return skBSS
	case name == ".tdata" || hp(name, ".tdata.") || hp(name, ".gnu.linkonce.td.") || hp(name, ".llvm.linkonce.td."):
		return skThreadData
	case name == ".tbss" || hp(name, ".tbss.") || hp(name, ".gnu.linkonce.tb.") || hp(name, ".llvm.linkonce.tb."):
		return skThreadBSS
	}
	return k
}

// elfDotPrefix is the hasPrefix of TargetLoweringObjectFileImpl.cpp: the
// name is the prefix, or the prefix followed by '.'.
func elfDotPrefix(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	return ok && (rest == "" || rest[0] == '.')
}

// sectionType is getELFSectionType.
func (m *elfModule) sectionType(name string, k sectionKind) string {
	switch {
	case strings.HasPrefix(name, ".note"):
		return "SHT_NOTE"
	case elfDotPrefix(name, ".init_array"):
		return "SHT_INIT_ARRAY"
	case elfDotPrefix(name, ".fini_array"):
		return "SHT_FINI_ARRAY"
	case elfDotPrefix(name, ".preinit_array"):
		return "SHT_PREINIT_ARRAY"
	case elfDotPrefix(name, ".llvm.offloading") && m.p.feature("elf-llvm-offloading-type"):
		return "SHT_LLVM_OFFLOADING"
	case name == ".llvm.lto" && m.p.feature("elf-llvm-lto-type"):
		return "SHT_LLVM_LTO"
	case k.isBSS() || k.isThreadBSS():
		return "SHT_NOBITS"
	}
	return "SHT_PROGBITS"
}

// flagsForKind is getELFSectionFlags.
func flagsForKind(k sectionKind) uint32 {
	var f uint32
	if !k.isMetadata() && !k.isExclude() {
		f |= shfAlloc
	}
	if k.isExclude() {
		f |= shfExclude
	}
	if k.isText() {
		f |= shfExecInstr
	}
	if k.isWriteable() {
		f |= shfWrite
	}
	if k.isThreadLocal() {
		f |= shfTLS
	}
	if k.isMergeableCString() || k.isMergeableConst() {
		f |= shfMerge
	}
	if k.isMergeableCString() {
		f |= shfStrings
	}
	return f
}

// isLarge is TargetMachine::isLargeGlobalValue for the default (small)
// code model: on x86-64 ELF, globals in .ldata/.lbss/.lrodata and
// functions in .ltext are large.
func (m *elfModule) isLarge(g Global) bool {
	if m.p.tr.Arch != "x86_64" || g.Section == "" || !m.p.feature("elf-x86-64-large-sections") {
		return false
	}
	if g.IsFunc() {
		return elfDotPrefix(g.Section, ".ltext")
	}
	if g.Kind == KindTLS {
		return false
	}
	return elfDotPrefix(g.Section, ".lbss") || elfDotPrefix(g.Section, ".ldata") || elfDotPrefix(g.Section, ".lrodata")
}

// comdat returns the global's ELF group, or rejects an unsupported
// selection kind (getELFComdat).
func (m *elfModule) comdat(g Global) (string, bool) {
	if g.Comdat == "" {
		return "", true
	}
	if sel := g.ComdatSelection; sel != "" && sel != "any" && sel != "nodeduplicate" {
		m.p.reject(Fatal, "elf/comdat-selection", "LLVM ERROR: ELF COMDATs only support SelectionKind::Any and SelectionKind::NoDeduplicate, '"+g.Comdat+"' cannot be lowered.")
		return "", false
	}
	return g.Comdat, true
}

// global places one global, as AsmPrinter does when it emits it.
func (m *elfModule) global(g Global) {
	kind := kindForGlobal(g, m.p.tr)
	if kind.isCommon() {
		// emitGlobalVariable emits a common symbol before it ever asks
		// for a section: the section string is dropped. The .comm
		// defines the symbol all the same.
		m.symbols.labelDefined(g, m.p.tr.ObjectSymbol(g))
		m.p.note(g, "elf/common-drops-section")
		return
	}
	if kind.isThreadLocal() && m.p.emulatedTLS() {
		// LowerEmuTLS replaces the variable by __emutls_v.<name> in .data
		// and its initializer by __emutls_t.<name> in .rodata: the
		// section string is dropped and the global has no symbol.
		if _, ok := m.comdat(g); ok {
			m.p.note(g, "elf/emulated-tls")
		}
		return
	}
	m.symbols.variableStarts(g, m.p.tr.ObjectSymbol(g))
	group, ok := m.comdat(g)
	if !ok {
		return
	}
	if g.Section == "" {
		m.defaultSection(g, kind, group)
		return
	}
	m.explicitSection(g, kind, group)
}

// defaultSection is SelectSectionForGlobal without -data-sections: the
// kind's standard section, or a unique one for a comdat member.
func (m *elfModule) defaultSection(g Global, kind sectionKind, group string) {
	if name, ok := m.smallDataSection(g, kind); ok {
		// RISCVELFTargetObjectFile::SelectSectionForGlobal answers before
		// the generic ELF code: no comdat group, no SHF_GNU_RETAIN.
		s := m.lookup(name, "", elfGeneric)
		if s == nil {
			s = &elfSection{name: name, typ: m.sectionType(name, kind), flags: flagsForKind(kind), unique: elfGeneric, firstGlobal: g.Name}
			m.add(s)
		}
		m.put(g, s, "elf/riscv-small-data")
		return
	}
	name := elfDefaultPrefix(kind)
	entsize := kind.entrySize()
	switch {
	case kind.isMergeableCString():
		name += ".str" + itoa(entsize) + "." + itoa(prefAlign(g, m.p.tr))
	case kind.isMergeableConst():
		name += ".cst" + itoa(entsize)
	}
	unique := elfGeneric
	flags := flagsForKind(kind)
	if group != "" {
		flags |= shfGroup
		// Comdat members get a section named after the symbol.
		name += "." + g.Name
	}
	if g.Used && m.p.feature("elf-retain-used") {
		flags |= shfGNURetain
		unique = m.nextUnique
		m.nextUnique++
		if group == "" {
			name += "." + g.Name
		}
	}
	s := m.lookup(name, group, unique)
	if s == nil {
		s = &elfSection{name: name, typ: m.sectionType(name, kind), flags: flags, entsize: entsize, group: group, unique: unique, firstGlobal: g.Name}
		m.add(s)
	}
	m.put(g, s, "elf/default-section")
}

// smallDataSection is RISC-V's small data rule (isGlobalInSmallSection):
// a variable without a section whose type takes 1 to 8 bytes, unless it
// is common, goes to .sdata (writable data) or .sbss (zero). The limit of
// 8 is llc's default up to LLVM 19; later llc uses 0 unless the module
// sets a SmallDataLimit flag, which irgen never writes.
func (m *elfModule) smallDataSection(g Global, kind sectionKind) (string, bool) {
	if a := m.p.tr.Arch; (a != "riscv32" && a != "riscv64") || g.IsFunc() || g.Declaration || !m.p.feature("elf-riscv-small-data") {
		return "", false
	}
	in := g.Initializer()
	size := in.ByteSize()
	if in.Form == InitPointer && !m.p.tr.Is64() {
		size = 4
	}
	if size <= 0 || size > 8 {
		return "", false
	}
	switch {
	case kind.isBSS():
		return ".sbss", true
	case kind.isData():
		return ".sdata", true
	}
	return "", false
}

func elfDefaultPrefix(k sectionKind) string {
	switch {
	case k.isText():
		return ".text"
	case k.isReadOnly():
		return ".rodata"
	case k.isBSS():
		return ".bss"
	case k.isThreadData():
		return ".tdata"
	case k.isThreadBSS():
		return ".tbss"
	case k.isData():
		return ".data"
	case k.isReadOnlyWithRel():
		return ".data.rel.ro"
	}
	return ".data"
}

// explicitSection is selectExplicitSectionGlobal.
func (m *elfModule) explicitSection(g Global, kind sectionKind, group string) {
	name := g.Section
	kind = m.kindForName(name, kind)
	rule := elfRuleForName(m, name, kind)
	flags := flagsForKind(kind)
	if group != "" {
		flags |= shfGroup
	}
	if m.isLarge(g) {
		flags |= shfX86Large
	}
	entsize := kind.entrySize()
	unique := m.uniqueID(g, name, kind, &flags)
	s := m.lookup(name, group, unique)
	if s == nil {
		s = &elfSection{name: name, typ: m.sectionType(name, kind), flags: flags, entsize: entsize, group: group, unique: unique, firstGlobal: g.Name}
		m.add(s)
	} else if s.typ != m.sectionType(name, kind) && s.flags == flags {
		rule = "elf/reuse-existing-section"
	}
	m.put(g, s, rule)
}

// uniqueID is calcUniqueIDUpdateFlagsAndSize.
func (m *elfModule) uniqueID(g Global, name string, kind sectionKind, flags *uint32) int {
	if g.Used && m.p.feature("elf-retain-used") {
		*flags |= shfGNURetain
		id := m.nextUnique
		m.nextUnique++
		return id
	}
	mergeable := *flags&shfMerge != 0
	if !mergeable && !m.isGenericMergeable(name) {
		return elfGeneric
	}
	if id, ok := m.entsizeID(elfEntKey{name, *flags, kind.entrySize()}); ok {
		return id
	}
	if mergeable && elfImplicitMergeablePrefix(name) {
		stem := elfDefaultPrefix(kind)
		if kind.isMergeableCString() {
			stem += ".str" + itoa(kind.entrySize()) + "." + itoa(prefAlign(g, m.p.tr))
		} else if kind.isMergeableConst() {
			stem += ".cst" + itoa(kind.entrySize())
		}
		if strings.HasPrefix(name, stem) {
			return elfGeneric
		}
	}
	id := m.nextUnique
	m.nextUnique++
	return id
}

// elfRuleForName names the prefix rule that decided a section's type.
func elfRuleForName(m *elfModule, name string, k sectionKind) string {
	switch m.sectionType(name, k) {
	case "SHT_NOTE":
		return "elf/note-by-name"
	case "SHT_INIT_ARRAY", "SHT_FINI_ARRAY", "SHT_PREINIT_ARRAY":
		return "elf/array-by-name"
	case "SHT_LLVM_OFFLOADING", "SHT_LLVM_LTO":
		return "elf/llvm-type-by-name"
	}
	switch {
	case k.isMetadata():
		return "elf/metadata-by-name"
	case k.isBSS():
		return "elf/bss-by-name"
	case k.isThreadBSS():
		return "elf/tbss-by-name"
	case m.kindForName(name, skData) == skThreadData:
		return "elf/tdata-by-name"
	}
	return "elf/explicit-section"
}

// put records that g's bytes go to s, after its label.
func (m *elfModule) put(g Global, s *elfSection, rule string) {
	m.symbols.labelDefined(g, m.p.tr.ObjectSymbol(g))
	if g.IsFunc() {
		m.p.codeEmitted("SHT_NOBITS", s.name, s.isVirtual(), "elf/nobits-no-code")
	}
	m.emitInto(g, s)
	if g.Linkage == Private {
		// A private global is a .L temporary: it has bytes in the
		// section, but no symbol in the object to find it by.
		m.p.note(g, "elf/private-temporary")
		return
	}
	name := s.name
	if strings.IndexByte(name, 0) >= 0 && m.p.deviates("elf-nul-truncates-name") {
		name = cutNUL(name)
	}
	m.p.place(g, rule, Placement{Name: name, Type: s.typ, Flags: elfFlagString(s.flags)})
}

// switchTo is MCStreamer::switchSection.
func (m *elfModule) switchTo(s *elfSection) {
	if s != m.cur {
		if s != nil {
			s.frags.enter()
		}
		m.cur = s
	}
}

// emitInto replays AsmPrinter's streamer calls for g's bytes in s: a local
// zero global bound for .bss is a .local/.comm, which MCELFStreamer
// emits by switching to .bss and back; anything else switches to s.
func (m *elfModule) emitInto(g Global, s *elfSection) {
	if g.Section == "" && kindForGlobal(g, m.p.tr) == skBSSLocal && s.name == ".bss" && s.group == "" && s.unique == elfGeneric {
		back := m.cur
		m.switchTo(s)
		s.frags.emitZerofill()
		m.switchTo(back)
		return
	}
	m.switchTo(s)
	s.frags.emitGlobal(g, alignsBefore(g, m.p.tr), false)
}

// writeObject applies what the assembler and the object writer check once
// every global is placed: bytes in a NOBITS section, and section names the
// writer claims for its own tables.
func (m *elfModule) writeObject() {
	if x, ok := undefinedTemporary(m.p.c.Globals, m.p.gotEquivalentsLast()); ok {
		m.p.reject(Error, "elf/undefined-temporary", "error: Undefined temporary symbol .L"+x.Name)
		return
	}
	vs := make([]virtualSection, 0, len(m.sections))
	for _, s := range m.sections {
		vs = append(vs, virtualSection{name: s.name, virtual: s.isVirtual(), frags: &s.frags})
	}
	m.p.checkVirtual("SHT_NOBITS", vs, "elf/nobits-no-code", "elf/nobits-no-fixups", "elf/nobits-no-data")
	if m.p.done {
		return
	}
	m.groupSignatures()
	for _, s := range m.sections {
		if s.unique != elfGeneric || s.group != "" {
			continue
		}
		switch s.name {
		case ".symtab":
			// The writer's getELFSection(".symtab") returns the user's
			// section: the object ends up without a symbol table.
			if m.p.deviates("elf-user-symtab-drops-symbols") {
				m.p.out.Placements = nil
			}
		case ".strtab":
			// The writer's string table becomes the user's PROGBITS
			// section: no reader accepts the object.
			if m.p.keepsObject() && m.p.deviates("elf-user-strtab-corrupts-object") {
				m.p.reject(Crash, "elf/writer-owned-name", UnreadableObject)
			}
		}
	}
}

// UnreadableObject is the diagnostic sectfuzz gives an accepted run whose
// object no reader can parse.
const UnreadableObject = "unreadable object"

// keepsObject reports whether llc keeps the object it writes: not after
// an error, however late, so a corrupt object is never seen then.
func (p *predictor) keepsObject() bool {
	return !p.done && p.softDiag == ""
}

// cutNUL is how a reader sees a name stored with a NUL in it.
func cutNUL(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// groupSignatures places the key global of a comdat that is used but not
// emitted itself (llvm.metadata, available_externally): the writer still
// needs the group's signature symbol, and defines it, local, in the .group
// section (found by FuzzModuleELF).
func (m *elfModule) groupSignatures() {
	used := map[string]bool{}
	for _, s := range m.sections {
		if s.group != "" {
			used[s.group] = true
		}
	}
	for _, g := range m.p.c.Globals {
		if used[g.Name] && !g.IsFunc() && !g.Declaration && notEmitted(g) != "" && !m.referenced(g.Name) {
			m.p.place(g, "elf/group-signature", Placement{Name: ".group", Type: "SHT_GROUP"})
		}
	}
}

// referenced reports whether an emitted variable's initializer points at
// name: the symbol is then an undefined one, which the writer leaves
// where it is even when it signs a group.
func (m *elfModule) referenced(name string) bool {
	for _, g := range m.p.c.Globals {
		if !g.IsFunc() && !g.Declaration && notEmitted(g) == "" && g.Init != nil && initNeedsRelocation(*g.Init) && g.Init.Ref == name {
			return true
		}
	}
	return false
}

// emulatedTLS mirrors Triple::hasDefaultEmulatedTLS for ELF: OpenBSD,
// Android (below API level 29 from LLVM 17) and OpenHarmony (from LLVM
// 17) lower thread-locals to __emutls_* variables.
func (p *predictor) emulatedTLS() bool {
	t := p.tr
	switch {
	case t.OS == "openbsd":
		return true
	case strings.HasPrefix(t.Env, "android"):
		return !p.feature("elf-emulated-tls-android-below-29") || androidAPI(t.Raw) < 29
	case t.Env == "ohos" || t.OS == "ohos":
		return p.feature("elf-emulated-tls-ohos")
	}
	return false
}

// androidAPI is the API level an Android environment names
// (aarch64-linux-android21, armv7-linux-androideabi29), 0 when it names
// none.
func androidAPI(triple string) int {
	i := strings.LastIndex(triple, "android")
	if i < 0 {
		return 0
	}
	rest := strings.TrimPrefix(triple[i+len("android"):], "eabi")
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
