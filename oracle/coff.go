package oracle

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// COFF (*-windows-*, MinGW, Cygwin) section rules, modelled on
// TargetLoweringObjectFileCOFF (getExplicitSectionGlobal,
// SelectSectionForGlobal, getCOFFSectionFlags), MCObjectFileInfo's
// predefined COFF sections, MCContext::getCOFFSection's uniquing, the
// AsmPrinter's emission order and WinCOFFObjectWriter.
//
// The mechanism in one paragraph: a global's SectionKind gives a set of
// characteristics; MCContext keys sections by (name, COMDAT symbol,
// selection), and the first request for a key creates the section with the
// characteristics of that request. MCObjectFileInfo makes its requests
// first (.text, .data, .bss, .rdata, debug sections, ...), so a global
// naming one of those gets the predefined characteristics whatever its
// kind; otherwise the first global emitted into a name decides, and
// functions are emitted before variables. The writer adds the alignment
// (the largest of the section's contents) and stores names over 8 bytes in
// the string table.

func init() { rulesByFormat[COFF] = predictCOFF }

// Section characteristics (llvm/BinaryFormat/COFF.h).
const (
	coffCntCode      uint32 = 0x00000020
	coffCntData      uint32 = 0x00000040
	coffCntBSS       uint32 = 0x00000080
	coffLnkInfo      uint32 = 0x00000200
	coffLnkRemove    uint32 = 0x00000800
	coffLnkComdat    uint32 = 0x00001000
	coffMem16Bit     uint32 = 0x00020000
	coffDiscardable  uint32 = 0x02000000
	coffMemExecute   uint32 = 0x20000000
	coffMemRead      uint32 = 0x40000000
	coffMemWrite     uint32 = 0x80000000
	coffAlignShift          = 20
	coffAlignField   uint32 = 0x00F00000
	coffTypeBits            = coffCntCode | coffCntData | coffCntBSS
	coffCodeChars           = coffCntCode | coffMemExecute | coffMemRead
	coffDataChars           = coffCntData | coffMemRead | coffMemWrite
	coffRODataChars         = coffCntData | coffMemRead
	coffBSSChars            = coffCntBSS | coffMemRead | coffMemWrite
	coffDebugChars          = coffDiscardable | coffCntData | coffMemRead
	coffMaxShortName        = 8
	coffMaxAlignment        = 8192
)

// COMDAT selections (IMAGE_COMDAT_SELECT_*).
const (
	coffSelNoDuplicates = 1
	coffSelAny          = 2
	coffSelSameSize     = 3
	coffSelExactMatch   = 4
	coffSelAssociative  = 5
	coffSelLargest      = 6
)

// coffSelections maps an IR comdat selection kind to its COFF selection.
var coffSelections = map[string]int{
	"": coffSelAny, "any": coffSelAny, "exactmatch": coffSelExactMatch,
	"largest": coffSelLargest, "nodeduplicate": coffSelNoDuplicates, "samesize": coffSelSameSize,
}

// coffWords are the characteristic words llvm-readobj prints (COFFDumper's
// ImageSectionCharacteristics); the alignment field is an enumeration and
// handled apart. MEM_PURGEABLE and MEM_16BIT share a bit.
var coffWords = []struct {
	name string
	bits uint32
}{
	{"IMAGE_SCN_TYPE_NOLOAD", 0x2},
	{"IMAGE_SCN_TYPE_NO_PAD", 0x8},
	{"IMAGE_SCN_CNT_CODE", coffCntCode},
	{"IMAGE_SCN_CNT_INITIALIZED_DATA", coffCntData},
	{"IMAGE_SCN_CNT_UNINITIALIZED_DATA", coffCntBSS},
	{"IMAGE_SCN_LNK_OTHER", 0x100},
	{"IMAGE_SCN_LNK_INFO", coffLnkInfo},
	{"IMAGE_SCN_LNK_REMOVE", coffLnkRemove},
	{"IMAGE_SCN_LNK_COMDAT", coffLnkComdat},
	{"IMAGE_SCN_GPREL", 0x8000},
	{"IMAGE_SCN_MEM_PURGEABLE", coffMem16Bit},
	{"IMAGE_SCN_MEM_16BIT", coffMem16Bit},
	{"IMAGE_SCN_MEM_LOCKED", 0x40000},
	{"IMAGE_SCN_MEM_PRELOAD", 0x80000},
	{"IMAGE_SCN_LNK_NRELOC_OVFL", 0x1000000},
	{"IMAGE_SCN_MEM_DISCARDABLE", coffDiscardable},
	{"IMAGE_SCN_MEM_NOT_CACHED", 0x4000000},
	{"IMAGE_SCN_MEM_NOT_PAGED", 0x8000000},
	{"IMAGE_SCN_MEM_SHARED", 0x10000000},
	{"IMAGE_SCN_MEM_EXECUTE", coffMemExecute},
	{"IMAGE_SCN_MEM_READ", coffMemRead},
	{"IMAGE_SCN_MEM_WRITE", coffMemWrite},
}

// coffWordsByName is coffWords sorted by name, and coffAlignWords the
// alignment field's words, so that placements need no sorting.
var (
	coffWordsByName = func() []struct {
		name string
		bits uint32
	} {
		ws := append(coffWords[:0:0], coffWords...)
		sort.Slice(ws, func(i, j int) bool { return ws[i].name < ws[j].name })
		return ws
	}()
	coffAlignWords = func() (ws [15]string) {
		for a := 1; a <= 14; a++ {
			ws[a] = "IMAGE_SCN_ALIGN_" + strconv.Itoa(1<<(a-1)) + "BYTES"
		}
		return ws
	}()
)

