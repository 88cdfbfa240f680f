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
//
// An entry with Feature set is not a deviation but a rule LLVM gained (or
// lost) in some version, such as a new section type for a new name: it
// belongs to the spec of the versions in its span, so it applies in --spec
// mode too.
type Deviation struct {
	// ID is the stable name rules and predictions use.
	ID     string
	Format Format
	span
	// Feature marks an intended, version-dependent rule (see above).
	Feature bool
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
	commonDeviations,
	elfDeviations,
	machoDeviations,
	coffDeviations,
	wasmDeviations,
	xcoffDeviations,
	goffDeviations,
	clangDeviations,
)

// ---- deviations shared by several formats (MC, AsmPrinter) ----

var commonDeviations = []Deviation{
	{ID: "mc-virtual-fragment-check", span: span{22, 0}, Feature: true,
		Summary:  "a virtual section is checked fragment by fragment, a fragment's non-zero bytes before its fixups, one error per section; an alignment directive ends the open fragment and changing back to a section starts a new one",
		Upstream: "MCAssembler::writeSectionData BSS checks and the MCFragment rework, LLVM 21-22 (found by the agreement benchmark)"},
	{ID: "mc-virtual-aligned-bytes-unchecked", span: span{22, 0},
		Summary:  "non-zero bytes in a virtual section (.bss, zerofill) are silently dropped when the next thing emitted into the section, with no section change between, is an alignment directive (a global aligned above 1, .lcomm, .zerofill, a function): makeAlign turns their fragment into an FT_Align fragment, whose bytes writeSectionData does not look at",
		Upstream: "MCAssembler::writeSectionData checks the contents of FT_Data/FT_Relaxable fragments only, while MCObjectStreamer::emitValueToAlignment (F->makeAlign) leaves the bytes emitted before it in the FT_Align fragment (LLVM 21 fragment rework; found by FuzzModuleCOFF and the agreement benchmark)"},
	{ID: "mc-virtual-fill-unchecked", span: span{14, 19},
		Summary:  "non-zero bytes emitted as a fill (an array of one repeated byte, `.zero N,B`) into a virtual section (.bss, zerofill) are silently dropped: only an assertion checks fills",
		Upstream: "MCAssembler::writeSectionData: FT_Fill in a virtual section was an assert until the BSS checks of LLVM 20 (found by FuzzModuleELF)",
		Finding:  "reports/elf-verdict-e379956bf5"},
	{ID: "mc-instructions-checked-at-emission", span: span{14, 19}, Feature: true,
		Summary:  "MC rejects instructions in a virtual section when they are emitted, before any data check (LLVM 22 checks them with the data, when writing)",
		Upstream: "MCAssembler/MCObjectStreamer rework of virtual-section checks, LLVM 20"},
}

// ---- ELF deviations ----

