package oracle

import (
	"strconv"
	"strings"
)

// XCOFF (powerpc-ibm-aix, powerpc64-ibm-aix): a `section "..."` string
// names a control section (csect), not an object-file section. LLVM keys
// every csect by its name and storage-mapping class (MCContext::
// getXCOFFSection), and the object writer files each csect into one of the
// few real sections by its class (XCOFFObjectWriter::getCsectGroup):
//
//	XMC_PR, XMC_RO           .text   STYP_TEXT
//	XMC_RW (XTY_SD), XMC_DS  .data   STYP_DATA
//	XMC_RW (XTY_CM), XMC_BS  .bss    STYP_BSS
//	XMC_TL                   .tdata  STYP_TDATA
//	XMC_UL                   .tbss   STYP_TBSS
//
// A global with an explicit section becomes a label inside the csect named
// by the string (TargetLoweringObjectFileXCOFF::getExplicitSectionGlobal);
// its class comes from the global's kind alone, so `foo[RW]` on a constant
// is a csect named `foo[RW]` of class XMC_RO. A global without one gets a
// csect of its own named after it (data sections are on by default for
// AIX), or shares the default code csect (functions).
//
// The placement of a function is that of its entry point `.g`
// (Triple.ObjectSymbol): the plain name `g` is the function descriptor, a
// csect of class XMC_DS in .data that no section string moves.
//
// The order of the checks follows PPCAIXAsmPrinter: doInitialization asks
// for the csect of every global variable, then of every function, in module
// order (setCsectAlignment), which is where section-kind and csect-policy
// errors fire; doFinalization emits the variables, rejecting comdats; the
// object writer comes last.

func init() { rulesByFormat[XCOFF] = predictXCOFF }

// Storage-mapping classes, in llvm-readobj's words.
const (
	xmcPR = "XMC_PR"
	xmcRO = "XMC_RO"
	xmcRW = "XMC_RW"
	xmcBS = "XMC_BS"
	xmcTL = "XMC_TL"
	xmcUL = "XMC_UL"
	xmcTC = "XMC_TC0"
)

// xcoffPrivatePrefix is the AIX data layout's private global prefix: a
// private global's symbol is temporary and never reaches the symbol table.
const xcoffPrivatePrefix = "L.."

// xcoffCsectKey identifies a csect the way MCContext's uniquing map does.
type xcoffCsectKey struct{ name, class string }

// xcoffCsect is a csect: what the context remembers about it, and what the
// object will show of it.
type xcoffCsect struct {
	key xcoffCsectKey
	// multi is MultiSymbolsAllowed: true for explicit sections and the
	// predefined ones, false for a global's own csect.
	multi bool
	// common marks an XTY_CM csect (common, local BSS, local TLS BSS).
	common bool
	// name is the csect symbol's name in the object.
	name string
	// labels are the symbols of the globals placed in the csect (a
	// variable's name, a function's entry point `.name`); private globals
	// have temporary labels that never reach the symbol table.
	labels []xcoffLabel
	// own is the global whose own csect this is (data sections), and rule
	// the rule that gave it one.
	own, rule string
	// emitted is set once something is emitted into the csect: only those
	// reach the object.
	emitted bool
}

// xcoffLabel is a label symbol and the rule that put it there.
type xcoffLabel struct{ sym, rule string }

// placement is where a symbol in this csect lands.
func (c *xcoffCsect) placement() Placement {
	return Placement{Name: c.name, Type: xcoffSectionType(c.key.class, c.common), Flags: c.key.class}
}

// xcoffState is one XCOFF prediction.
type xcoffState struct {
	p *predictor
	// csects are the csects asked for so far, in creation order; the
	// predefined ones join when first asked for (xcoffPredefined).
	csects  []*xcoffCsect
	stopped bool // llc ended (fatal error or crash)
}

func predictXCOFF(p *predictor) {
	x := &xcoffState{p: p, csects: make([]*xcoffCsect, 0, 4)}
	x.textCsect().emitted = true // always written, even without code

	// doInitialization: every variable's csect, then every function's.
	for _, g := range p.c.Globals {
		if !g.IsFunc() && !x.stopped {
			x.initGlobal(g)
		}
	}
	for _, g := range p.c.Globals {
		if g.IsFunc() && !x.stopped {
			x.initGlobal(g)
		}
	}
	// doFinalization: the variables are emitted in module order.
	for _, g := range p.c.Globals {
		if x.stopped {
			break
		}
		if g.IsFunc() || declForLinker(g) || x.metadataSkipped(g) {
			continue
		}
		if g.Comdat != "" {
			x.fatal("xcoff/comdat", p.msg("xcoff-comdat"))
		}
	}
	if !x.stopped {
		x.write()
	}
	x.observe()
}