// coffPlacementWords renders characteristics as a placement's type (the
// IMAGE_SCN_CNT_* words) and flags (every word, sorted by name, as
// JoinFlags would sort them).
func coffPlacementWords(ch uint32) (typ, flags string) {
	if w, ok := coffWordCache.Load(ch); ok {
		pw := w.([2]string)
		return pw[0], pw[1]
	}
	typ, flags = coffRenderWords(ch)
	coffWordCache.Store(ch, [2]string{typ, flags})
	return typ, flags
}

// coffWordCache memoizes coffRenderWords: a module uses few distinct
// characteristics, a fuzzer millions of times.
var coffWordCache sync.Map

func coffRenderWords(ch uint32) (typ, flags string) {
	field := (ch & coffAlignField) >> coffAlignShift
	alignWord := ""
	if field <= 14 {
		alignWord = coffAlignWords[field] // 0 and 15 print no word
	}
	var fb, tb strings.Builder
	add := func(b *strings.Builder, w string) {
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString(w)
	}
	for _, w := range coffWordsByName {
		if alignWord != "" && alignWord < w.name {
			add(&fb, alignWord)
			alignWord = ""
		}
		if ch&w.bits == w.bits {
			add(&fb, w.name)
			if w.bits&coffTypeBits != 0 {
				add(&tb, w.name)
			}
		}
	}
	if alignWord != "" {
		add(&fb, alignWord)
	}
	return tb.String(), fb.String()
}

// coffTarget is what the triple decides for COFF sections.
type coffTarget struct {
	arch string // "x86_64", "x86", "aarch64", "thumb", "arm" or "other"
	// crtSections: MSVC and Itanium environments predefine .CRT$XCU and
	// .CRT$XTX (read-only); the others .ctors and .dtors (writable).
	crtSections bool
	// mingw: Triple::isWindowsGNUEnvironment; comdat sections of globals
	// without an explicit section are named ".data$sym" like GCC's (and
	// on Cygwin too since LLVM 21).
	mingw bool
	// msvc: Triple::isWindowsMSVCEnvironment (msvc or no environment).
	msvc bool
	// cygwin lowers thread_local to emulated TLS (__emutls_v.*).
	cygwin bool
	// dwarfCFI: 32-bit x86 MinGW and Cygwin describe every function in
	// .eh_frame (4-byte aligned entries).
	dwarfCFI bool
	ptrSize  uint64
	// aggAlign is the DataLayout's preferred alignment of aggregates
	// ("a:0:32" on 32-bit Windows targets, the 8-byte default elsewhere).
	aggAlign uint64
	// fnAlign is a function's alignment without an align attribute.
	fnAlign uint64
	// wideInt16: the DataLayout has "i128:128" (aligns i65..i128+ to 16).
	wideInt16 bool
}

func coffTargetOf(tr Triple) coffTarget {
	t := coffTarget{arch: "other", ptrSize: 4, aggAlign: 8, fnAlign: 4}
	a := tr.Arch
	switch {
	case a == "x86_64" || a == "amd64":
		t.arch, t.ptrSize, t.fnAlign, t.wideInt16 = "x86_64", 8, 16, true
	case tr.IsX86():
		t.arch, t.aggAlign, t.fnAlign, t.wideInt16 = "x86", 4, 16, true
	case strings.HasPrefix(a, "aarch64") || strings.HasPrefix(a, "arm64"):
		t.arch, t.ptrSize, t.wideInt16 = "aarch64", 8, true
	case strings.HasPrefix(a, "thumb"):
		t.arch, t.aggAlign, t.fnAlign = "thumb", 4, 2
	case strings.HasPrefix(a, "arm"):
		t.arch, t.aggAlign = "arm", 4
	default:
		if tr.Is64() {
			t.ptrSize = 8
		}
	}
	t.cygwin = tr.OS == "cygwin" || tr.Env == "cygnus"
	t.mingw = !t.cygwin && (tr.OS == "mingw" || strings.HasPrefix(tr.Env, "gnu"))
	// isWindowsMSVCEnvironment and isWindowsItaniumEnvironment need a
	// Windows OS: UEFI has .ctors and .dtors too.
	t.crtSections = tr.OS == "windows" && !t.cygwin && !t.mingw
	t.msvc = t.crtSections && tr.Env != "itanium"
	t.dwarfCFI = t.arch == "x86" && (t.mingw || t.cygwin)
	return t
}

// coffPredefined is a section MCObjectFileInfo (or the COFF lowering's
// Initialize) creates before any global is emitted.
type coffPredefined struct {
	name  string
	chars uint32
	// on restricts the entry to some targets; nil means all.
	on func(t coffTarget) bool
	// absent is the deviation under which a version lacks the entry.
	absent string
}

func coffArch(archs ...string) func(t coffTarget) bool {
	return func(t coffTarget) bool {
		for _, a := range archs {
			if t.arch == a {
				return true
			}
		}
		return false
	}
}