var elfDeviations = []Deviation{
	{ID: "elf-got-equivalents-last", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  "x86-64 and AArch64 ELF support GOT-relative references (supportIndirectSymViaGOTPCRel): AsmPrinter emits GOT-equivalent candidates (unnamed_addr constants holding another global's address, pointed to by a global) after every other variable",
		Upstream: "X86_64ELFTargetObjectFile/AArch64_ELFTargetObjectFile set SupportIndirectSymViaGOTPCRel after LLVM 14 (not bisected; found by the agreement benchmark)"},
	{ID: "elf-redefined-section-symbol-size-abort", Format: ELF, span: span{22, 0},
		Summary:  "after \"invalid symbol redefinition\" for a section named like a function emitted before it, LLVM aborts with \"Size expression must be absolute.\" instead of going on, when the section holds a function (its call frame information), a variable points at the function, or a variable points at a local variable in that section (relocated against the section's symbol)",
		Upstream: "getOrCreateSectionSymbol makes a second symbol of that name; the ELF writer cannot evaluate the earlier function's .size (LLVM 22, not bisected; found by the agreement benchmark)",
		Finding:  "reports/elf-verdict-625e349e7c"},
	{ID: "elf-x86-64-large-sections", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  "x86-64: globals in .ldata/.lbss/.lrodata and functions in .ltext get SHF_X86_64_LARGE (none in 14)",
		Upstream: "TargetMachine::isLargeGlobalValue, LLVM 18 (llvm/llvm-project#70748 and follow-ups)"},
	{ID: "elf-llvm-offloading-type", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  ".llvm.offloading sections are SHT_LLVM_OFFLOADING (PROGBITS in 14)",
		Upstream: "getELFSectionType, LLVM 15 (D122683)"},
	{ID: "elf-llvm-lto-type", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  "a section named exactly .llvm.lto is SHT_LLVM_LTO (PROGBITS in 14)",
		Upstream: "getELFSectionType, LLVM 17 (fat LTO objects)"},
	{ID: "elf-covdata-metadata", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  "__llvm_covdata and __llvm_covnames are metadata (not SHF_ALLOC), like __llvm_covmap",
		Upstream: "getELFKindForNamedSection, LLVM 18 (single-byte coverage)"},
	{ID: "elf-sframe-section", Format: ELF, span: span{22, 0}, Feature: true,
		Summary:  "MCObjectFileInfo predefines .sframe (SHT_GNU_SFRAME): a read-only global in .sframe takes that type",
		Upstream: "MCObjectFileInfo::initELFMCObjectFileInfo, LLVM 21 (SFrame support)"},
	{ID: "elf-riscv-small-data", Format: ELF, span: span{14, 19}, Feature: true,
		Summary:  "RISC-V: a variable of 1 to 8 bytes without a section goes to .sdata or .sbss (llc's small-data limit is 8; 0 in 22 unless the module has a SmallDataLimit flag)",
		Upstream: "RISCVTargetObjectFile SSThreshold: the riscv-ssection-threshold option (default 8) gave way to a default of 0 after clang made -msmall-data-limit=0 its default (llvm/llvm-project#83093); not bisected"},
	{ID: "elf-emulated-tls-android-below-29", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  "Android lowers thread-locals to emulated TLS (__emutls_v.*, the section string dropped) only below API level 29; LLVM 14 does it for every Android",
		Upstream: "Triple::hasDefaultEmulatedTLS, LLVM 17 (D147849)"},
	{ID: "elf-emulated-tls-ohos", Format: ELF, span: span{19, 0}, Feature: true,
		Summary:  "OpenHarmony (-ohos) lowers thread-locals to emulated TLS",
		Upstream: "Triple::hasDefaultEmulatedTLS, LLVM 17 (isOHOSFamily)"},
	{ID: "elf-retain-used", Format: ELF, span: span{14, 0}, Feature: true,
		Summary:  "a global in @llvm.used gets SHF_GNU_RETAIN and a section of its own",
		Upstream: "LLVM 13 (D97448)"},
	{ID: "elf-nul-truncates-name", Format: ELF, span: span{14, 0},
		Summary: "a NUL in a section name silently cuts it in the object; distinct strings can become sections of one name",
		Finding: "reports/elf-name-f7b0d9d087",
	},
	{ID: "elf-user-symtab-drops-symbols", Format: ELF, span: span{14, 0},
		Summary: "a user section named .symtab replaces the writer's symbol table: the object has no SHT_SYMTAB and every symbol is lost, silently",
		Finding: "reports/elf-name-c024abb373",
	},
	{ID: "elf-user-strtab-corrupts-object", Format: ELF, span: span{14, 0},
		Summary: "a user section named .strtab becomes the writer's string table with type SHT_PROGBITS: the object is corrupt (llvm-readobj cannot read its symbols), silently",
		Finding: "reports/elf-crash-4a4b2a8813",
	},
}

// ---- Mach-O deviations ----

var machoDeviations = []Deviation{
	{ID: "macho-zerofill-type-unknown", Format: MachO, span: span{14, 14},
		Summary:  "the type name zerofill is unknown in a section specifier (S_ZEROFILL had no assembler name in SectionTypeDescriptors)",
		Upstream: "MCSectionMachO.cpp SectionTypeDescriptors, fixed in LLVM 15-19",
		Finding:  "reports/macho-verdict-d32343b9a3",
	},
	{ID: "macho-empty-segment-accepted", Format: MachO, span: span{14, 0},
		Summary: "',__foo' (an empty segment) is accepted although the diagnostic says a segment is required; the assembly it prints does not reassemble",
		Finding: "reports/macho-verdict-91e6cd52b2",
	},
	{ID: "macho-long-segment-truncated", Format: MachO, span: span{14, 0},
		Summary: "a segment name over 16 bytes is silently cut to 16 (only the section name is checked)",
		Finding: "reports/macho-segment-6b76824fca",
	},
	{ID: "macho-nul-truncates-name", Format: MachO, span: span{14, 0},
		Summary: "a NUL in the segment or section name silently cuts the name in the object",
		Finding: "reports/macho-segment-3e22bf4a1b",
	},
	{ID: "macho-empty-type-drops-attributes", Format: MachO, span: span{14, 0},
		Summary: "with an empty type field (__DATA,__foo,,no_dead_strip) the attributes are silently dropped",
		Finding: "reports/macho-flags-9f2803f17a",
	},
	{ID: "macho-blank-attribute-is-some-instructions", Format: MachO, span: span{14, 0},
		Summary: "an attribute that is only whitespace (a+ +b) matches an unnamed descriptor and sets S_ATTR_SOME_INSTRUCTIONS"},
	{ID: "macho-stub-size-check-ignores-attributes", Format: MachO, span: span{14, 0},
		Summary: "symbol_stubs with attributes but no stub size is accepted: the check compares the whole type-and-attributes word with S_SYMBOL_STUBS"},
}

