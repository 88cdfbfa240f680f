package object

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
)

// COFF objects are read with debug/pe's header and symbol layouts, but not
// with pe.NewFile: it resolves only "/NNNNNNN" section names, while LLVM
// writes "//" + base64 once the string table passes 10 MB, and it fails on
// the short names starting with '/' that LLVM stores verbatim. Names are
// resolved here the way llvm-readobj's COFFObjectFile::getSectionName does.

// coffFlags are the section characteristics llvm-readobj-22 prints, in its
// words (COFFDumper's ImageSectionCharacteristics). MEM_PURGEABLE and
// MEM_16BIT share a bit: llvm-readobj prints both.
var coffFlags = []flagName{
	{"IMAGE_SCN_TYPE_NOLOAD", 0x2},
	{"IMAGE_SCN_TYPE_NO_PAD", 0x8},
	{"IMAGE_SCN_CNT_CODE", pe.IMAGE_SCN_CNT_CODE},
	{"IMAGE_SCN_CNT_INITIALIZED_DATA", pe.IMAGE_SCN_CNT_INITIALIZED_DATA},
	{"IMAGE_SCN_CNT_UNINITIALIZED_DATA", pe.IMAGE_SCN_CNT_UNINITIALIZED_DATA},
	{"IMAGE_SCN_LNK_OTHER", 0x100},
	{"IMAGE_SCN_LNK_INFO", 0x200},
	{"IMAGE_SCN_LNK_REMOVE", 0x800},
	{"IMAGE_SCN_LNK_COMDAT", pe.IMAGE_SCN_LNK_COMDAT},
	{"IMAGE_SCN_GPREL", 0x8000},
	{"IMAGE_SCN_MEM_PURGEABLE", 0x20000},
	{"IMAGE_SCN_MEM_16BIT", 0x20000},
	{"IMAGE_SCN_MEM_LOCKED", 0x40000},
	{"IMAGE_SCN_MEM_PRELOAD", 0x80000},
	{"IMAGE_SCN_LNK_NRELOC_OVFL", 0x1000000},
	{"IMAGE_SCN_MEM_DISCARDABLE", pe.IMAGE_SCN_MEM_DISCARDABLE},
	{"IMAGE_SCN_MEM_NOT_CACHED", 0x4000000},
	{"IMAGE_SCN_MEM_NOT_PAGED", 0x8000000},
	{"IMAGE_SCN_MEM_SHARED", 0x10000000},
	{"IMAGE_SCN_MEM_EXECUTE", pe.IMAGE_SCN_MEM_EXECUTE},
	{"IMAGE_SCN_MEM_READ", pe.IMAGE_SCN_MEM_READ},
	{"IMAGE_SCN_MEM_WRITE", pe.IMAGE_SCN_MEM_WRITE},
}

// coffAlignMask is the 4-bit alignment field. llvm-readobj treats it as an
// enumeration, not as bits: values 1..14 are IMAGE_SCN_ALIGN_<2^(v-1)>BYTES,
// 0 and 15 print nothing.
const coffAlignMask = 0x00F00000

// coffTypeMask holds the IMAGE_SCN_CNT_* bits, which make a section's type.
const coffTypeMask = pe.IMAGE_SCN_CNT_CODE | pe.IMAGE_SCN_CNT_INITIALIZED_DATA | pe.IMAGE_SCN_CNT_UNINITIALIZED_DATA

// COFF storage classes the reader looks at.
const (
	coffClassStatic       = 3
	coffClassFile         = 103
	coffClassWeakExternal = 105
)