// coffPredefinedSections is MCObjectFileInfo::initCOFFMCObjectFileInfo's
// list plus TargetLoweringObjectFileCOFF::Initialize's structor sections,
// as observed in llc 14, 19 and 22 (.text gains MEM_16BIT on Thumb).
var coffPredefinedSections = func() []coffPredefined {
	ps := []coffPredefined{
		{name: ".bss", chars: coffBSSChars},
		{name: ".text", chars: coffCodeChars},
		{name: ".data", chars: coffDataChars},
		{name: ".rdata", chars: coffRODataChars},
		{name: ".eh_frame", chars: coffRODataChars},
		{name: ".gcc_except_table", chars: coffRODataChars, on: coffArch("x86", "other")},
		{name: ".impcall", chars: coffLnkInfo, on: coffArch("aarch64"), absent: "coff-no-import-call-sections"},
		{name: ".retplne", chars: coffLnkInfo, on: coffArch("x86_64"), absent: "coff-no-import-call-sections"},
		{name: ".drectve", chars: coffLnkInfo | coffLnkRemove},
		{name: ".pdata", chars: coffRODataChars},
		{name: ".xdata", chars: coffRODataChars},
		{name: ".sxdata", chars: coffLnkInfo},
		{name: ".gehcont$y", chars: coffRODataChars},
		{name: ".gfids$y", chars: coffRODataChars},
		{name: ".giats$y", chars: coffRODataChars},
		{name: ".gljmp$y", chars: coffRODataChars},
		{name: ".tls$", chars: coffDataChars},
		{name: ".llvm_stackmaps", chars: coffRODataChars},
		{name: ".pseudo_probe", chars: coffDebugChars, absent: "coff-no-pseudo-probe-sections"},
		{name: ".pseudo_probe_desc", chars: coffDebugChars, absent: "coff-no-pseudo-probe-sections"},
		{name: ".debug_loclists.dwo", chars: coffDebugChars, absent: "coff-no-dwo-list-sections"},
		{name: ".debug_rnglists.dwo", chars: coffDebugChars, absent: "coff-no-dwo-list-sections"},
		{name: ".CRT$XCU", chars: coffRODataChars, on: func(t coffTarget) bool { return t.crtSections }},
		{name: ".CRT$XTX", chars: coffRODataChars, on: func(t coffTarget) bool { return t.crtSections }},
		{name: ".ctors", chars: coffDataChars, on: func(t coffTarget) bool { return !t.crtSections }},
		{name: ".dtors", chars: coffDataChars, on: func(t coffTarget) bool { return !t.crtSections }},
	}
	for _, n := range strings.Fields(`.debug$S .debug$T .debug$H .debug_abbrev .debug_info
		.debug_line .debug_line_str .debug_frame .debug_pubnames .debug_pubtypes
		.debug_gnu_pubnames .debug_gnu_pubtypes .debug_str .debug_str_offsets .debug_loc
		.debug_loclists .debug_aranges .debug_ranges .debug_rnglists .debug_macinfo
		.debug_macro .debug_macinfo.dwo .debug_macro.dwo .debug_info.dwo .debug_types.dwo
		.debug_abbrev.dwo .debug_str.dwo .debug_line.dwo .debug_loc.dwo
		.debug_str_offsets.dwo .debug_addr .debug_cu_index .debug_tu_index .debug_names
		.apple_names .apple_namespaces .apple_types .apple_objc`) {
		ps = append(ps, coffPredefined{name: n, chars: coffDebugChars})
	}
	return ps
}()

// coffMetadataNames are explicit section names getExplicitSectionGlobal
// turns into SectionKind::Metadata (characteristics: MEM_DISCARDABLE
// alone), with the deviation under which a version does not.
var coffMetadataNames = map[string]string{
	".lcovmap$M": "coff-covmap-not-metadata",
	".lcovfun$M": "coff-covmap-not-metadata",
	".lcovd":     "coff-covmap-not-metadata",
	".lcovn":     "coff-covmap-not-metadata",
	".llvmbc":    "coff-bitcode-not-metadata",
	".llvmcmd":   "coff-bitcode-not-metadata",
}

// coffKind is the part of a global's SectionKind that COFF looks at.
type coffKind int

const (
	coffKindText coffKind = iota
	coffKindBSS
	coffKindThreadBSS
	coffKindThreadData
	coffKindReadOnly
	coffKindData
	coffKindCommon
	coffKindMetadata
)

// chars is getCOFFSectionFlags.
func (k coffKind) chars(t coffTarget) uint32 {
	switch k {
	case coffKindMetadata:
		return coffDiscardable
	case coffKindText:
		if t.arch == "thumb" {
			return coffCodeChars | coffMem16Bit
		}
		return coffCodeChars
	case coffKindBSS:
		return coffBSSChars
	case coffKindReadOnly:
		return coffRODataChars
	}
	return coffDataChars // data, thread-local data and thread-local BSS
}

// uniqueName is getCOFFSectionNameForUniqueGlobal.
func (k coffKind) uniqueName() string {
	switch k {
	case coffKindText:
		return ".text"
	case coffKindBSS:
		return ".bss"
	case coffKindThreadBSS, coffKindThreadData:
		return ".tls$"
	case coffKindReadOnly:
		return ".rdata"
	}
	return ".data"
}

func (k coffKind) threadLocal() bool { return k == coffKindThreadBSS || k == coffKindThreadData }

// coffKindOf is TargetLoweringObjectFile::getKindForGlobal reduced to what
// COFF distinguishes: an explicit section keeps a zero global out of BSS.
func coffKindOf(g Global) coffKind {
	if g.IsFunc() {
		return coffKindText
	}
	bss := initIsZero(g.Initializer()) && g.Kind != KindConst && g.Section == ""
	switch {
	case g.Kind == KindTLS && bss:
		return coffKindThreadBSS
	case g.Kind == KindTLS:
		return coffKindThreadData
	case g.Linkage == Common:
		return coffKindCommon
	case bss:
		return coffKindBSS
	case g.Kind == KindConst:
		return coffKindReadOnly
	}
	return coffKindData
}

func truncBits(v int64, n int) uint64 {
	if n >= 64 {
		return uint64(v)
	}
	return uint64(v) & (1<<uint(n) - 1)
}