// ---- COFF deviations ----

// The COFF spec is LLVM 22's TargetLoweringObjectFileCOFF, MCObjectFileInfo
// and WinCOFFObjectWriter, minus its bugs; older versions differ in which
// section names are predefined and in what the writer accepts.
var coffDeviations = []Deviation{
	{ID: "coff-common-taken-by-section", Format: COFF, span: span{19, 0},
		Summary:  "a common symbol followed by a section of the same name becomes that section's symbol: the common global silently turns into the section's start",
		Upstream: "MCContext::getCOFFSection reuses an existing symbol of the section's name as its begin symbol (found by FuzzModuleCOFF)",
		Finding:  "reports/coff-name-5f57eeeded"},
	{ID: "coff-section-symbol", Format: COFF, span: span{19, 0}, Feature: true,
		Summary:  "a section's begin symbol is named after the section (a temporary in 14), so a section named like a global's symbol collides with it; for a COMDAT section the error is followed by an abort (two sections have the same comdat)",
		Upstream: "MCContext::getCOFFSection names the begin symbol after the section since LLVM 15-19 (found by FuzzDiffELF/COFF)"},
	{ID: "coff-bss-contents-dropped", Format: COFF, span: span{14, 19},
		Summary:  "non-zero bytes and relocations in the BSS section (.bss) are silently dropped instead of rejected",
		Upstream: "MC's BSS content check became a reportError in the 2025 fragment rework (llvm/llvm-project#149721)",
		Finding:  "reports/coff-verdict-e8cf6308e2",
	},
	{ID: "coff-bss-code-at-emission", Format: COFF, span: span{14, 19},
		Summary:  "a function placed in .bss is rejected while its instructions are emitted (\"cannot have instructions\"), before any data check",
		Upstream: "MCObjectStreamer::emitInstruction's virtual-section check, removed with the 2025 fragment rework (llvm/llvm-project#149721)",
		Finding:  "reports/coff-diagnostic-78ef8e855e",
	},
	{ID: "coff-align-overflow", Format: COFF, span: span{19, 0},
		Summary:  "a section alignment above 8192 is encoded as (log2+1)<<20 and overflows into LNK_NRELOC_OVFL, MEM_DISCARDABLE, ... (WinCOFFObjectWriter's getAlignment reaches llvm_unreachable in a release build)",
		Upstream: "WinCOFFObjectWriter.cpp getAlignment: llvm_unreachable(\"unsupported section alignment\")"},
	{ID: "coff-align-4g-wraps", Format: COFF, span: span{14, 14},
		Summary:  "a 4 GiB section alignment wraps to IMAGE_SCN_ALIGN_1BYTES (MCSection::getAlignment returned unsigned)",
		Upstream: "MCSection alignment became llvm::Align in LLVM 15"},
	{ID: "coff-short-slash-name", Format: COFF, span: span{14, 0},
		Summary:  "a section name of at most 8 bytes that starts with '/' is stored verbatim, so readers take it for a string-table reference",
		Upstream: "WinCOFFObjectWriter::SetSectionName copies names of <= 8 bytes without escaping",
		Finding:  "reports/coff-name-f58115d13b",
	},
	{ID: "coff-covmap-not-metadata", Format: COFF, span: span{14, 17},
		Summary:  ".lcovmap$M, .lcovfun$M, .lcovd and .lcovn are ordinary sections, not discardable metadata",
		Upstream: "llvm/llvm-project#76834 (LLVM 18)",
		Finding:  "reports/coff-type-03e830addb",
	},
	{ID: "coff-bitcode-not-metadata", Format: COFF, span: span{14, 21},
		Summary:  ".llvmbc and .llvmcmd are ordinary sections, not discardable metadata",
		Upstream: "llvm/llvm-project#150879 (LLVM 22)",
		Finding:  "reports/coff-type-dbd86c3699",
	},
	{ID: "coff-no-pseudo-probe-sections", Format: COFF, span: span{14, 20},
		Summary:  ".pseudo_probe and .pseudo_probe_desc are not predefined, so the first global decides their characteristics",
		Upstream: "llvm/llvm-project#123870 (pseudo probes for COFF, LLVM 21)",
		Finding:  "reports/coff-flags-a119b1152c",
	},
	{ID: "coff-no-dwo-list-sections", Format: COFF, span: span{14, 21},
		Summary:  ".debug_loclists.dwo and .debug_rnglists.dwo are not predefined COFF debug sections",
		Upstream: "llvm/llvm-project#157239 ([MC][COFF] Add missing sections for DWO, LLVM 22)",
		Finding:  "reports/coff-flags-f38a4a0c82",
	},
	{ID: "coff-no-import-call-sections", Format: COFF, span: span{14, 20},
		Summary:  ".impcall (AArch64) and .retplne (x86-64) are not predefined",
		Upstream: "llvm/llvm-project#121516 and #126631 (import call optimization, LLVM 21)",
		Finding:  "reports/coff-type-beaa36a1b0",
	},
	{ID: "coff-cygwin-plain-comdat-names", Format: COFF, span: span{14, 20},
		Summary:  "Cygwin names the comdat section of a global without an explicit section plain .data/.rdata/..., not .data$sym as MinGW does",
		Upstream: "llvm/llvm-project#138621 ([Cygwin] Emit COMDAT name correctly, LLVM 21)"},
	{ID: "coff-x86-i128-align8", Format: COFF, span: span{14, 17},
		Summary:  "x86 data layouts align i128 (and wider integers) to 8 bytes, not 16",
		Upstream: "[X86] Align f128 and i128 to 16 bytes (a78a0f8d2043, LLVM 18)"},
}

