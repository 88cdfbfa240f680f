package object

import (
	"bytes"
	"debug/elf"
	"sort"
	"strings"
)

// elfFlags are the generic section flags, named as llvm-readobj names them.
var elfFlags = []flagName{
	{"SHF_WRITE", 0x1},
	{"SHF_ALLOC", 0x2},
	{"SHF_EXECINSTR", 0x4},
	{"SHF_MERGE", 0x10},
	{"SHF_STRINGS", 0x20},
	{"SHF_INFO_LINK", 0x40},
	{"SHF_LINK_ORDER", 0x80},
	{"SHF_OS_NONCONFORMING", 0x100},
	{"SHF_GROUP", 0x200},
	{"SHF_TLS", 0x400},
	{"SHF_COMPRESSED", 0x800},
	{"SHF_GNU_RETAIN", 0x200000},
	{"SHF_EXCLUDE", 0x80000000},
}

// elfMachineFlags are the processor-specific flags llvm-readobj adds for a
// machine.
var elfMachineFlags = map[elf.Machine][]flagName{
	elf.EM_X86_64:  {{"SHF_X86_64_LARGE", 0x10000000}},
	elf.EM_AARCH64: {{"SHF_AARCH64_PURECODE", 0x20000000}},
	elf.EM_ARM:     {{"SHF_ARM_PURECODE", 0x20000000}},
}

// elfTypes names section types the way llvm-readobj does; debug/elf's
// String() differs for the LLVM- and GNU-specific ones.
var elfTypes = map[elf.SectionType]string{
	0x6fff4c00: "SHT_LLVM_ODRTAB",
	0x6fff4c01: "SHT_LLVM_LINKER_OPTIONS",
	0x6fff4c02: "SHT_LLVM_CALL_GRAPH_PROFILE",
	0x6fff4c03: "SHT_LLVM_ADDRSIG",
	0x6fff4c04: "SHT_LLVM_DEPENDENT_LIBRARIES",
	0x6fff4c05: "SHT_LLVM_SYMPART",
	0x6fff4c06: "SHT_LLVM_PART_EHDR",
	0x6fff4c07: "SHT_LLVM_PART_PHDR",
	0x6fff4c08: "SHT_LLVM_BB_ADDR_MAP_V0",
	0x6fff4c09: "SHT_LLVM_CALL_GRAPH_PROFILE",
	0x6fff4c0a: "SHT_LLVM_BB_ADDR_MAP",
	0x6fff4c0b: "SHT_LLVM_OFFLOADING",
	0x6fff4c0c: "SHT_LLVM_LTO",
	0x6fff4c0d: "SHT_LLVM_JT_SIZES",
	0x6fff4c0e: "SHT_LLVM_CFI_JUMP_TABLE",
	0x6ffffff4: "SHT_GNU_SFRAME",
	0x6ffffff5: "SHT_GNU_ATTRIBUTES",
	0x6ffffff6: "SHT_GNU_HASH",
	0x6ffffffd: "SHT_GNU_verdef",
	0x6ffffffe: "SHT_GNU_verneed",
	0x6fffffff: "SHT_GNU_versym",
	0x70000001: "SHT_X86_64_UNWIND",
}

func elfTypeName(m elf.Machine, t elf.SectionType) string {
	if t == 0x70000001 && m != elf.EM_X86_64 {
		if m == elf.EM_ARM {
			return "SHT_ARM_EXIDX"
		}
		return "SHT_LOPROC+0x1"
	}
	if n, ok := elfTypes[t]; ok {
		return n
	}
	n := t.String()
	if strings.Contains(n, "+") {
		// debug/elf says SHT_LOOS+N for types it does not know; so does
		// nothing else: llvm-readobj says Unknown.
		return "Unknown"
	}
	return n
}

func init() {
	register(reader{"elf", func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x7fELF")) }, readELF})
}

func readELF(data []byte) (*File, error) {
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer ef.Close()
	table := append(append([]flagName(nil), elfFlags...), elfMachineFlags[ef.Machine]...)
	f := &File{}
	for i, s := range ef.Sections {
		f.Sections = append(f.Sections, Section{
			Index: i,
			Name:  s.Name,
			Type:  elfTypeName(ef.Machine, s.Type),
			Flags: flagWords(uint64(s.Flags), table),
		})
	}
	syms, err := ef.Symbols()
	if err != nil && err != elf.ErrNoSymbols {
		return nil, err
	}
	for _, s := range syms {
		idx := int(s.Section)
		if s.Section == elf.SHN_UNDEF || s.Section >= elf.SHN_LORESERVE || idx >= len(f.Sections) {
			continue
		}
		if elf.ST_TYPE(s.Info) == elf.STT_SECTION || elf.ST_TYPE(s.Info) == elf.STT_FILE {
			continue
		}
		f.Sections[idx].Symbols = append(f.Sections[idx].Symbols, s.Name)
	}
	return f, nil
}

func sortWords(s []string) { sort.Strings(s) }