// coffKey is MCContext's COFFSectionKey (the unique id is always generic:
// llc runs without -function-sections / -data-sections).
type coffKey struct {
	name   string
	comdat string
	sel    int
}

// coffSection is one MCSectionCOFF and what was emitted into it.
type coffSection struct {
	key        coffKey
	chars      uint32
	align      uint64
	predefined bool
	// inObject: the section is written (has contents, or is one of the
	// sections the COFF streamer always initializes).
	inObject bool
	// code: a function went in (LLVM 14/19 refuse that at emission).
	code bool
	// frags are the section's MC fragments, for the BSS content check.
	frags fragments
}

// add records one emission into the section (the streamer is in it): an
// alignment directive when align is above 1, then what g emits.
func (s *coffSection) add(g Global, align uint64) {
	s.align = max(s.align, align)
	s.inObject = true
	s.code = s.code || g.IsFunc()
	s.frags.emitGlobal(g, align > 1, false)
}

// addLocalCommon is an .lcomm into the section: always an alignment
// directive, then zeros.
func (s *coffSection) addLocalCommon(align uint64) {
	s.align = max(s.align, align)
	s.inObject = true
	s.frags.emitZerofill()
}

// coffModel is one module's prediction under way.
type coffModel struct {
	p *predictor
	t coffTarget
	// sections in creation order (modules are small: a slice beats maps).
	order []*coffSection
	// placed and rules hold, per global (by index in the case), its
	// section and the rule that chose it.
	placed []*coffSection
	rules  []string
	// symbols are the object's symbol names (for the string table).
	symbols []string
	anyFunc bool
	// cur is the section the streamer is in (nil: .text after
	// initSections, or a section sectfuzz does not model).
	cur *coffSection
	// symtab replays section and label symbols for name collisions;
	// emitting is the global being emitted (the creator of new sections).
	symtab         symbolTable
	emitting       string
	emittingComdat string
	// commonEmitted names the common globals already emitted.
	commonEmitted map[string]bool
}

// switchTo is MCStreamer::switchSection.
func (m *coffModel) switchTo(s *coffSection) {
	if s != m.cur && s != nil {
		s.frags.enter()
	}
	m.cur = s
}

func predictCOFF(p *predictor) {
	t := coffTargetOf(p.tr)
	if coffVerifier(p) {
		return
	}
	n := len(p.c.Globals)
	m := &coffModel{p: p, t: t, placed: make([]*coffSection, n), rules: make([]string, n)}
	m.symtab.clock = &p.step
	for _, g := range p.emissionOrder() {
		m.emit(g)
		if p.done {
			return
		}
	}
	m.symtab.check(p, "coff/section-symbol-clash", false, func(name string) bool {
		_, ok := coffPredefinedByName[name]
		return ok && p.feature("coff-section-symbol")
	})
	if p.done {
		return
	}
	m.finish()
}

// coffVerifier is the one IR Verifier check only COFF modules meet: a
// comdat whose key global is private ("comdat global value has private
// linkage"). The others are every format's (verifierRejects).
func coffVerifier(p *predictor) bool {
	for _, g := range p.c.Globals {
		if g.Comdat == "" {
			continue
		}
		if key, ok := globalNamed(p.c.Globals, g.Comdat); ok && key.Linkage == Private {
			p.reject(Error, "coff/verifier", p.msg("verifier-failed", llcInputFile))
			return true
		}
	}
	return false
}

// coffPredefinedByName indexes coffPredefinedSections.
var coffPredefinedByName = func() map[string]*coffPredefined {
	m := map[string]*coffPredefined{}
	for i := range coffPredefinedSections {
		m[coffPredefinedSections[i].name] = &coffPredefinedSections[i]
	}
	return m
}()

// existing returns the section MCContext already holds for key: one an
// earlier global created, or one MCObjectFileInfo predefined for this
// target and version (created here on first use; .text, .data and .bss
// are always written, 4-byte aligned by MCWinCOFFStreamer::initSections).
func (m *coffModel) existing(key coffKey) *coffSection {
	for _, s := range m.order {
		if s.key == key {
			return s
		}
	}
	pd := coffPredefinedByName[key.name]
	if key.comdat != "" || key.sel != 0 || pd == nil || (pd.on != nil && !pd.on(m.t)) {
		return nil
	}
	if pd.absent != "" && m.p.deviates(pd.absent) {
		return nil
	}
	chars := pd.chars
	if pd.name == ".text" && m.t.arch == "thumb" {
		chars |= coffMem16Bit
	}
	s := m.create(key, chars)
	s.predefined = true
	switch pd.name {
	case ".text", ".data", ".bss":
		s.inObject, s.align = true, 4
	}
	return s
}

// section returns the section for key, creating it with chars (MCContext::
// getCOFFSection: the first request decides).
func (m *coffModel) section(key coffKey, chars uint32) *coffSection {
	if s := m.existing(key); s != nil {
		return s
	}
	return m.create(key, chars)
}

func (m *coffModel) create(key coffKey, chars uint32) *coffSection {
	s := &coffSection{key: key, chars: chars, align: 1, frags: m.p.newFragments()}
	m.order = append(m.order, s)
	switch {
	case !m.p.feature("coff-section-symbol"):
		// LLVM 14's section symbols are temporaries: nothing collides.
	case key.comdat == "":
		m.symtab.sectionCreated(key.name, m.emitting)
		m.commonTakenBy(s)
	default:
		keySym := ""
		if key.sel != coffSelAssociative {
			keySym = key.comdat
		}
		m.symtab.comdatSectionCreated(key.name, m.emitting, m.emittingComdat, keySym)
		m.commonTakenBy(s)
	}
	return s
}