// coffMachines are the machine types llvm-readobj recognises as COFF
// objects (identify_magic); IMAGE_FILE_MACHINE_UNKNOWN is left out so that
// a Wasm module ("\0asm") is never mistaken for one.
var coffMachines = map[uint16]bool{
	pe.IMAGE_FILE_MACHINE_I386:    true,
	pe.IMAGE_FILE_MACHINE_AMD64:   true,
	pe.IMAGE_FILE_MACHINE_ARM:     true,
	pe.IMAGE_FILE_MACHINE_ARMNT:   true,
	pe.IMAGE_FILE_MACHINE_THUMB:   true,
	pe.IMAGE_FILE_MACHINE_ARM64:   true,
	0xa641:                        true, // ARM64EC
	0xa64e:                        true, // ARM64X
	pe.IMAGE_FILE_MACHINE_RISCV32: true,
	pe.IMAGE_FILE_MACHINE_RISCV64: true,
}

// bigObjMagic is the class id of an /bigobj ("anonymous object") header,
// which LLVM writes when a module has more than 65279 sections.
var bigObjMagic = []byte{
	0xc7, 0xa1, 0xba, 0xd1, 0xee, 0xba, 0xa9, 0x4b,
	0xaf, 0x20, 0xfa, 0xf6, 0x6a, 0xa4, 0xdc, 0xb8,
}

func init() { register(reader{"coff", isCOFF, readCOFF}) }

func isCOFF(b []byte) bool {
	if isBigObj(b) {
		return true
	}
	return len(b) >= 20 && coffMachines[binary.LittleEndian.Uint16(b)]
}

func isBigObj(b []byte) bool {
	return len(b) >= 56 && b[0] == 0 && b[1] == 0 && b[2] == 0xff && b[3] == 0xff &&
		binary.LittleEndian.Uint16(b[4:]) >= 2 && bytes.Equal(b[12:28], bigObjMagic)
}

// coffLayout is what differs between a regular and a bigobj header.
type coffLayout struct {
	numSections  uint32
	symtab       uint32 // file offset of the symbol table
	numSymbols   uint32
	sectionTable int // file offset of the first section header
	symSize      int // 18, or 20 in a bigobj
}

func coffHeader(data []byte) (coffLayout, error) {
	if isBigObj(data) {
		// Sig1, Sig2, Version, Machine, TimeDateStamp, ClassID[16],
		// SizeOfData, Flags, MetaDataSize, MetaDataOffset,
		// NumberOfSections, PointerToSymbolTable, NumberOfSymbols.
		le := binary.LittleEndian
		return coffLayout{
			numSections:  le.Uint32(data[44:]),
			symtab:       le.Uint32(data[48:]),
			numSymbols:   le.Uint32(data[52:]),
			sectionTable: 56,
			symSize:      20,
		}, nil
	}
	var fh pe.FileHeader
	if _, err := binary.Decode(data, binary.LittleEndian, &fh); err != nil {
		return coffLayout{}, fmt.Errorf("file header: %w", err)
	}
	return coffLayout{
		numSections:  uint32(fh.NumberOfSections),
		symtab:       fh.PointerToSymbolTable,
		numSymbols:   fh.NumberOfSymbols,
		sectionTable: 20 + int(fh.SizeOfOptionalHeader),
		symSize:      pe.COFFSymbolSize,
	}, nil
}

// coffStrings is the string table, including its 4-byte size field:
// llvm-readobj's offsets count from the field, and an offset below 4 reads
// the field's own bytes.
type coffStrings []byte

// get returns the NUL-terminated string at offset off, as
// COFFObjectFile::getString does.
func (st coffStrings) get(off uint32) (string, error) {
	if len(st) <= 4 {
		return "", errors.New("string table empty")
	}
	if uint64(off) >= uint64(len(st)) {
		return "", fmt.Errorf("string table offset %d out of range", off)
	}
	s := st[off:]
	if i := bytes.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return string(s), nil
}