// xcoffPredefined are the csects MCObjectFileInfo::initXCOFFMCObjectFileInfo
// creates before any global is seen, with their symbol policies. The
// default code csect (textCsect) is the first.
var xcoffPredefined = []struct {
	name, class string
	multi       bool
}{
	{".data", xmcRW, true},
	{".rodata", xmcRO, true},
	{".rodata.8", xmcRO, true},
	{".rodata.16", xmcRO, true},
	{".tdata", xmcTL, true},
	{"TOC", xmcTC, false},
	{".gcc_except_table", xmcRO, false},
	{".eh_info_table", xmcRW, false},
}

// lookup finds an existing csect, creating a predefined one on first use.
func (x *xcoffState) lookup(k xcoffCsectKey) *xcoffCsect {
	for _, c := range x.csects {
		if c.key == k {
			return c
		}
	}
	if k.name == x.textCsectKey() && k.class == xmcPR {
		c := x.create(k, true, false)
		if !x.p.feature("xcoff-text-csect-named-text") {
			c.name = ""
		}
		return c
	}
	for _, d := range xcoffPredefined {
		if d.name == k.name && d.class == k.class {
			return x.create(k, d.multi, false)
		}
	}
	return nil
}

// textCsect is the default code csect.
func (x *xcoffState) textCsect() *xcoffCsect {
	return x.lookup(xcoffCsectKey{x.textCsectKey(), xmcPR})
}

func (x *xcoffState) create(k xcoffCsectKey, multi, common bool) *xcoffCsect {
	c := &xcoffCsect{key: k, multi: multi, common: common, name: xcoffCString(k.name)}
	x.csects = append(x.csects, c)
	return c
}

// textCsectKey is the name the default code csect is keyed by.
func (x *xcoffState) textCsectKey() string {
	if x.p.feature("xcoff-text-csect-named-text") {
		return ".text"
	}
	return "..text.."
}

// metadataSkipped reports whether a variable in section "llvm.metadata" is
// left out of the object (doFinalization filters it since LLVM 22; the
// csect request in doInitialization happens regardless).
func (x *xcoffState) metadataSkipped(g Global) bool {
	return g.Section == "llvm.metadata" && !g.IsFunc() && !x.p.deviates("xcoff-emits-llvm-metadata")
}

// fatal ends llc with `LLVM ERROR:`. After an earlier `error:` the first
// diagnostic stays the error, and the abort makes the run a crash.
func (x *xcoffState) fatal(rule, diag string) { x.stop(Fatal, rule, diag) }

// crash ends llc with a signal and no `LLVM ERROR:` line.
func (x *xcoffState) crash(rule, diag string) { x.stop(Crash, rule, diag) }

func (x *xcoffState) stop(v Verdict, rule, diag string) {
	x.stopped = true
	if x.p.done && x.p.out.Verdict == Error {
		// llc reported an error, went on, and then stopped: an abort
		// makes the run fatal with the error still its first diagnostic;
		// a crash is named by its own frame (toolchain.Classify).
		x.p.out.Verdict = v
		if v == Crash {
			x.p.out.Diag, x.p.out.Rule = diag, rule
		}
		return
	}
	x.p.reject(v, rule, diag)
}

// initGlobal is setCsectAlignment for one global: pick its csect, which
// may fail, and record what the global puts into it.
func (x *xcoffState) initGlobal(g Global) {
	p := x.p
	if declForLinker(g) {
		p.note(g, "xcoff/declaration")
		return
	}
	kind := kindForGlobal(g, x.p.tr)
	if g.Section != "" {
		x.explicit(g, kind)
		return
	}
	if kind.isText() {
		// The default code csect; the entry point is a label in it.
		x.label(g, x.textCsect(), "xcoff/default-text-csect")
		return
	}
	name := g.Name
	if g.Linkage == Private {
		name = xcoffPrivatePrefix + g.Name
	}
	var (
		class, rule string
		common      bool
	)
	switch {
	case kind == skBSSLocal:
		class, rule, common = xmcBS, "xcoff/local-bss-csect", true
	case kind.isCommon():
		class, rule, common = xmcRW, "xcoff/common-csect", true
	case kind == skThreadBSSLocal:
		class, rule, common = xmcUL, "xcoff/local-tbss-csect", true
	case kind.isThreadBSS() && g.Linkage == Common:
		// A common thread-local is emitted as a common csect too
		// (found by FuzzModuleXCOFF).
		class, rule, common = xmcUL, "xcoff/common-tbss-csect", true
	case kind.isThreadLocal():
		class, rule = xmcTL, "xcoff/tdata-csect"
	case kind.isReadOnly():
		class, rule = xmcRO, "xcoff/data-sections-csect"
		if x.isMergeableCString(g) && p.deviates("xcoff-mergeable-cstring-csect") {
			// LLVM 14 names the csect after the string section:
			// .rodata.str<entry size>.<alignment><name>.
			name = ".rodata.str" + strconv.Itoa(xgStringEntrySize(g)) + "." + strconv.Itoa(max(g.Align, 1)) + name
			rule = "xcoff/mergeable-cstring-csect"
		}
	default: // data, BSS that is not local, read-only with relocations
		class, rule = xmcRW, "xcoff/data-sections-csect"
	}
	c := x.request(name, class, false, common)
	if c == nil {
		return
	}
	c.emitted = true
	p.note(g, rule)
	if name == g.Name {
		c.own, c.rule = g.Name, rule
	}
}