// commonTakenBy: a common symbol of the new section's name, emitted
// earlier, becomes the section's symbol, comdat or not: the object shows
// the common global inside the section (found by FuzzModuleCOFF and the
// agreement benchmark).
func (m *coffModel) commonTakenBy(s *coffSection) {
	for i, g := range m.p.c.Globals {
		if g.Linkage == Common && m.placed[i] == nil && m.p.tr.SymbolName(g.Name) == s.key.name && m.commonEmitted[g.Name] &&
			m.p.deviates("coff-common-taken-by-section") {
			m.placed[i], m.rules[i] = s, "coff/common-taken-by-section"
		}
	}
}

// emit is AsmPrinter's emission of one function or variable definition.
func (m *coffModel) emit(g Global) {
	p, t := m.p, m.t
	m.emitting, m.emittingComdat = g.Name, g.Comdat
	if g.Linkage == AvailExtern || (!g.IsFunc() && g.Section == "llvm.metadata") {
		// AsmPrinter::emitSpecialLLVMGlobal: never emitted, no symbol.
		p.note(g, "coff/not-emitted")
		return
	}
	if g.IsFunc() {
		m.anyFunc = true
		if t.arch == "arm" {
			// Windows on ARM is Thumb-only: instruction selection rejects
			// the first function before anything is emitted.
			p.reject(Error, "coff/arm-mode", p.msg("coff-arm-mode", g.Name))
			return
		}
	}
	kind := coffKindOf(g)
	sym := p.tr.SymbolName(g.Name)
	if kind == coffKindCommon {
		// AsmPrinter emits .comm before choosing a section: a common
		// symbol has no section, whatever its section string says.
		// MCWinCOFFStreamer::emitCommonSymbol caps its alignment for MSVC.
		a := m.varAlign(g, g.Initializer())
		if t.msvc && a > 32 {
			p.reject(Fatal, "coff/common-alignment", p.msg("coff-common-alignment"))
			return
		}
		if !t.msvc && a > 1 {
			// "-aligncomm:" goes to .drectve: the streamer leaves the
			// current section and comes back.
			back := m.cur
			m.switchTo(m.existing(coffKey{name: ".drectve"}))
			m.switchTo(back)
		}
		m.symbols = append(m.symbols, sym)
		m.symtab.labelDefined(g, sym) // .comm defines it too
		if m.commonEmitted == nil {
			m.commonEmitted = map[string]bool{}
		}
		m.commonEmitted[g.Name] = true
		p.note(g, "coff/common")
		return
	}
	if kind.threadLocal() && t.cygwin {
		// Emulated TLS: the global becomes __emutls_v.<name> (.data) and
		// __emutls_t.<name> (.rdata); its own symbol does not exist.
		m.emuTLS(g)
		return
	}

	m.symtab.variableStarts(g, sym)
	rule := "coff/default-section"
	var key coffKey
	var chars uint32
	if g.Section != "" {
		rule = "coff/explicit-section"
		if kind.threadLocal() {
			rule = "coff/tls-in-section"
		}
		if dev, ok := coffMetadataNames[g.Section]; ok && !p.deviates(dev) {
			kind, rule = coffKindMetadata, "coff/metadata-section"
		}
		chars = kind.chars(t)
		key = coffKey{name: g.Section}
		if g.Comdat != "" {
			sel, comdatGV, ok := m.comdat(g)
			if !ok {
				return
			}
			if comdatGV.Linkage != Private {
				key.comdat, key.sel = p.tr.SymbolName(comdatGV.Name), sel
				chars |= coffLnkComdat
				rule = "coff/comdat-section"
			}
		}
	} else {
		chars = kind.chars(t)
		key = coffKey{name: coffDefaultSection(kind)}
		if g.Comdat != "" {
			sel, comdatGV, ok := m.comdat(g)
			if !ok {
				return
			}
			if sel == 0 {
				sel = coffSelNoDuplicates
			}
			name := kind.uniqueName()
			if t.mingw || (t.cygwin && !p.deviates("coff-cygwin-plain-comdat-names")) {
				name += "$" + comdatGV.Name
			}
			key = coffKey{name: name, comdat: p.tr.SymbolName(comdatGV.Name), sel: sel}
			chars = kind.chars(t) | coffLnkComdat
			rule = "coff/comdat-default-section"
		}
	}

	existed := m.existing(key) != nil
	s := m.section(key, chars)
	if existed && g.Section != "" {
		switch {
		case s.predefined && s.chars != chars:
			rule = "coff/predefined-section"
		case !s.predefined && s.chars != chars:
			rule = "coff/first-global-decides"
		}
	}
	in := g.Initializer()
	switch {
	case kind == coffKindBSS && g.Linkage.IsLocal() && key.comdat == "":
		// A local BSS global is an .lcomm: MCWinCOFFStreamer pushes the
		// section, emits into .bss and pops back.
		back := m.cur
		m.switchTo(s)
		s.addLocalCommon(m.varAlign(g, in))
		m.switchTo(back)
	case g.IsFunc():
		m.switchTo(s)
		s.add(g, m.funcAlign(g))
		if s.chars&coffCntBSS != 0 && p.deviates("coff-bss-code-at-emission") {
			// The streamer refuses the function's first instruction.
			p.reject(Error, "coff/bss-code", p.msg("coff-bss-code", s.key.name))
			return
		}
	default:
		m.switchTo(s)
		s.add(g, m.varAlign(g, in))
	}
	if g.Linkage == Private {
		// A private global is a temporary label: no symbol to find.
		p.note(g, "coff/private-no-symbol")
		return
	}
	m.symbols = append(m.symbols, sym)
	m.symtab.labelDefined(g, sym)
	i := m.index(g.Name)
	m.placed[i] = s
	m.rules[i] = rule
}