// ---- Wasm deviations ----

var wasmDeviations = []Deviation{
	{
		ID: "wasm-no-retain-flag", Format: Wasm, span: span{14, 14},
		Summary:  "a global in @llvm.used gives its data segment no RETAIN flag (WASM_SEG_FLAG_RETAIN is not in LLVM 14's BinaryFormat/Wasm.h)",
		Upstream: "WASM_SEG_FLAG_RETAIN, added in LLVM 15",
	},
	{
		ID: "wasm-init-array-not-a-segment", Format: Wasm, span: span{14, 18},
		Summary:  "WasmObjectWriter never makes .init_array* sections data segments: their data symbols keep segment index 0, another segment's, or none at all (an object llvm-readobj and wasm-ld refuse)",
		Upstream: "llvm/llvm-project#119127 (Debian's 19.1.7 carries it)",
		Finding:  "reports/wasm-crash-02d5d794bd",
	},
	{
		ID: "wasm-init-array-three-fragments", Format: Wasm, span: span{14, 18},
		Summary:  ".init_array* must be exactly an empty fragment, a pointer-sized alignment and one data fragment: one global of pointer alignment, nothing else",
		Upstream: "llvm/llvm-project#111008",
	},
	{
		ID: "wasm-init-array-fragment-pairs", Format: Wasm, span: span{19, 20},
		Summary:  ".init_array* is checked as pairs of a pointer-sized alignment and a data fragment after the first fragment, which is never checked (a byte-aligned global there escapes every check, priority included)",
		Upstream: "llvm/llvm-project#111008; replaced by the MCFragment rework of LLVM 21",
		Finding:  "reports/wasm-diagnostic-050bcb6087",
	},
	{
		ID: "wasm-init-array-data-unchecked", Format: Wasm, span: span{21, 0},
		Summary:  "non-zero bytes in .init_array* are only an assertion, gone from release builds: the data is accepted and kept in a data segment",
		Upstream: "WasmObjectWriter.cpp: assert(all_of(Frag->getContents(), ...)) after the MCFragment rework",
		Finding:  "reports/wasm-verdict-7d1c8cc9ff",
	},
	{
		ID: "wasm-covmap-is-data", Format: Wasm, span: span{14, 19},
		Summary:  "__llvm_covmap and __llvm_covfun are ordinary data segments, not custom sections",
		Upstream: "llvm/llvm-project#111332 (coverage for WebAssembly), LLVM 20",
		Finding:  "reports/wasm-verdict-ac001606ca",
	},
	{
		ID: "wasm-struct-field-fill", Format: Wasm, span: span{14, 14},
		Summary:  "each struct field's padding, even of zero bytes, becomes a fill fragment, which the .init_array fragment check then refuses",
		Upstream: "MCStreamer::emitFill skips zero sizes in later releases (22 observed; 19's is hidden behind the non-symbolic-data check)",
	},
	{
		ID: "wasm-section-symbol-takes-name", Format: Wasm, span: span{14, 0},
		Summary: "a section's begin symbol is named after the section plus the first unused number (section \"g\" after @g0 is g1), " +
			"taking that name from a global emitted later: defining it is \"symbol 'g1' is already defined\", " +
			"a pointer to it crashes the object writer, and (LLVM 14) a declared function of that name is a function without a size",
		Upstream: "MCContext::getWasmSection: createRenamableSymbol(CachedName, /*AlwaysAddSuffix=*/true) shares the global symbol namespace (see llvm/llvm-project#48596; found by the agreement benchmark)",
		Finding:  "reports/wasm-verdict-57779307b7",
	},
	{
		ID: "wasm-section-symbol-reloc-crash-at-layout", Format: Wasm, span: span{14, 14},
		Summary:  "wasm32: the crash on a relocation against a section symbol whose name a global took comes as the relocation is recorded (layout), before the writer's .init_array checks; later, and on wasm64, it comes when the sections are written, after them",
		Upstream: "WasmObjectWriter::recordRelocation (not bisected; found by the agreement benchmark)",
	},
	{
		ID: "wasm-function-decls-at-end", Format: Wasm, span: span{To: 14}, Feature: true,
		Summary:  "in a module with no function to emit, declared functions get their symbols at the end (emitDecls), after every section: a section's begin symbol can take their names (with a function, emitDecls runs before its constant pool, first)",
		Upstream: "WebAssemblyAsmPrinter declares functions before emitting anything in later versions (not bisected)",
	},
	{
		ID: "wasm-comdat-key-section-symbol", Format: Wasm, span: span{22, 0},
		Summary:  "a variable that is the key of its own comdat, in a custom section (.llvmbc, .llvmcmd, __llvm_covmap/covfun), becomes the comdat's section symbol: instead of \"data symbols must live in a data section\" it is silently dropped from the symbol table",
		Upstream: "MCContext::getWasmSection: \"Comdat group symbol associated with a custom section is a section symbol\" (between LLVM 19 and 22, not bisected; found by the agreement benchmark)",
		Finding:  "reports/wasm-verdict-14e04a9919",
	},
	{
		ID: "wasm-i128-align-8", Format: Wasm, span: span{14, 19},
		Summary:  "the Wasm data layout has no i128:128, so integers wider than 64 bits are 8-byte aligned (seen by the .init_array alignment check)",
		Upstream: "WebAssembly data layout gained i128:128 in LLVM 20",
	},
}