// explicit is getExplicitSectionGlobal: the class follows the kind; TLS and
// common globals have no class an explicit csect may take.
func (x *xcoffState) explicit(g Global, kind sectionKind) {
	p := x.p
	var class string
	switch {
	case kind.isText():
		class = xmcPR
	case kind.isData() || kind.isBSS() || kind.isReadOnlyWithRel():
		// Read-only data with relocations is XMC_RW unless
		// -mxcoff-roptr, which llc does not pass by default.
		class = xmcRW
	case kind.isReadOnly():
		class = xmcRO
	default: // thread-local data, common
		x.fatal("xcoff/explicit-section-kind", p.msg("xcoff-other-section-types"))
		return
	}
	c := x.request(g.Section, class, true, false)
	if c == nil {
		return
	}
	if x.metadataSkipped(g) {
		p.note(g, "xcoff/llvm-metadata")
		return
	}
	x.label(g, c, "xcoff/explicit-csect")
}

// label emits global g into csect c as a label.
func (x *xcoffState) label(g Global, c *xcoffCsect, rule string) {
	c.emitted = true
	x.p.note(g, rule)
	if g.Linkage == Private {
		// A temporary symbol (L..g, .L..g): the object shows no label.
		return
	}
	c.labels = append(c.labels, xcoffLabel{x.p.tr.ObjectSymbol(g), rule})
}

// request is MCContext::getXCOFFSection: an existing csect of the same name
// and class is reused if its symbol policy matches (a fatal error if not);
// a new csect's qualified name `name[XX]` becomes a symbol, and symbol
// names LLVM reserves for its own renaming are an error
// (MCContext::createXCOFFSymbolImpl). It returns nil when llc stops.
func (x *xcoffState) request(name, class string, multi, common bool) *xcoffCsect {
	k := xcoffCsectKey{name, class}
	if c := x.lookup(k); c != nil {
		if c.multi != multi {
			x.fatal("xcoff/csect-policy", x.p.msg("xcoff-multi-symbols-policy"))
			return nil
		}
		return c
	}
	if strings.HasPrefix(name, "_Renamed..") || strings.HasPrefix(name, "._Renamed..") {
		x.p.reject(Error, "xcoff/renamed-prefix", x.p.msg("xcoff-renamed-symbol"))
	}
	return x.create(k, multi, common)
}

// write is the object writer's turn; MCAssembler::layout crashes on a
// symbol that is referenced but belongs to no csect: a pointer to a
// variable that doFinalization left out (section "llvm.metadata"), or, in
// LLVM 14, an available_externally function. A writer that gives up on
// the format first (64-bit in LLVM 14) never gets there.
func (x *xcoffState) write() {
	if x.p.cannotWrite() {
		return
	}
	for _, g := range x.p.c.Globals {
		if g.IsFunc() && !g.Declaration && g.Linkage == AvailExtern && x.p.deviates("xcoff-available-externally-function-crash") {
			x.crash("xcoff/available-externally-function", x.p.msg("xcoff-crash-available-externally"))
			return
		}
	}
	skipped := map[string]bool{}
	for _, g := range x.p.c.Globals {
		if !g.IsFunc() && !declForLinker(g) && g.Section == "llvm.metadata" && x.p.inVersion("xcoff-llvm-metadata-reference-crash") {
			skipped[g.Name] = true
		}
	}
	for _, g := range x.p.c.Globals {
		if g.IsFunc() || declForLinker(g) || skipped[g.Name] || g.Init == nil || !initNeedsRelocation(*g.Init) {
			continue
		}
		if skipped[g.Init.Ref] && x.p.deviates("xcoff-llvm-metadata-reference-crash") {
			msg := "xcoff-crash-metadata-reference"
			if ref, ok := globalNamed(x.p.c.Globals, g.Init.Ref); ok && ref.Linkage == Private {
				// A private target is an undefined temporary: the
				// fixup's evaluation itself is where it crashes.
				msg = "xcoff-crash-metadata-reference-private"
			}
			x.crash("xcoff/llvm-metadata-reference", x.p.msg(msg))
			return
		}
	}
}