// coffDefaultSection is SelectSectionForGlobal without a comdat.
func coffDefaultSection(k coffKind) string {
	switch k {
	case coffKindText:
		return ".text"
	case coffKindThreadBSS, coffKindThreadData:
		return ".tls$"
	case coffKindReadOnly:
		return ".rdata"
	case coffKindBSS:
		return ".bss"
	}
	return ".data"
}

// comdat is getSelectionForCOFF and getComdatGVForCOFF: the key is the
// module's global named like the comdat; a global that is not the key is
// associative to it. Its failures are fatal.
func (m *coffModel) comdat(g Global) (sel int, key Global, ok bool) {
	p := m.p
	key, found := globalNamed(m.p.c.Globals, g.Comdat)
	if !found {
		p.reject(Fatal, "coff/comdat-key", p.msg("coff-comdat-missing", g.Comdat))
		return 0, Global{}, false
	}
	if key.Comdat != g.Comdat || key.Declaration {
		p.reject(Fatal, "coff/comdat-key", p.msg("coff-comdat-not-key", g.Comdat))
		return 0, Global{}, false
	}
	if key.Name != g.Name {
		return coffSelAssociative, key, true
	}
	return coffSelections[m.comdatSelection(g.Comdat)], key, true
}

// comdatSelection is the selection kind of comdat c: irgen declares each
// comdat with the selection of the first variable (then function) using it.
func (m *coffModel) comdatSelection(c string) string {
	for _, funcs := range []bool{false, true} {
		for _, g := range m.p.c.Globals {
			if g.IsFunc() == funcs && g.Comdat == c {
				return g.ComdatSelection
			}
		}
	}
	return ""
}

// funcAlign is the function's alignment as AsmPrinter::getGVAlignment
// computes it: an explicit section makes an align attribute exact.
func (m *coffModel) funcAlign(g Global) uint64 {
	a := uint64(g.Align)
	if a > 0 && g.Section != "" {
		return a
	}
	return max(a, m.t.fnAlign)
}

// varAlign is DataLayout::getPreferredAlign plus AsmPrinter::
// getGVAlignment for a global variable.
func (m *coffModel) varAlign(g Global, in Init) uint64 {
	explicit := uint64(g.Align)
	if explicit > 0 && g.Section != "" {
		return explicit // "precisely honor explicit alignment" in a section
	}
	pref, abi, size := m.typeAlign(in)
	a := pref
	if explicit > 0 {
		if explicit >= a {
			a = explicit
		} else {
			a = max(explicit, abi)
		}
	}
	if explicit == 0 && size > 16 && a < 16 {
		a = 16 // large globals get 16-byte alignment
	}
	return a
}

// typeAlign returns the preferred and ABI alignment and the size in bytes
// of an initializer's type, as irgen renders it.
func (m *coffModel) typeAlign(in Init) (pref, abi, size uint64) {
	switch in.Form {
	case InitString:
		n := uint64(len(in.Bytes)) + 1
		if in.Zero {
			n = uint64(max(in.Len-1, 0)) + 1
		}
		return 1, 1, n
	case InitArray:
		es := uint64(max(in.Size, 1))
		ea := m.intAlign(es * 8)
		if in.TypeAlign > 0 {
			ea = uint64(in.TypeAlign)
		}
		return ea, ea, uint64(max(in.Len, 1)) * alignTo(es, ea)
	case InitStruct:
		if in.TypeAlign > 0 {
			a := uint64(in.TypeAlign)
			return max(m.t.aggAlign, a), a, uint64(max(in.Size, 1))
		}
		return max(m.t.aggAlign, 4), 4, uint64(max(in.Len, 1)) * 4
	case InitPointer:
		return m.t.ptrSize, m.t.ptrSize, m.t.ptrSize
	}
	s := uint64(in.Size)
	if s == 0 {
		s = 4
	}
	a := m.intAlign(s * 8)
	if in.TypeAlign > 0 {
		a = uint64(in.TypeAlign)
	}
	return a, a, s
}

// intAlign is the DataLayout alignment of iN: the entry for the next
// larger listed width, or the largest one (i64 or i128).
func (m *coffModel) intAlign(n uint64) uint64 {
	switch {
	case n <= 8:
		return 1
	case n <= 16:
		return 2
	case n <= 32:
		return 4
	case n <= 64:
		return 8
	}
	if !m.t.wideInt16 {
		return 8
	}
	if (m.t.arch == "x86" || m.t.arch == "x86_64") && m.p.deviates("coff-x86-i128-align8") {
		return 8
	}
	return 16
}

func alignTo(v, a uint64) uint64 { return (v + a - 1) / a * a }

// emuTLS places the emulated-TLS control variable and template.
func (m *coffModel) emuTLS(g Global) {
	in := g.Initializer()
	ctl := m.existing(coffKey{name: ".data"})
	ctl.align = max(ctl.align, m.t.ptrSize)
	m.symbols = append(m.symbols, m.p.tr.SymbolName("__emutls_v."+g.Name))
	if !initIsZero(in) {
		if tmpl := m.existing(coffKey{name: ".rdata"}); tmpl != nil {
			pref, _, _ := m.typeAlign(in)
			tmpl.align, tmpl.inObject = max(tmpl.align, pref), true
			m.symbols = append(m.symbols, m.p.tr.SymbolName("__emutls_t."+g.Name))
		}
	}
	m.p.note(g, "coff/emulated-tls")
}

