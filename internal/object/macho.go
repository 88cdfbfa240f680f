package object

import (
	"bytes"
	"debug/macho"
	"encoding/binary"
)

// machoTypes are the section types (low byte of flags) in llvm-readobj's
// words.
var machoTypes = []string{
	0x00: "Regular", 0x01: "ZeroFill", 0x02: "CStringLiterals", 0x03: "4ByteLiterals",
	0x04: "8ByteLiterals", 0x05: "LiteralPointers", 0x06: "NonLazySymbolPointers",
	0x07: "LazySymbolPointers", 0x08: "SymbolStubs", 0x09: "ModInitFuncPointers",
	0x0A: "ModTermFuncPointers", 0x0B: "Coalesced", 0x0C: "GBZeroFill", 0x0D: "Interposing",
	0x0E: "16ByteLiterals", 0x0F: "DTraceDOF", 0x10: "LazyDylibSymbolPointers",
	0x11: "ThreadLocalRegular", 0x12: "ThreadLocalZerofill", 0x13: "ThreadLocalVariables",
	0x14: "ThreadLocalVariablePointers", 0x15: "ThreadLocalInitFunctionPointers",
	0x16: "InitFuncOffsets",
}

// machoAttrs are the section attributes; llvm-readobj shows them shifted
// right by 8, the values here are the raw flag bits.
var machoAttrs = []flagName{
	{"LocReloc", 0x100},
	{"ExtReloc", 0x200},
	{"SomeInstructions", 0x400},
	{"Debug", 0x2000000},
	{"SelfModifyingCode", 0x4000000},
	{"LiveSupport", 0x8000000},
	{"NoDeadStrip", 0x10000000},
	{"StripStaticSyms", 0x20000000},
	{"NoTOC", 0x40000000},
	{"PureInstructions", 0x80000000},
}

func init() { register(reader{"macho", isMachO, readMachO}) }

func isMachO(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	m := binary.LittleEndian.Uint32(b)
	bm := binary.BigEndian.Uint32(b)
	return m == macho.Magic32 || m == macho.Magic64 || bm == macho.Magic32 || bm == macho.Magic64
}

func readMachO(data []byte) (*File, error) {
	mf, err := macho.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer mf.Close()
	f := &File{}
	for i, s := range mf.Sections {
		typ := "Unknown"
		if t := int(s.Flags & 0xff); t < len(machoTypes) {
			typ = machoTypes[t]
		}
		f.Sections = append(f.Sections, Section{
			Index:   i,
			Name:    trimNUL(s.Name),
			Segment: trimNUL(s.Seg),
			Type:    typ,
			Flags:   flagWords(uint64(s.Flags&^0xff), machoAttrs),
		})
	}
	if mf.Symtab != nil {
		for _, s := range mf.Symtab.Syms {
			// N_SECT symbols only: n_type & N_TYPE == 0xe; n_sect is 1-based.
			if s.Type&0x0e != 0x0e || s.Type&0xe0 != 0 || s.Sect == 0 || int(s.Sect) > len(f.Sections) {
				continue
			}
			f.Sections[s.Sect-1].Symbols = append(f.Sections[s.Sect-1].Symbols, s.Name)
		}
	}
	return f, nil
}

// trimNUL cuts a fixed-size name field at its first NUL, as llvm-readobj
// shows it.
func trimNUL(s string) string {
	if i := bytes.IndexByte([]byte(s), 0); i >= 0 {
		return s[:i]
	}
	return s
}