// observe finds each global in the predicted object the way sectfuzz reads
// it (object.readXCOFF, pipeline.Observe): by a label named after its
// symbol; failing that, by a csect without labels named after it, which is
// how a global with a csect of its own shows. Two label-less csects of one
// name can only differ in class; the symbol table lists the one whose
// section and csect group come first.
func (x *xcoffState) observe() {
	if x.p.out.Verdict != Accepted {
		return
	}
	for _, g := range x.p.c.Globals {
		if g.Declaration {
			// Observe never looks declarations up; an
			// available_externally global is looked up and found only
			// if some csect bears its name.
			continue
		}
		sym := x.p.tr.ObjectSymbol(g)
		var found *xcoffCsect
		rule := ""
		for _, c := range x.csects {
			if !c.emitted {
				continue
			}
			for _, l := range c.labels {
				if l.sym == sym && found == nil {
					found, rule = c, l.rule
				}
			}
		}
		if found == nil {
			for _, c := range x.csects {
				if !c.emitted || len(c.labels) > 0 || c.name != sym || c.key.class == xmcTC {
					continue
				}
				if c.key.class == xmcPR && !strings.HasPrefix(c.name, ".") {
					continue // only an entry point csect stands for a symbol
				}
				if found == nil || xcoffClassRank(c) < xcoffClassRank(found) {
					found, rule = c, c.rule
				}
			}
			if found != nil && found.own != g.Name {
				rule = "xcoff/csect-name"
			}
		}
		if found != nil {
			if found.key.class == xmcPR && found.key.name == x.textCsectKey() {
				x.p.feature("xcoff-text-csect-named-text")
			}
			x.p.place(g, rule, found.placement())
		}
	}
}

// xcoffClassRank orders csects as the object writer lays them out: .text
// (code, then read-only data), .data (data, then descriptors, then the
// TOC), .bss, .tdata, .tbss.
func xcoffClassRank(c *xcoffCsect) int {
	switch {
	case c.key.class == xmcPR:
		return 0
	case c.key.class == xmcRO:
		return 1
	case c.key.class == xmcRW && !c.common:
		return 2
	case c.key.class == xmcTC:
		return 4
	case c.key.class == xmcRW || c.key.class == xmcBS:
		return 5
	case c.key.class == xmcTL:
		return 6
	case c.key.class == xmcUL:
		return 7
	}
	return 3
}

// isMergeableCString reports whether getKindForGlobal makes g a mergeable
// C string: an unnamed_addr constant without relocations whose
// initializer is an array of 8-, 16- or 32-bit integers with a single NUL,
// at the end.
func (x *xcoffState) isMergeableCString(g Global) bool {
	if g.Kind != KindConst || g.UnnamedAddr != "unnamed_addr" {
		return false
	}
	in := g.Initializer()
	switch in.Form {
	case InitString:
		if in.Zero {
			return in.Len <= 1
		}
		return !strings.Contains(in.Bytes, "\x00")
	case InitArray:
		size := max(in.Size, 1)
		return (size == 1 || size == 2 || size == 4) && max(in.Len, 1) == 1 && initIsZero(in)
	}
	return false
}

// xgStringEntrySize is the element size of a C-string initializer.
func xgStringEntrySize(g Global) int {
	if in := g.Initializer(); in.Form == InitArray {
		return max(in.Size, 1)
	}
	return 1
}

// xcoffSectionType is the section the object writer files a csect of this
// class into.
func xcoffSectionType(class string, common bool) string {
	switch class {
	case xmcPR, xmcRO:
		return "STYP_TEXT"
	case xmcBS:
		return "STYP_BSS"
	case xmcTL:
		return "STYP_TDATA"
	case xmcUL:
		return "STYP_TBSS"
	case xmcRW:
		if common {
			return "STYP_BSS"
		}
	}
	return "STYP_DATA"
}

// xcoffCString is a name as a NUL-terminated string table (or a NUL-padded
// 8-byte field) stores it: cut at the first NUL.
func xcoffCString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}