// finish runs the object writer's checks and records every placement.
func (m *coffModel) finish() {
	p := m.p
	if x, ok := undefinedTemporary(p.c.Globals, p.gotEquivalentsLast()); ok {
		// A pointer to a private global that is never emitted: its
		// temporary label stays undefined.
		p.reject(Error, "coff/undefined-temporary", "error: assembler label '"+m.privateSymbol(x)+"' can not be undefined")
		return
	}
	if m.anyFunc && m.t.dwarfCFI {
		if eh := m.existing(coffKey{name: ".eh_frame"}); eh != nil {
			eh.align, eh.inObject = max(eh.align, 4), true
		}
	}
	// WinCOFFWriter::writeObject: an associative section needs its key
	// symbol in a section.
	for _, s := range m.order {
		if s.key.sel != coffSelAssociative || !s.inObject {
			continue
		}
		if m.placedAt(m.keyOf(s)) == nil {
			p.reject(Error, "coff/comdat-sectionless-key", p.msg("coff-comdat-sectionless", s.key.name, s.key.comdat))
			return
		}
	}
	// Writing a BSS section checks that nothing but zeros went in.
	for _, s := range m.order {
		if s.chars&coffCntBSS == 0 || !s.inObject || !s.frags.anyContents() {
			continue
		}
		if p.deviates("coff-bss-contents-dropped") {
			m.noteBSSLoss(s)
			continue
		}
		// Code in .bss is refused at emission in LLVM 14-19, a deviation
		// (coff-bss-code-at-emission): by the rules it is bytes like any.
		switch c, _ := p.firstProblem(&s.frags, false); c {
		case contentsZero:
			m.noteBSSLoss(s) // in a fragment LLVM does not look at
			continue
		case contentsFixup:
			p.reject(Error, "coff/bss-contents", p.msg("coff-bss-fixups", s.key.name))
		default:
			p.reject(Error, "coff/bss-contents", p.msg("coff-bss-nonzero", s.key.name))
		}
		return
	}
	var strtab coffStringTable
	for i, g := range p.c.Globals {
		s := m.placed[i]
		if s == nil {
			continue
		}
		rule := m.rules[i]
		name, misread := s.key.name, false
		if len(name) <= coffMaxShortName && strings.HasPrefix(name, "/") && p.deviates("coff-short-slash-name") {
			if strtab == nil {
				strtab = m.stringTable()
			}
			name, misread = strtab.resolve(name)
		} else {
			name = cutNUL(name)
		}
		switch {
		case misread:
			rule = "coff/short-slash-name"
		case name != s.key.name:
			rule = "coff/nul-truncates"
		case rule == "coff/explicit-section" && len(s.key.name) > coffMaxShortName:
			rule = "coff/long-name"
		}
		typ, flags := coffPlacementWords(s.chars | m.alignBits(s.align))
		p.place(g, rule, Placement{Name: name, Type: typ, Flags: flags})
	}
}

// index is the position of the global named name in the case.
func (m *coffModel) index(name string) int {
	for i, g := range m.p.c.Globals {
		if g.Name == name {
			return i
		}
	}
	return -1
}

// placedAt is the section the global named name was placed in, if any.
func (m *coffModel) placedAt(name string) *coffSection {
	if i := m.index(name); i >= 0 {
		return m.placed[i]
	}
	return nil
}

// keyOf returns the IR name of the comdat key whose symbol an
// associative section names.
func (m *coffModel) keyOf(s *coffSection) string {
	for _, g := range m.p.c.Globals {
		if m.p.tr.SymbolName(g.Name) == s.key.comdat {
			return g.Name
		}
	}
	return ""
}

// noteBSSLoss names the rule for globals whose bytes LLVM drops.
func (m *coffModel) noteBSSLoss(s *coffSection) {
	for i, ps := range m.placed {
		if ps == s {
			m.rules[i] = "coff/bss-contents"
		}
	}
}

// alignBits encodes a section alignment into the characteristics'
// alignment field: log2+1 up to 8192 bytes.
func (m *coffModel) alignBits(a uint64) uint32 {
	if a <= 1 {
		return 1 << coffAlignShift
	}
	field := uint32(bits.Len64(a-1)) + 1 // log2 of a power of two, plus one
	if a <= coffMaxAlignment {
		return field << coffAlignShift
	}
	switch {
	case m.p.deviates("coff-align-overflow"):
		return field << coffAlignShift // spills into the bits above the field
	case a >= 1<<32 && m.p.deviates("coff-align-4g-wraps"):
		return 1 << coffAlignShift
	}
	return 14 << coffAlignShift
}

// stringTable rebuilds the object's string table: every section and
// symbol name over 8 bytes, laid out by StringTableBuilder (WinCOFF kind).
func (m *coffModel) stringTable() coffStringTable {
	var strs []string
	for _, s := range m.order {
		if s.inObject && len(s.key.name) > coffMaxShortName {
			strs = append(strs, s.key.name) // section header and section symbol
		}
	}
	strong := m.weakDefaultSuffix()
	for _, sym := range m.symbols {
		strs = append(strs, sym)
	}
	// Weak definitions without a comdat, and every extern_weak declaration
	// (AsmPrinter marks them all .weak), get a weak default symbol.
	for _, g := range m.p.c.Globals {
		weakDef := m.placedAt(g.Name) != nil && g.Linkage.IsWeakForLinker() && g.Comdat == ""
		if weakDef || (g.Declaration && g.Linkage == ExternWeak) {
			w := ".weak." + m.p.tr.SymbolName(g.Name) + ".default"
			if strong != "" {
				w += "." + strong
			}
			strs = append(strs, w)
			if !weakDef {
				strs = append(strs, m.p.tr.SymbolName(g.Name))
			}
		}
	}
	for _, g := range m.p.c.Globals {
		if g.Init != nil && initNeedsRelocation(*g.Init) {
			if ref, ok := globalNamed(m.p.c.Globals, g.Init.Ref); ok && ref.Declaration {
				strs = append(strs, m.p.tr.SymbolName(ref.Name))
			}
		}
	}
	var long []string
	for _, s := range strs {
		if len(s) > coffMaxShortName {
			long = append(long, s)
		}
	}
	return buildCOFFStringTable(long)
}