// ---- XCOFF deviations ----

var xcoffDeviations = []Deviation{
	{
		ID: "xcoff-text-csect-named-text", Format: XCOFF, span: span{To: 14}, Feature: true,
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
		Finding:  "reports/xcoff-name-28ffb79617",
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
		Finding: "reports/goff-name-d6fa8cdc57",
	},
	{
		ID: "goff-private-part-reference-crash", Format: GOFF, span: span{From: 21},
		Summary: "a reference to a private variable that gets a part of its own (writable data, BSS) " +
			"crashes llc (segfault in GOFFObjectWriter::writeObject): the private symbol is temporary " +
			"and has no ESD record for the relocation to name",
		Upstream: "found by sectfuzz with LLVM 22; not reported upstream yet; 21 not probed",
	},
}

// ---- clang front-end rules (clang.go) ----

var clangDeviations = []Deviation{
	{ID: "clang-unevaluated-section-string", span: span{18, 0}, Feature: true,
		Summary:  "the argument of __attribute__((section)) is an unevaluated string literal: numeric escapes are errors (clang 14 took them)",
		Upstream: "clang 18, P2361 unevaluated strings (D105759)"},
	{ID: "clang-zos-no-tls", span: span{19, 0}, Feature: true,
		Summary:  "z/OS targets have no TLS in clang: _Thread_local is a Sema error (clang 14 let it through to the backend, which cannot write GOFF anyway)",
		Upstream: "clang SystemZTargetInfo for z/OS, TLSSupported = false (observed: 14 accepts, 19 and 22 reject)"},
	{ID: "clang-pragma-text-implicit-section-name", span: span{14, 14}, Feature: true,
		Summary:  "CodeGen gives `#pragma clang section text=` to a function as the attribute \"implicit-section-name\", not as its section (later clangs call setSection)",
		Upstream: "clang CodeGenModule::setNonAliasAttributes, changed between 14 and 19 (observed with clang-14 -emit-llvm)"},
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
	clangMessages,
)

