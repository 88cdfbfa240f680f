package oracle

import (
	"sort"
	"strings"
)

// ruleDocs explains every rule a prediction can name, for people
// (`sectfuzz explain`) and for reports. A rule without a doc is a bug that
// FuzzOracle catches.
var ruleDocs = map[string]string{
	"all/llvm-metadata-not-emitted":        `A variable in the section "llvm.metadata" is never emitted (AsmPrinter::emitSpecialLLVMGlobal): it reaches no section.`,
	"all/available-externally-not-emitted": `An available_externally variable is never emitted: it reaches no section.`,

	"elf/default-section":        `Without a section string, the global goes to its kind's standard section (.text, .data, .bss, .rodata, .tdata, .tbss, .data.rel.ro, .rodata.cstN, .rodata.strN.A).`,
	"elf/emulated-tls":           `On OpenBSD, older Android and OpenHarmony thread-locals are emulated: the variable becomes __emutls_v.g in .data (its initializer __emutls_t.g in .rodata), the section string is dropped and g has no symbol of its own.`,
	"elf/riscv-small-data":       `On RISC-V, a variable of 1 to 8 bytes without a section string goes to the small-data sections .sdata (or .sbss when zero), reachable from gp; no comdat group or retain flag is added. LLVM 22 puts it in the standard section.`,
	"elf/explicit-section":       `ELF takes any byte string as a section name. Type and flags come from the global's kind: SHF_ALLOC, plus SHF_WRITE for writable data, SHF_EXECINSTR for functions, SHF_TLS for thread-locals.`,
	"elf/bss-by-name":            `A name .bss, .bss.*, .sbss, .sbss.*, .gnu.linkonce.b.* or .llvm.linkonce.b.* makes the section SHT_NOBITS (writable, no file space), whatever the global's kind: only zero bytes may go there.`,
	"elf/tbss-by-name":           `A name .tbss, .tbss.*, .gnu.linkonce.tb.* or .llvm.linkonce.tb.* makes the section thread-local SHT_NOBITS: only zero bytes may go there.`,
	"elf/tdata-by-name":          `A name .tdata, .tdata.*, .gnu.linkonce.td.* or .llvm.linkonce.td.* makes the section thread-local data (SHF_TLS), even for a global that is not thread_local.`,
	"elf/note-by-name":           `A name starting with .note makes the section SHT_NOTE (flags still follow the global's kind).`,
	"elf/array-by-name":          `A name .init_array, .fini_array or .preinit_array, alone or followed by '.', makes the section SHT_INIT_ARRAY, SHT_FINI_ARRAY or SHT_PREINIT_ARRAY.`,
	"elf/llvm-type-by-name":      `.llvm.offloading (and .llvm.offloading.*) and .llvm.lto get LLVM's own section types SHT_LLVM_OFFLOADING and SHT_LLVM_LTO.`,
	"elf/metadata-by-name":       `.llvmbc, .llvmcmd and the coverage sections (__llvm_covmap, __llvm_covfun, ...) are metadata: not SHF_ALLOC, never loaded.`,
	"elf/reuse-existing-section": `A global whose flags match a section LLVM already made (such as .eh_frame) joins that section and takes its type.`,
	"elf/common-drops-section":   `A common symbol is emitted before any section is chosen: its section string is ignored.`,
	"elf/comdat-selection":       `ELF comdats support only the selection kinds any and nodeduplicate; others are fatal.`,
	"elf/nobits-no-data":         `Bytes that are not zero cannot go into an SHT_NOBITS section (a .bss-like name): the assembler rejects the module.`,
	"elf/nobits-no-fixups":       `A relocation (a pointer to a global) cannot go into an SHT_NOBITS section (a .bss-like name): the assembler rejects the module.`,
	"elf/nobits-no-code":         `A function cannot go into an SHT_NOBITS section (a .bss-like name): the assembler rejects the module.`,
	"elf/section-symbol-clash":   `Every ELF section has a symbol named after it in the globals' symbol table: a section named like a global (section "g" and @g) collides with it.`,
	"elf/group-signature":        `The key global of a comdat whose members are emitted but which is not emitted itself (llvm.metadata, available_externally) becomes the group's signature symbol, defined in the .group section.`,
	"elf/undefined-temporary":    `A pointer to a private global that is never emitted (llvm.metadata) leaves its .L temporary undefined: an error.`,
	"elf/private-temporary":      `A private global is an assembler temporary (.L): its bytes go to the section, but the object has no symbol for it.`,
	"elf/writer-owned-name":      `.symtab and .strtab are the names the ELF writer uses for its own tables; a global placed there corrupts them.`,

	"macho/default-section":         `Without a section string, the global goes to its kind's standard section (__TEXT,__text, __DATA,__data, __DATA,__common, __TEXT,__const, __DATA,__thread_data, ...).`,
	"macho/segment-section":         `A Mach-O section string is a specifier "segment,section[,type[,attributes[,stub-size]]]"; fields are trimmed of whitespace, the section name is at most 16 bytes, the type and attributes default to regular and none.`,
	"macho/predefined-section":      `The specifier names a section LLVM already made (such as __DATA,__bss or __TEXT,__text) and gives no type: the section keeps its own type and attributes.`,
	"macho/tls-descriptor":          `A thread_local variable's symbol is its TLV descriptor in __DATA,__thread_vars; the section string only places its initial value (the $tlv$init symbol).`,
	"macho/specifier-needs-comma":   `The specifier needs a segment and a non-empty section separated by a comma, e.g. "__DATA,__mydata".`,
	"macho/section-name-length":     `The section name (second field) must be 1 to 16 bytes long.`,
	"macho/unknown-section-type":    `The third field must be a section type name: regular, zerofill, cstring_literals, 4byte_literals, 8byte_literals, 16byte_literals, literal_pointers, non_lazy_symbol_pointers, lazy_symbol_pointers, symbol_stubs, mod_init_funcs, mod_term_funcs, coalesced, interposing, thread_local_regular, thread_local_zerofill, thread_local_variables, thread_local_variable_pointers, thread_local_init_function_pointers.`,
	"macho/invalid-attribute":       `The fourth field is a '+'-separated list of pure_instructions, no_toc, strip_static_syms, no_dead_strip, live_support, self_modifying_code, debug, or none.`,
	"macho/stub-size-required":      `A symbol_stubs section needs a stub size as fifth field.`,
	"macho/stub-size-without-stubs": `Only a symbol_stubs section may have a stub size (fifth field).`,
	"macho/malformed-stub-size":     `The stub size must be an unsigned 32-bit number (decimal, 0x hex, 0b binary, 0 octal).`,
	"macho/section-type-mismatch":   `Every global placed in one segment,section must give the same type, attributes and stub size as the first (or as LLVM's own section of that name): otherwise LLVM aborts.`,
	"macho/no-comdats":              `Mach-O has no comdats: a global in a comdat is fatal.`,
	"macho/common-drops-section":    `A common symbol is emitted before any section is chosen: its section string is ignored.`,
	"macho/zerofill-no-data":        `A zerofill section (zerofill, thread_local_zerofill, or LLVM's __DATA,__bss and __DATA,__common) holds no bytes: a non-zero initializer is rejected.`,
	"macho/private-temporary":       `A private global is an assembler temporary (L): its bytes go to the section, but the object has no symbol for it.`,
	"macho/zerofill-no-fixups":      `A relocation (a pointer to a global) cannot go into a zerofill section.`,
	"macho/zerofill-no-code":        `A function cannot go into a zerofill section.`,
	"unsupported-target":            `This LLVM version has no backend for the triple's architecture: llc stops before it reads the module.`,
	"unsupported-format":            `sectfuzz has no rules for this object format.`,

	"wasm/data-segment":                  `A Wasm variable with a section string lands in a data segment named exactly after it; the first global in a segment fixes its kind and flags.`,
	"wasm/default-segment":               `Without a section string, a Wasm variable gets a data segment of its own: .data.g, .bss.g, .rodata.g, .tdata.g.`,
	"wasm/tls-stripped":                  `llc's default Wasm CPU has no atomics: thread_local is stripped and the variable is ordinary data.`,
	"wasm/func-code":                     `A Wasm function lands in the CODE section.`,
	"wasm/func-section-ignored":          `The section string of a Wasm function is ignored: every function gets a text section of its own in CODE.`,
	"wasm/common-undefined":              `A common variable on Wasm is silently lost: the object has only an undefined symbol.`,
	"wasm/not-emitted":                   `The variable is never emitted (llvm.metadata, available_externally).`,
	"wasm/private-temporary":             `A private variable is a .L temporary: it has no symbol of its own.`,
	"wasm/private-data-lost":             `A private variable placed in a section that is not data (a text or DWARF section) silently disappears.`,
	"wasm/init-array-segment":            `Data in an .init_array section: the writer turns it into init functions, not a data segment.`,
	"wasm/comdat-selection":              `Wasm comdats support only the selection kind any; others are fatal.`,
	"wasm/data-in-non-data-section":      `A variable in a section LLVM made for code or debug info (.text, .text.f of a function, .llvmbc, DWARF) is fatal: data symbols must live in a data section.`,
	"wasm/offset-reloc-outside-metadata": `A pointer to a function or section offset outside a metadata section is fatal on wasm32.`,
	"wasm/offset-reloc-no-function":      `A relocation against a section without a defining symbol is fatal.`,
	"wasm/fini-array":                    `.fini_array sections are not supported by the Wasm writer: fatal.`,
	"wasm/init-array-priority":           `An .init_array priority suffix that is not a number is fatal.`,
	"wasm/init-array-layout":             `The Wasm writer expects a fixed fragment layout in .init_array; anything else is fatal.`,
	"wasm/init-array-data":               `.init_array entries must be pointers to functions; other data is fatal.`,
	"wasm/init-array-function":           `.init_array entries must point to functions.`,
	"wasm/init-array-dangling-segment":   `LLVM 14 points .init_array symbols at a data segment that does not exist: the object cannot be read.`,
	"wasm/section-symbol-takes-name":     `A Wasm section's symbol is its name plus the first number no symbol has used yet (section "g" after @g0 is "g1"): a global of that name emitted later finds its name taken ("symbol already defined"; a pointer to it crashes the writer).`,
	"wasm/comdat-key-section-symbol":     `In LLVM 22 the comdat symbol of a custom section (.llvmbc, .llvmcmd, coverage) becomes a section symbol: a variable named like that comdat leaves the symbol table.`,

	"xcoff/explicit-csect":                `On XCOFF a section string names a control section (csect); the global becomes a label in the csect of that name, whose storage-mapping class follows the global's kind (XMC_PR code, XMC_RW data, XMC_RO read-only). The csect is filed into .text, .data, .bss, .tdata or .tbss by its class.`,
	"xcoff/explicit-section-kind":         `Thread-local and common globals cannot take an explicit XCOFF csect: fatal.`,
	"xcoff/data-sections-csect":           `Without a section string, an AIX variable gets a csect of its own named after it (data sections are on by default), of the class its kind gives.`,
	"xcoff/default-text-csect":            `A function without a section string is a label in the module's default code csect.`,
	"xcoff/local-bss-csect":               `A zero-initialized local variable is a common-like csect of class XMC_BS in .bss.`,
	"xcoff/local-tbss-csect":              `A zero-initialized local thread-local variable is a csect of class XMC_UL in .tbss.`,
	"xcoff/common-csect":                  `A common variable is a csect of class XMC_RW in .bss (XTY_CM).`,
	"xcoff/common-tbss-csect":             `A common thread-local variable is a common csect of class XMC_UL in .tbss.`,
	"xcoff/tdata-csect":                   `A thread-local variable gets a csect of class XMC_TL in .tdata.`,
	"xcoff/csect-name":                    `The global is found in the object by the name of the csect that holds it.`,
	"xcoff/csect-policy":                  `Two globals that give one csect name different symbol policies (a label in an explicit csect, a csect of its own) are fatal: section's multiply symbols policy does not match.`,
	"xcoff/comdat":                        `AIX has no comdats: a global in a comdat is fatal.`,
	"xcoff/renamed-prefix":                `A name starting with _Renamed.. clashes with the names LLVM gives to symbols it must rename: error.`,
	"xcoff/mergeable-cstring-csect":       `LLVM 14 names the csect of an unnamed_addr constant string after its mergeable section (.rodata.str<size>.<align><name>).`,
	"xcoff/declaration":                   `A declaration reaches no csect of its own.`,
	"xcoff/llvm-metadata":                 `A variable in llvm.metadata is left out of the object.`,
	"xcoff/llvm-metadata-reference":       `A pointer to a variable left out as llvm.metadata crashes LLVM 22's XCOFF writer.`,
	"xcoff/available-externally-function": `An available_externally function crashes LLVM 14's 32-bit XCOFF writer.`,

	"goff/code-label":             `GOFF ignores section strings: code and read-only data are labels in the element C_CODE64 of the module's root section.`,
	"goff/wsa-part":               `GOFF ignores section strings: writable and zero data get a part of their own in the element C_WSA64.`,
	"goff/common":                 `A common variable reaches no GOFF symbol of its own.`,
	"goff/declaration":            `A declaration reaches no GOFF symbol of its own.`,
	"goff/private":                `A private variable is a temporary label, not a symbol of the object.`,
	"goff/llvm-metadata":          `A variable in llvm.metadata is never emitted.`,
	"goff/private-part-reference": `A pointer to a private variable with a part of its own crashes LLVM 22's GOFF writer.`,

	"coff/default-section":         `Without a section string, a COFF global goes to its kind's standard section (.text, .data, .bss, .rdata, .tls$).`,
	"coff/explicit-section":        `A COFF section string names a section as written (the '$' suffix is kept in the object for the linker to sort); its characteristics come from the kind of the first global emitted into it: code, initialized or uninitialized data, read/write/execute.`,
	"coff/predefined-section":      `The string names a section LLVM made before any global (.text, .data, .bss, .rdata, .CRT$XCU on MSVC, debug sections...): the section keeps its own characteristics whatever the global's kind.`,
	"coff/first-global-decides":    `Sections are unique by name and comdat: the first global emitted into a name decides its characteristics, and functions are emitted before variables.`,
	"coff/long-name":               `A name over 8 bytes is stored in the string table and the section header holds /N (or //base64 past 9,999,999).`,
	"coff/short-slash-name":        `A short name that starts with '/' is written as is, so readers take it for a string-table reference and see another name.`,
	"coff/nul-truncates":           `A NUL in a section name cuts the name in the object.`,
	"coff/tls-in-section":          `A thread-local global with a section string lands in that section as plain data: the characteristics say nothing of TLS.`,
	"coff/emulated-tls":            `On MinGW and Cygwin thread-locals are emulated: the variable becomes __emutls_v.g, and the section string applies to that control variable.`,
	"coff/metadata-section":        `Metadata sections (debug, .llvmbc...) are discardable data.`,
	"coff/bss-contents":            `Bytes that are not zero in an uninitialized-data section are silently dropped by LLVM 14 and 19; LLVM 22 rejects them (or drops them, depending on the MC fragment).`,
	"coff/bss-code":                `A function cannot go into an uninitialized-data section.`,
	"coff/comdat-key":              `A comdat member is placed with its comdat's key: the section is marked IMAGE_SCN_LNK_COMDAT and carries the selection.`,
	"coff/comdat-section":          `A comdat member with a section string gets a COMDAT section of that name.`,
	"coff/comdat-default-section":  `A comdat member without a section string gets its kind's section, as a COMDAT section (.text$g on MinGW).`,
	"coff/comdat-sectionless-key":  `A comdat whose key global has no section but whose members have one is rejected.`,
	"coff/common":                  `A common symbol has no section: the section string is ignored.`,
	"coff/common-alignment":        `MSVC common symbols cannot be aligned beyond 32 bytes.`,
	"coff/not-emitted":             `The variable is never emitted (llvm.metadata, available_externally).`,
	"coff/private-no-symbol":       `A private global is a temporary label: the object has no symbol for it.`,
	"coff/verifier":                `The module breaks an IR verifier rule only COFF modules meet: a comdat whose key global is private.`,
	"verifier":                     `The module breaks an IR verifier rule: a common global must have a zero initializer and be neither constant nor in a comdat; a declaration may not be in a comdat. llc refuses it before any section is looked at.`,
	"coff/section-symbol-clash":    `Every COFF section has a symbol named after it in the globals' symbol table: a section named like a global's symbol collides with it.`,
	"coff/undefined-temporary":     `A pointer to a private global that is never emitted (llvm.metadata) leaves its temporary label undefined: an error.`,
	"coff/common-taken-by-section": `A common symbol emitted before a section of the same name becomes that section's symbol: the object shows the global at the section's start.`,
	"coff/arm-mode":                `Windows on ARM is Thumb-only: a function is rejected before anything is emitted.`,
}

// RuleDoc explains a rule; ok is false for an unknown rule.
func RuleDoc(rule string) (string, bool) {
	if d, ok := ruleDocs[rule]; ok {
		return d, true
	}
	if f, ok := strings.CutSuffix(rule, "/unsupported"); ok {
		return "LLVM cannot write " + f + " objects for this triple in this version.", true
	}
	return "", false
}

// Rules lists every documented rule, sorted.
func Rules() []string {
	out := make([]string, 0, len(ruleDocs))
	for r := range ruleDocs {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