// sectionName resolves a section header's name field: "/NNNNNNN" is a
// decimal string-table offset, "//" + 6 base64 digits a larger one.
// llvm-readobj fails on a reference it cannot resolve; the reader keeps the
// raw field instead, so that one odd section does not hide the others (LLVM
// itself writes a short name such as "/4" verbatim).
func (st coffStrings) sectionName(field [8]byte) string {
	name := trimNUL(string(field[:]))
	if len(name) == 0 || name[0] != '/' {
		return name
	}
	var off uint32
	if len(name) >= 2 && name[1] == '/' {
		v, ok := decodeBase64Offset(name[2:])
		if !ok {
			return name
		}
		off = v
	} else {
		v, err := strconv.ParseUint(name[1:], 10, 32)
		if err != nil || !allDigits(name[1:]) {
			return name
		}
		off = uint32(v)
	}
	s, err := st.get(off)
	if err != nil {
		return name
	}
	return s
}

// allDigits mirrors StringRef::getAsInteger(10), which takes no sign.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// decodeBase64Offset decodes the digits after "//" as llvm's
// decodeBase64StringEntry does: at most 6 digits of A-Za-z0-9+/, most
// significant first, no padding. An empty string is offset 0.
func decodeBase64Offset(s string) (uint32, bool) {
	if len(s) > 6 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case c >= 'A' && c <= 'Z':
			d = uint64(c - 'A')
		case c >= 'a' && c <= 'z':
			d = uint64(c-'a') + 26
		case c >= '0' && c <= '9':
			d = uint64(c-'0') + 52
		case c == '+':
			d = 62
		case c == '/':
			d = 63
		default:
			return 0, false
		}
		v = v*64 + d
	}
	if v > 0xffffffff {
		return 0, false
	}
	return uint32(v), true
}

// symbolName resolves a symbol's name: a short name in place, or (first
// four bytes zero) a string-table offset in the next four.
func (st coffStrings) symbolName(field [8]byte) (string, error) {
	if binary.LittleEndian.Uint32(field[:4]) == 0 {
		return st.get(binary.LittleEndian.Uint32(field[4:]))
	}
	return trimNUL(string(field[:])), nil
}

// coffSectionWords turns characteristics into llvm-readobj's words and the
// section type (the IMAGE_SCN_CNT_* words, '|'-joined when several are
// set, empty when none is).
func coffSectionWords(ch uint32) (typ string, flags []string) {
	var types []string
	for _, f := range coffFlags {
		if uint64(ch)&f.bits == f.bits {
			flags = append(flags, f.name)
			if f.bits&coffTypeMask != 0 {
				types = append(types, f.name)
			}
		}
	}
	if a := (ch & coffAlignMask) >> 20; a >= 1 && a <= 14 {
		flags = append(flags, "IMAGE_SCN_ALIGN_"+strconv.Itoa(1<<(a-1))+"BYTES")
	}
	sortWords(flags)
	sortWords(types)
	for i, t := range types {
		if i > 0 {
			typ += "|"
		}
		typ += t
	}
	return typ, flags
}

func readCOFF(data []byte) (*File, error) {
	h, err := coffHeader(data)
	if err != nil {
		return nil, err
	}
	// Bounds first, so that a hostile count never drives an allocation.
	secEnd := uint64(h.sectionTable) + uint64(h.numSections)*40
	if secEnd > uint64(len(data)) {
		return nil, fmt.Errorf("section table (%d sections) runs past the end of the file", h.numSections)
	}
	var st coffStrings
	symEnd := uint64(h.symtab) + uint64(h.numSymbols)*uint64(h.symSize)
	if h.symtab != 0 {
		if symEnd > uint64(len(data)) {
			return nil, fmt.Errorf("symbol table (%d symbols) runs past the end of the file", h.numSymbols)
		}
		// The string table follows the symbol table; a file may end
		// right after the symbols.
		if symEnd+4 <= uint64(len(data)) {
			size := uint64(binary.LittleEndian.Uint32(data[symEnd:]))
			if size < 4 {
				size = 4
			}
			if symEnd+size > uint64(len(data)) {
				return nil, fmt.Errorf("string table of %d bytes runs past the end of the file", size)
			}
			st = coffStrings(data[symEnd : symEnd+size])
		}
	}

	f := &File{Sections: make([]Section, 0, h.numSections)}
	for i := uint32(0); i < h.numSections; i++ {
		var sh pe.SectionHeader32
		off := uint64(h.sectionTable) + uint64(i)*40
		if _, err := binary.Decode(data[off:off+40], binary.LittleEndian, &sh); err != nil {
			return nil, fmt.Errorf("section header %d: %w", i+1, err)
		}
		typ, flags := coffSectionWords(sh.Characteristics)
		f.Sections = append(f.Sections, Section{
			Index: int(i) + 1, // llvm-readobj numbers COFF sections from 1
			Name:  st.sectionName(sh.Name),
			Type:  typ,
			Flags: flags,
		})
	}
	if h.symtab == 0 {
		return f, nil
	}
	syms, err := readCOFFSymbols(data[h.symtab:symEnd], h, st)
	if err != nil {
		return nil, err
	}
	for _, s := range syms {
		if s.section < 1 || int(s.section) > len(f.Sections) {
			continue
		}
		f.Sections[s.section-1].Symbols = append(f.Sections[s.section-1].Symbols, s.name)
	}
	return f, nil
}