// ---- messages shared by several formats ----

var commonMessages = []message{
	// MCAssembler::writeSectionData on a section that occupies no file
	// space (ELF SHT_NOBITS, Mach-O zerofill, COFF uninitialized data).
	// The first argument is the format's word for such a section.
	{ID: "virtual-section-data", span: span{14, 19}, Text: "error: %s section '%s' cannot have non-zero initializers"},
	{ID: "virtual-section-data", span: span{22, 0}, Text: "error: BSS section '%[2]s' cannot have non-zero bytes",
		Upstream: "MCAssembler: one diagnostic for every BSS-like section, LLVM 20"},
	{ID: "virtual-section-fixups", span: span{14, 19}, Text: "error: %s section '%s' cannot have fixups"},
	{ID: "virtual-section-fixups", span: span{22, 0}, Text: "error: BSS section '%[2]s' cannot have fixups"},
	{ID: "verifier-failed", span: span{14, 0}, Text: "error: '%s': input module cannot be verified",
		Upstream: "llc's module verification (the Verifier's own message goes to stderr without error:)"},
	// llc's TargetRegistry::lookupTarget for an architecture the build
	// does not have; the argument is the normalized triple.
	{ID: "no-target", span: span{14, 14}, Text: "error: : error: unable to get target for '%s', see --version and --triple."},
	{ID: "no-target", span: span{15, 0}, Text: "error: unable to get target for '%s', see --version and --triple."},
	{ID: "virtual-section-code", span: span{14, 19}, Text: "error: %s section '%s' cannot have instructions"},
	{ID: "virtual-section-code", span: span{22, 0}, Text: "error: BSS section '%[2]s' cannot have non-zero bytes",
		Upstream: "MCAssembler: one diagnostic for every BSS-like section, LLVM 20"},
}

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
}

// ---- Wasm messages ----

var wasmMessages = []message{
	// A crash, named as toolchain.Classify names it (LLVM 14 prints
	// mangled names).
	{ID: "wasm-crash-section-symbol-reloc", span: span{To: 14}, Text: "crash in _ZN4llvm11MCAssembler6FinishEv"},
	{ID: "wasm-crash-section-symbol-reloc", span: span{From: 15}, Text: "crash in llvm::MCAssembler::Finish()"},
}

// ---- XCOFF messages ----

var xcoffMessages = []message{
	{ID: "xcoff-other-section-types", Text: "LLVM ERROR: XCOFF other section types not yet implemented."},
	{ID: "xcoff-multi-symbols-policy", Text: "LLVM ERROR: section's multiply symbols policy does not match"},
	{ID: "xcoff-renamed-symbol", Text: "error: invalid symbol name from source"},
	{ID: "xcoff-comdat", Text: "LLVM ERROR: COMDAT not yet supported by AIX."},
	// Crashes, named as toolchain.Classify names them: the first function
	// of the stack dump (LLVM 14 prints mangled names).
	{ID: "xcoff-crash-available-externally", span: span{To: 14}, Text: "crash in _ZN4llvm11MCAssembler6layoutERNS_11MCAsmLayoutE"},
	{ID: "xcoff-crash-metadata-reference", span: span{From: 20}, Text: "crash in llvm::MCAssembler::layout()"},
	{ID: "xcoff-crash-metadata-reference-private", span: span{From: 20}, Text: "crash in llvm::MCAssembler::evaluateFixup(llvm::MCFragment const&, llvm::MCFixup&, llvm::MCValue&, unsigned long&, bool, unsigned char*) const"},
}

// ---- GOFF messages ----

var goffMessages = []message{
	// A crash, named as toolchain.Classify names it.
	{ID: "goff-crash-private-part", span: span{From: 20}, Text: "crash in llvm::GOFFObjectWriter::writeObject()"},
}

