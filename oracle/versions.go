package oracle

import "fmt"

// This file is the one place where LLVM versions differ. Rule files ask
// p.deviates(id) or p.diag(id, ...) and never compare version numbers
// themselves, so supporting a new LLVM release means adding it to Versions
// and closing (To) the ranges of the deviations it fixed.

// Versions are the LLVM major versions sectfuzz models and tests.
var Versions = []int{14, 19, 22}

// DefaultVersion is the LLVM version used when none is given.
const DefaultVersion = 19

// KnownVersion reports whether v is one of Versions.
func KnownVersion(v int) bool {
	for _, k := range Versions {
		if k == v {
			return true
		}
	}
	return false
}

// span is an inclusive range of LLVM major versions; To == 0 means the
// behaviour is still present in the newest version sectfuzz knows.
type span struct{ From, To int }

func (s span) has(v int) bool { return v >= s.From && (s.To == 0 || v <= s.To) }

// Deviation is a behaviour of some LLVM versions that differs from the
// format's spec rules. Rules apply a deviation only for the versions in its
// span, and never in --spec mode.
type Deviation struct {
	// ID is the stable name rules and predictions use.
	ID     string
	Format Format
	span
	// Summary says in one line what LLVM does instead of the spec.
	Summary string
	// Upstream names the LLVM change or report behind it, where known.
	Upstream string
	// Finding is the reports/ signature that first recorded it, if any.
	Finding string
}

// deviations is every known deviation. Each format keeps its own block
// below, so that formats can be edited independently.
var deviations = concat(
	elfDeviations,
	machoDeviations,
	coffDeviations,
	wasmDeviations,
	xcoffDeviations,
	goffDeviations,
)

// ---- ELF deviations ----

var elfDeviations = []Deviation{}

// ---- Mach-O deviations ----

var machoDeviations = []Deviation{}

// ---- COFF deviations ----

// The COFF spec is LLVM 22's TargetLoweringObjectFileCOFF, MCObjectFileInfo
// and WinCOFFObjectWriter, minus its bugs; older versions differ in which
// section names are predefined and in what the writer accepts.
var coffDeviations = []Deviation{
	{ID: "coff-bss-contents-dropped", Format: COFF, span: span{14, 19},
		Summary:  "non-zero bytes and relocations in the BSS section (.bss) are silently dropped instead of rejected",
		Upstream: "MC's BSS content check became a reportError in the 2025 fragment rework (llvm/llvm-project#149721)"},
	{ID: "coff-bss-code-at-emission", Format: COFF, span: span{14, 19},
		Summary:  "a function placed in .bss is rejected while its instructions are emitted (\"cannot have instructions\"), before any data check",
		Upstream: "MCObjectStreamer::emitInstruction's virtual-section check, removed with the 2025 fragment rework (llvm/llvm-project#149721)"},
	{ID: "coff-bss-unchecked-aligned-fragments", Format: COFF, span: span{22, 0},
		Summary:  "bytes in .bss are checked only in MC fragments that did not end in an alignment: a non-zero global directly followed (no section switch between) by a global aligned above 1 is silently dropped; fixups are checked everywhere",
		Upstream: "MCAssembler::writeSectionData checks the contents of FT_Data fragments only; an alignment tail makes a fragment FT_Align (MC fragment rework, 2025)"},
	{ID: "coff-align-overflow", Format: COFF, span: span{19, 0},
		Summary:  "a section alignment above 8192 is encoded as (log2+1)<<20 and overflows into LNK_NRELOC_OVFL, MEM_DISCARDABLE, ... (WinCOFFObjectWriter's getAlignment reaches llvm_unreachable in a release build)",
		Upstream: "WinCOFFObjectWriter.cpp getAlignment: llvm_unreachable(\"unsupported section alignment\")"},
	{ID: "coff-align-4g-wraps", Format: COFF, span: span{14, 14},
		Summary:  "a 4 GiB section alignment wraps to IMAGE_SCN_ALIGN_1BYTES (MCSection::getAlignment returned unsigned)",
		Upstream: "MCSection alignment became llvm::Align in LLVM 15"},
	{ID: "coff-short-slash-name", Format: COFF, span: span{14, 0},
		Summary:  "a section name of at most 8 bytes that starts with '/' is stored verbatim, so readers take it for a string-table reference",
		Upstream: "WinCOFFObjectWriter::SetSectionName copies names of <= 8 bytes without escaping"},
	{ID: "coff-covmap-not-metadata", Format: COFF, span: span{14, 17},
		Summary:  ".lcovmap$M, .lcovfun$M, .lcovd and .lcovn are ordinary sections, not discardable metadata",
		Upstream: "llvm/llvm-project#76834 (LLVM 18)"},
	{ID: "coff-bitcode-not-metadata", Format: COFF, span: span{14, 21},
		Summary:  ".llvmbc and .llvmcmd are ordinary sections, not discardable metadata",
		Upstream: "llvm/llvm-project#150879 (LLVM 22)"},
	{ID: "coff-no-pseudo-probe-sections", Format: COFF, span: span{14, 20},
		Summary:  ".pseudo_probe and .pseudo_probe_desc are not predefined, so the first global decides their characteristics",
		Upstream: "llvm/llvm-project#123870 (pseudo probes for COFF, LLVM 21)"},
	{ID: "coff-no-dwo-list-sections", Format: COFF, span: span{14, 21},
		Summary:  ".debug_loclists.dwo and .debug_rnglists.dwo are not predefined COFF debug sections",
		Upstream: "llvm/llvm-project#157239 ([MC][COFF] Add missing sections for DWO, LLVM 22)"},
	{ID: "coff-no-import-call-sections", Format: COFF, span: span{14, 20},
		Summary:  ".impcall (AArch64) and .retplne (x86-64) are not predefined",
		Upstream: "llvm/llvm-project#121516 and #126631 (import call optimization, LLVM 21)"},
	{ID: "coff-cygwin-plain-comdat-names", Format: COFF, span: span{14, 20},
		Summary:  "Cygwin names the comdat section of a global without an explicit section plain .data/.rdata/..., not .data$sym as MinGW does",
		Upstream: "llvm/llvm-project#138621 ([Cygwin] Emit COMDAT name correctly, LLVM 21)"},
	{ID: "coff-x86-i128-align8", Format: COFF, span: span{14, 17},
		Summary:  "x86 data layouts align i128 (and wider integers) to 8 bytes, not 16",
		Upstream: "[X86] Align f128 and i128 to 16 bytes (a78a0f8d2043, LLVM 18)"},
}