// weakDefaultSuffix is the name WinCOFFWriter::setWeakDefaultNames appends
// to weak defaults: the first external symbol defined in a non-comdat
// section, else in a comdat one, in the writer's symbol order. That order
// starts with the sections: defineSection creates each non-associative
// section's COMDAT key symbol, so key symbols come before every symbol
// defineSymbol adds later in emission order.
func (m *coffModel) weakDefaultSuffix() string {
	external := func(g Global) bool {
		return m.placedAt(g.Name) != nil && !g.Linkage.IsLocal() && !(g.Linkage.IsWeakForLinker() && g.Comdat == "")
	}
	registered := m.registrationOrder()
	for _, g := range registered {
		if s := m.placedAt(g.Name); external(g) && s.chars&coffLnkComdat == 0 {
			return m.p.tr.SymbolName(g.Name)
		}
	}
	for _, s := range m.order {
		if !s.inObject || s.key.comdat == "" || s.key.sel == coffSelAssociative {
			continue
		}
		for _, g := range m.p.c.Globals {
			if m.p.tr.SymbolName(g.Name) == s.key.comdat && external(g) {
				return s.key.comdat
			}
		}
	}
	for _, g := range registered {
		if external(g) {
			return m.p.tr.SymbolName(g.Name)
		}
	}
	return ""
}

// registrationOrder is the order in which the assembler first sees the
// globals' symbols, which the writer keeps: a label when a global is
// emitted, and before that global's label is followed by its bytes, the
// global its initializer points to (found by the agreement benchmark).
func (m *coffModel) registrationOrder() []Global {
	seen := make(map[string]bool, len(m.p.c.Globals))
	var order []Global
	add := func(g Global) {
		if !seen[g.Name] {
			seen[g.Name] = true
			order = append(order, g)
		}
	}
	for _, g := range m.p.emissionOrder() {
		add(g)
		if g.Init != nil && initNeedsRelocation(*g.Init) && m.placedAt(g.Name) != nil {
			if ref, ok := globalNamed(m.p.c.Globals, g.Init.Ref); ok {
				add(ref)
			}
		}
	}
	return order
}

// coffStringTable is a string table with its 4-byte size field.
type coffStringTable []byte

// buildCOFFStringTable lays strings out as StringTableBuilder::finalize
// does: sorted by their reversed bytes, largest first, each string that is
// a suffix of the previous one sharing its tail.
func buildCOFFStringTable(strs []string) coffStringTable {
	uniq := map[string]bool{}
	var list []string
	for _, s := range strs {
		if !uniq[s] {
			uniq[s] = true
			list = append(list, s)
		}
	}
	rev := func(s string) []byte {
		b := []byte(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return b
	}
	sort.Slice(list, func(i, j int) bool { return bytes.Compare(rev(list[i]), rev(list[j])) > 0 })
	out := make([]byte, 4)
	prev := ""
	for _, s := range list {
		if prev != "" && strings.HasSuffix(prev, s) {
			continue
		}
		out = append(append(out, s...), 0)
		prev = s
	}
	binary.LittleEndian.PutUint32(out, uint32(len(out)))
	return out
}

// resolve reads a short section name the way readers do (llvm-readobj's
// getSectionName; sectfuzz's reader keeps the raw name where llvm-readobj
// would fail): "/N" or "//base64" is a string-table offset.
func (st coffStringTable) resolve(field string) (string, bool) {
	name := cutNUL(field)
	if !strings.HasPrefix(name, "/") {
		return name, false
	}
	var off uint64
	if strings.HasPrefix(name, "//") {
		v, ok := coffBase64(name[2:])
		if !ok {
			return name, false
		}
		off = v
	} else {
		digits := name[1:]
		if digits == "" || strings.Trim(digits, "0123456789") != "" {
			return name, false
		}
		v, err := strconv.ParseUint(digits, 10, 32)
		if err != nil {
			return name, false
		}
		off = v
	}
	if len(st) <= 4 || off >= uint64(len(st)) {
		return name, false
	}
	return cutNUL(string(st[off:])), true
}

// coffBase64 decodes the digits after "//" (decodeBase64StringEntry).
func coffBase64(s string) (uint64, bool) {
	if len(s) > 6 {
		return 0, false
	}
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var v uint64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(digits, s[i])
		if d < 0 {
			return 0, false
		}
		v = v*64 + uint64(d)
	}
	return v, v <= 0xffffffff
}

// privateSymbol is a private global's temporary label: the data layout's
// private prefix (".L", "L" for 32-bit x86) and the mangled name.
func (m *coffModel) privateSymbol(g Global) string {
	if m.p.tr.Arch == "i686" || m.p.tr.Arch == "i386" {
		return "L" + m.p.tr.SymbolName(g.Name)
	}
	return ".L" + m.p.tr.SymbolName(g.Name)
}
