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

var coffDeviations = []Deviation{}

// ---- Wasm deviations ----

var wasmDeviations = []Deviation{}

// ---- XCOFF deviations ----

var xcoffDeviations = []Deviation{
	{
		ID: "xcoff-text-csect-named-text", Format: XCOFF, span: span{To: 14},
		Summary: "the default code csect is keyed and named `.text` in the symbol table; " +
			"later versions key it `..text..` and write an empty name, so a function " +
			"without a section (or with section `..text..`) lands in a csect named \"\"",
		Upstream: "empty name before LLVM 19; keyed `..text..` by llvm PR #73052 (boundary between 14 and 19 not probed)",
	},
	{
		ID: "xcoff-mergeable-cstring-csect", Format: XCOFF, span: span{To: 14},
		Summary: "an unnamed_addr constant C string without a section gets a csect named " +
			".rodata.str<size>.<align><name>, and that is its symbol: the global's own name is " +
			"not in the object; later versions name the csect after the global",
		Upstream: "TargetLoweringObjectFileXCOFF::SelectSectionForGlobal's mergeable-string case, removed after 14 (not bisected)",
	},
	{
		ID: "xcoff-available-externally-function-crash", Format: XCOFF, span: span{To: 14},
		Summary: "an available_externally function definition crashes llc (segfault in " +
			"MCAssembler::layout) when writing a 32-bit object; other formats drop the body",
		Upstream: "fixed after 14 (not bisected)",
	},
	{
		ID: "xcoff-emits-llvm-metadata", Format: XCOFF, span: span{To: 21},
		Summary: "a variable in section \"llvm.metadata\" is emitted into a csect of that " +
			"name, where every other format leaves it out of the object",
		Upstream: "filtered by llvm PR #165620 (Filter out unemitted metadata before assertion in AIXAsmPrinter), LLVM 22",
	},
	{
		ID: "xcoff-llvm-metadata-reference-crash", Format: XCOFF, span: span{From: 22},
		Summary: "a variable whose initializer points at a variable in section \"llvm.metadata\" " +
			"crashes llc (segfault in MCAssembler::layout): since the metadata variable is no longer " +
			"emitted its symbol has no csect, and no external reference is made for it",
		Upstream: "side effect of llvm PR #165620; not reported upstream yet",
	},
}

// ---- GOFF deviations ----

var goffDeviations = []Deviation{
	{
		ID: "goff-writer-no-symbols", Format: GOFF, span: span{From: 17, To: 20},
		Summary: "the GOFF object writer writes only the module header and end records: " +
			"no ESD record, so no global reaches a symbol in the object",
		Upstream: "HDR/END-only writer from llvm commit 3adc2a0b84d0; ESD records from llvm PR #133799 " +
			"([GOFF] Add writing of section symbols, LLVM 21); only 19 is probed",
	},
	{
		ID: "goff-private-part-reference-crash", Format: GOFF, span: span{From: 21},
		Summary: "a reference to a private variable that gets a part of its own (writable data, BSS) " +
			"crashes llc (segfault in GOFFObjectWriter::writeObject): the private symbol is temporary " +
			"and has no ESD record for the relocation to name",
		Upstream: "found by sectfuzz with LLVM 22; not reported upstream yet; 21 not probed",
	},
}

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

var coffMessages = []message{}

// ---- Wasm messages ----

var wasmMessages = []message{}

// ---- XCOFF messages ----

var xcoffMessages = []message{
	{ID: "xcoff-other-section-types", Text: "LLVM ERROR: XCOFF other section types not yet implemented."},
	{ID: "xcoff-multi-symbols-policy", Text: "LLVM ERROR: section's multiply symbols policy does not match"},
	{ID: "xcoff-renamed-symbol", Text: "error: invalid symbol name from source"},
	{ID: "xcoff-comdat", Text: "LLVM ERROR: COMDAT not yet supported by AIX."},
	// The first line llc prints when it crashes (toolchain's crash line).
	{ID: "xcoff-crash-banner", span: span{To: 19}, Text: "PLEASE submit a bug report to https://github.com/llvm/llvm-project/issues/ and include the crash backtrace."},
	{ID: "xcoff-crash-banner", span: span{From: 20}, Text: "PLEASE submit a bug report to https://github.com/llvm/llvm-project/issues/ and include the crash backtrace and instructions to reproduce the bug."},
}

// ---- GOFF messages ----

var goffMessages = []message{
	// The first line llc prints when it crashes (toolchain's crash line).
	{ID: "goff-crash-banner", span: span{To: 19}, Text: "PLEASE submit a bug report to https://github.com/llvm/llvm-project/issues/ and include the crash backtrace."},
	{ID: "goff-crash-banner", span: span{From: 20}, Text: "PLEASE submit a bug report to https://github.com/llvm/llvm-project/issues/ and include the crash backtrace and instructions to reproduce the bug."},
}

// ---- end of messages ----

// support lists formats (or triples of a format) that a version cannot write
// at all; Predict answers Unsupported with Diag for them.
type support struct {
	Format Format
	// Only64 restricts the entry to 64-bit triples.
	Only64 bool
	// AtWrite is set when only the object writer fails: code generation
	// runs first, and its own fatal errors are reported instead.
	AtWrite bool
	span
	Diag     string
	Upstream string
}

var unsupported = []support{
	// ---- one entry per format and version range that cannot be written ----
	{
		Format: XCOFF, Only64: true, AtWrite: true, span: span{To: 14},
		Diag:     "LLVM ERROR: 64-bit XCOFF object files are not supported yet.",
		Upstream: "XCOFFObjectWriter gained 64-bit output after LLVM 14",
	},
	{
		Format: GOFF, span: span{To: 16},
		Diag:     "LLVM ERROR: GOFF MCObjectStreamer not implemented yet",
		Upstream: "GOFF streamer and writer added in LLVM 17 (llvm commit 3adc2a0b84d0)",
	},
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