// ---- Wasm deviations ----

var wasmDeviations = []Deviation{}

// ---- XCOFF deviations ----

var xcoffDeviations = []Deviation{}

// ---- GOFF deviations ----

var goffDeviations = []Deviation{}

// ---- end of deviations ----

// message is a diagnostic whose wording depends on the LLVM version. Text is
// a fmt format; its arguments are the rule's (section name, global, ...).
type message struct {
	ID string
	span
	Text string
	// Upstream names the LLVM change that introduced this wording.
	Upstream string
}

// messages holds every diagnostic whose wording depends on the version,
// one block per format.
var messages = concat(
	commonMessages,
	elfMessages,
	machoMessages,
	coffMessages,
	wasmMessages,
	xcoffMessages,
	goffMessages,
)

// ---- messages shared by several formats ----

var commonMessages = []message{}

// ---- ELF messages ----

var elfMessages = []message{}

// ---- Mach-O messages ----

var machoMessages = []message{}

// ---- COFF messages ----

var coffMessages = []message{
	{ID: "coff-bss-nonzero", span: span{14, 0}, Text: "error: BSS section '%s' cannot have non-zero bytes",
		Upstream: "MCAssembler::writeSectionData"},
	{ID: "coff-bss-fixups", span: span{14, 0}, Text: "error: BSS section '%s' cannot have fixups",
		Upstream: "MCAssembler::writeSectionData"},
	{ID: "coff-bss-code", span: span{14, 0}, Text: "error: IMAGE_SCN_CNT_UNINITIALIZED_DATA section '%s' cannot have instructions",
		Upstream: "MCObjectStreamer::emitInstruction (LLVM <= 19)"},
	{ID: "coff-comdat-missing", span: span{14, 0}, Text: "LLVM ERROR: Associative COMDAT symbol '%s' does not exist.",
		Upstream: "getComdatGVForCOFF"},
	{ID: "coff-comdat-not-key", span: span{14, 0}, Text: "LLVM ERROR: Associative COMDAT symbol '%s' is not a key for its COMDAT.",
		Upstream: "getComdatGVForCOFF"},
	{ID: "coff-comdat-sectionless", span: span{14, 0}, Text: "error: cannot make section %s associative with sectionless symbol %s",
		Upstream: "WinCOFFWriter::writeObject"},
	{ID: "coff-common-alignment", span: span{14, 0}, Text: "LLVM ERROR: alignment is limited to 32-bytes",
		Upstream: "MCWinCOFFStreamer::emitCommonSymbol (MSVC environment)"},
	{ID: "coff-arm-mode", span: span{14, 0}, Text: "error: Function '%s' uses ARM instructions, but the target does not support ARM mode execution.",
		Upstream: "ARMSubtarget: Windows on ARM is Thumb-only"},
	{ID: "coff-verifier-failed", span: span{14, 0}, Text: "error: '%s': input module cannot be verified",
		Upstream: "llc's module verification (the Verifier's own message goes to stderr without error:)"},
}

// ---- Wasm messages ----

var wasmMessages = []message{}

// ---- XCOFF messages ----

var xcoffMessages = []message{}

// ---- GOFF messages ----

var goffMessages = []message{}

// ---- end of messages ----

// support lists formats (or triples of a format) that a version cannot write
// at all; Predict answers Unsupported with Diag for them.
type support struct {
	Format Format
	// Only64 restricts the entry to 64-bit triples.
	Only64 bool
	span
	Diag     string
	Upstream string
}

var unsupported = []support{
	// ---- one entry per format and version range that cannot be written ----
}

// DeviationByID returns the deviation with the given id.
func DeviationByID(id string) (Deviation, bool) {
	for _, d := range deviations {
		if d.ID == id {
			return d, true
		}
	}
	return Deviation{}, false
}

// Deviations returns every known deviation (a copy).
func Deviations() []Deviation { return append([]Deviation(nil), deviations...) }

// deviationApplies reports whether deviation id is present in LLVM v.
// An unknown id is a programming error in a rule file.
func deviationApplies(id string, v int) bool {
	d, ok := DeviationByID(id)
	if !ok {
		panic(fmt.Sprintf("oracle: rule asks for unknown deviation %q", id))
	}
	return d.has(v)
}

// messageText formats diagnostic id as LLVM v words it.
func messageText(id string, v int, args ...any) string {
	for _, m := range messages {
		if m.ID == id && m.has(v) {
			return fmt.Sprintf(m.Text, args...)
		}
	}
	panic(fmt.Sprintf("oracle: no wording of message %q for LLVM %d", id, v))
}

func concat[T any](parts ...[]T) []T {
	var out []T
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