// ---- clang front-end messages (clang.go) ----

// Sema's own diagnostics (DiagnosticSemaKinds.td:
// err_attribute_section_invalid_for_target,
// err_pragma_section_invalid_for_target, err_section_conflict), the same
// wording in clang 14, 19 and 22.
var clangMessages = []message{
	{ID: "clang-section-invalid", span: span{14, 0}, Text: "error: argument to 'section' attribute is not valid for this target: %s"},
	{ID: "clang-pragma-invalid", span: span{14, 0}, Text: "error: argument to #pragma section is not valid for this target: %s"},
	{ID: "clang-section-conflict", span: span{14, 0}, Text: "error: '%s' causes a section type conflict with '%s'"},
	{ID: "clang-pragma-conflict", span: span{14, 0}, Text: "error: this causes a section type conflict with a prior #pragma section"},
	{ID: "clang-tls-unsupported", span: span{14, 0}, Text: "error: thread-local storage is not supported for the current target"},
	{ID: "clang-unevaluated-escape", span: span{18, 0}, Text: "error: invalid escape sequence '%s' in an unevaluated string literal"},
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

// osSince lists OS names the triple parser of older versions does not
// know (or does not count as Darwin): before From, the OS is unknown and
// the object format falls back to ELF.
var osSince = []struct {
	OS       string
	From     int
	Upstream string
}{
	{"driverkit", 15, "Triple::isOSDarwin counts DriverKit after LLVM 14 (not bisected)"},
	{"xros", 18, "Triple::XROS (visionOS), LLVM 18"},
	{"visionos", 18, "Triple::XROS (visionOS), LLVM 18"},
	{"uefi", 19, "Triple::UEFI, whose default format is COFF, LLVM 19"},
	{"bridgeos", 21, "Triple::BridgeOS, LLVM 21 (not bisected)"},
}

// missingTarget lists architectures whose backend an llc of some versions
// does not have (Debian builds every target LLVM has, experimental ones
// included). llc stops before reading the module: every case is
// unsupported, whatever its sections.
type missingTarget struct {
	Arches []string
	span
	Upstream string
}

var missingTargets = []missingTarget{
	{Arches: []string{"loongarch32", "loongarch64"}, span: span{To: 14}, Upstream: "the LoongArch backend was added in LLVM 16"},
	{Arches: []string{"xtensa"}, span: span{To: 14}, Upstream: "the Xtensa backend was added (experimental) in LLVM 17"},
	{Arches: []string{"riscv32be", "riscv64be"}, span: span{To: 19}, Upstream: "big-endian RISC-V triples were added in LLVM 21"},
	{Arches: []string{"csky", "arc", "dxil", "kalimba", "shave", "spir", "spir64", "hsail", "hsail64", "amdil", "amdil64", "le32", "le64", "renderscript32", "renderscript64", "tce", "tcele"},
		span: span{From: 14}, Upstream: "no backend Debian builds (experimental CSKY and ARC, or no code generator at all)"},
}

// targetMissing reports whether llc of version v has no backend for arch.
func targetMissing(arch string, v int) bool {
	for _, t := range missingTargets {
		if !t.has(v) {
			continue
		}
		for _, a := range t.Arches {
			if a == arch {
				return true
			}
		}
	}
	return false
}

// deviationIndex finds deviations by id without a scan: rules ask on every
// prediction.
var deviationIndex = func() map[string]int {
	m := map[string]int{}
	for i, d := range deviations {
		if _, dup := m[d.ID]; dup {
			panic("oracle: deviation " + d.ID + " listed twice")
		}
		m[d.ID] = i
	}
	return m
}()

// DeviationByID returns the deviation with the given id.
func DeviationByID(id string) (Deviation, bool) {
	if i, ok := deviationIndex[id]; ok {
		return deviations[i], true
	}
	return Deviation{}, false
}

// Deviations returns every known deviation (a copy).
func Deviations() []Deviation { return append([]Deviation(nil), deviations...) }

// deviationApplies reports whether deviation id is present in LLVM v.
// An unknown id is a programming error in a rule file.
func deviationApplies(id string, v int) bool {
	i, ok := deviationIndex[id]
	if !ok {
		panic(fmt.Sprintf("oracle: rule asks for unknown deviation %q", id))
	}
	return deviations[i].has(v)
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