// coffSymbol is a symbol the reader attributes to a section.
type coffSymbol struct {
	name    string
	section int32 // 1-based section number
}

// coffRawSymbol is one primary symbol-table record.
type coffRawSymbol struct {
	name         string
	value        uint32
	section      int32
	storageClass uint8
	numAux       uint8
	aux          []byte // the first auxiliary record, if any
}

// readCOFFSymbols returns the symbols defined in a section, in table
// order. Section-definition symbols (a section's own name) and the .file
// record are left out. A weak external is attributed to the section of its
// default definition (the symbol its auxiliary record names), because that
// is where LLVM put the global's bytes: an ELF weak symbol is likewise
// defined in its section.
func readCOFFSymbols(tab []byte, h coffLayout, st coffStrings) ([]coffSymbol, error) {
	n := int(h.numSymbols)
	raw := make(map[int]coffRawSymbol)
	var order []int
	for i := 0; i < n; i++ {
		rec := tab[i*h.symSize : (i+1)*h.symSize]
		var field [8]byte
		copy(field[:], rec[:8])
		// A name whose string-table reference does not resolve is kept
		// empty: LLVM writes an empty name (a section named "") as offset
		// 0, which llvm-readobj rejects when the table is empty.
		name, err := st.symbolName(field)
		if err != nil {
			name = ""
		}
		s := coffRawSymbol{name: name, value: binary.LittleEndian.Uint32(rec[8:])}
		if h.symSize == 20 {
			s.section = int32(binary.LittleEndian.Uint32(rec[12:]))
			s.storageClass, s.numAux = rec[18], rec[19]
		} else {
			s.section = int32(int16(binary.LittleEndian.Uint16(rec[12:])))
			s.storageClass, s.numAux = rec[16], rec[17]
		}
		if s.numAux > 0 {
			if i+1 >= n {
				return nil, fmt.Errorf("symbol %d: auxiliary record past the end of the symbol table", i)
			}
			s.aux = tab[(i+1)*h.symSize : (i+2)*h.symSize]
		}
		raw[i] = s
		order = append(order, i)
		i += int(s.numAux)
	}
	var out []coffSymbol
	for _, i := range order {
		s := raw[i]
		switch {
		case s.storageClass == coffClassFile:
			continue
		case s.storageClass == coffClassStatic && s.value == 0 && s.numAux > 0:
			continue // section definition
		case s.storageClass == coffClassWeakExternal && s.section == 0 && s.aux != nil:
			def, ok := raw[int(binary.LittleEndian.Uint32(s.aux))]
			if ok && def.section > 0 {
				out = append(out, coffSymbol{name: s.name, section: def.section})
			}
			continue
		}
		if s.section > 0 {
			out = append(out, coffSymbol{name: s.name, section: s.section})
		}
	}
	return out, nil
}
