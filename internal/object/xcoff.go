package object

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// XCOFF (AIX) objects, 32-bit (magic 0x01DF) and 64-bit (0x01F7).
//
// An XCOFF section (.text, .data, .bss, .tdata, .tbss) is only a container;
// what a `section "..."` string creates is a control section (csect): a
// symbol of type XTY_SD (or XTY_CM for common data) with a storage-mapping
// class, living in one section. Globals placed in a csect are labels
// (XTY_LD) that name their containing csect. So this reader reports one
// Section per defined csect:
//
//	Name    the csect symbol's name, as the symbol table stores it
//	        (llvm-readobj --symbols "Name"): `mysect`, `foo[RW]` when the
//	        string itself ends in brackets, "" for LLVM 19+'s default
//	        text csect
//	Type    the containing section's type: STYP_TEXT, STYP_DATA, ...
//	        (llvm-readobj --sections "Type")
//	Flags   the csect's storage-mapping class: XMC_PR, XMC_RW, XMC_RO,
//	        XMC_DS, XMC_TL, ... (llvm-readobj "StorageMappingClass")
//	Symbols the labels the csect contains. A csect without labels is
//	        itself the symbol of the one thing it holds (a global's own
//	        csect with data sections, a common symbol, a function
//	        descriptor) and lists its own name, except: a TOC entry
//	        (XMC_TC, XMC_TE), named after the symbol whose address it holds;
//	        a code csect not named like an entry point (`.f`); and a csect
//	        whose name a label elsewhere has (a section string naming a
//	        global, holding only private globals' temporary labels). A
//	        csect with labels is named by a section string (or is the
//	        default code csect): its name is not a symbol of any global.
//
// A function `g` has two symbols: the descriptor `g`, a csect of class
// XMC_DS in .data, and the entry point `.g`, a label in the code csect.
// Both are listed under their own names; sectfuzz follows the entry point
// (oracle.Triple.ObjectSymbol), the only one a section string moves.
//
// External references (XTY_ER) are undefined and belong to no csect. The
// reader checks every offset and count against the data, so a truncated or
// hostile file is an error, never a panic.

func init() {
	register(reader{"xcoff", isXCOFF, readXCOFF})
}

func isXCOFF(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0x01, 0xDF}) || bytes.HasPrefix(b, []byte{0x01, 0xF7})
}

// xcoffSectionTypes name the STYP_* section types as llvm-readobj does.
var xcoffSectionTypes = map[uint16]string{
	0x0000: "STYP_REG",
	0x0008: "STYP_PAD",
	0x0010: "STYP_DWARF",
	0x0020: "STYP_TEXT",
	0x0040: "STYP_DATA",
	0x0080: "STYP_BSS",
	0x0100: "STYP_EXCEPT",
	0x0200: "STYP_INFO",
	0x0400: "STYP_TDATA",
	0x0800: "STYP_TBSS",
	0x1000: "STYP_LOADER",
	0x2000: "STYP_DEBUG",
	0x4000: "STYP_TYPCHK",
	0x8000: "STYP_OVRFLO",
}

// xcoffMappingClasses name the storage-mapping classes (x_smclas) as
// llvm-readobj does.
var xcoffMappingClasses = map[uint8]string{
	0: "XMC_PR", 1: "XMC_RO", 2: "XMC_DB", 3: "XMC_TC", 4: "XMC_UA", 5: "XMC_RW",
	6: "XMC_GL", 7: "XMC_XO", 8: "XMC_SV", 9: "XMC_BS", 10: "XMC_DS", 11: "XMC_UC",
	15: "XMC_TC0", 16: "XMC_TD", 17: "XMC_SV64", 18: "XMC_SV3264", 20: "XMC_TL",
	21: "XMC_UL", 22: "XMC_TE",
}

// Symbol types (low three bits of x_smtyp) and storage classes that carry a
// csect auxiliary entry.
const (
	xtyER = 0
	xtySD = 1
	xtyLD = 2
	xtyCM = 3

	xmcPR = 0

	cEXT     = 2
	cHIDEXT  = 107
	cWEAKEXT = 111

	xcoffSymSize = 18
	auxCSECT     = 0xFB
)

// isTOCEntry reports whether a csect of this class is a TOC entry: it is
// named after the symbol whose address it holds, and does not define it.
func isTOCEntry(class uint8) bool { return class == 3 || class == 22 } // XMC_TC, XMC_TE

func xcoffSectionType(flags uint32) string {
	t := uint16(flags)
	if n, ok := xcoffSectionTypes[t]; ok {
		return n
	}
	return fmt.Sprintf("0x%X", t)
}

func xcoffMappingClass(c uint8) string {
	if n, ok := xcoffMappingClasses[c]; ok {
		return n
	}
	return fmt.Sprintf("0x%X", c)
}

// xcoffSym is one symbol-table entry with its csect auxiliary entry.
type xcoffSym struct {
	index   int
	name    string
	scnum   int16
	sclass  uint8
	smtyp   uint8  // XTY_*
	smclas  uint8  // XMC_*
	scnlen  uint64 // for XTY_LD: the containing csect's symbol index
	hasAux  bool
	section string // containing section's type word
}

var errXCOFFTruncated = errors.New("xcoff: truncated file")

func readXCOFF(data []byte) (*File, error) {
	be := binary.BigEndian
	is64 := data[1] == 0xF7
	var (
		nscns          int
		symptr         uint64
		nsyms          int
		opthdr         int
		hdrSize, scnSz int
	)
	if is64 {
		hdrSize, scnSz = 24, 72
		if len(data) < hdrSize {
			return nil, errXCOFFTruncated
		}
		nscns = int(be.Uint16(data[2:]))
		symptr = be.Uint64(data[8:])
		opthdr = int(be.Uint16(data[16:]))
		nsyms = int(int32(be.Uint32(data[20:])))
	} else {
		hdrSize, scnSz = 20, 40
		if len(data) < hdrSize {
			return nil, errXCOFFTruncated
		}
		nscns = int(be.Uint16(data[2:]))
		symptr = uint64(be.Uint32(data[8:]))
		nsyms = int(int32(be.Uint32(data[12:])))
		opthdr = int(be.Uint16(data[16:]))
	}
	// Section headers: only the type word (s_flags) matters here.
	scnOff := hdrSize + opthdr
	if nscns*scnSz > len(data) || scnOff > len(data)-nscns*scnSz {
		return nil, fmt.Errorf("xcoff: %d section headers do not fit in %d bytes", nscns, len(data))
	}
	sectTypes := make([]string, nscns)
	for i := range sectTypes {
		h := data[scnOff+i*scnSz:]
		var flags uint32
		if is64 {
			flags = be.Uint32(h[64:])
		} else {
			flags = be.Uint32(h[36:])
		}
		sectTypes[i] = xcoffSectionType(flags)
	}
	if nsyms <= 0 || symptr == 0 {
		return &File{}, nil
	}
	if symptr > uint64(len(data)) || uint64(nsyms) > (uint64(len(data))-symptr)/xcoffSymSize {
		return nil, fmt.Errorf("xcoff: symbol table (%d entries at %d) runs past the end of %d bytes", nsyms, symptr, len(data))
	}
	symtab := data[symptr : symptr+uint64(nsyms)*xcoffSymSize]
	strtab := data[symptr+uint64(nsyms)*xcoffSymSize:]
	if len(strtab) >= 4 {
		if n := be.Uint32(strtab); n >= 4 && uint64(n) <= uint64(len(strtab)) {
			strtab = strtab[:n]
		}
	}
	strAt := func(off uint32) (string, error) {
		// Offsets 0 to 3 point into the length field: LLVM reads them as
		// the empty name (XCOFFObjectFile::getStringTableEntry), which is
		// how it writes a nameless csect.
		if off < 4 {
			return "", nil
		}
		if uint64(off) >= uint64(len(strtab)) {
			return "", fmt.Errorf("xcoff: string table offset %d out of range", off)
		}
		s := strtab[off:]
		if i := bytes.IndexByte(s, 0); i >= 0 {
			s = s[:i]
		}
		return string(s), nil
	}

	var syms []xcoffSym
	for i := 0; i < nsyms; {
		e := symtab[i*xcoffSymSize : (i+1)*xcoffSymSize]
		s := xcoffSym{index: i}
		var err error
		if is64 {
			s.name, err = strAt(be.Uint32(e[8:]))
		} else if be.Uint32(e[0:]) == 0 {
			s.name, err = strAt(be.Uint32(e[4:]))
		} else {
			n := e[0:8]
			if j := bytes.IndexByte(n, 0); j >= 0 {
				n = n[:j]
			}
			s.name = string(n)
		}
		if err != nil {
			return nil, fmt.Errorf("symbol %d: %w", i, err)
		}
		s.scnum = int16(be.Uint16(e[12:]))
		s.sclass = e[16]
		numaux := int(e[17])
		if numaux > nsyms-i-1 {
			return nil, fmt.Errorf("xcoff: symbol %d has %d auxiliary entries past the end of the table", i, numaux)
		}
		if numaux > 0 && (s.sclass == cEXT || s.sclass == cHIDEXT || s.sclass == cWEAKEXT) {
			// The csect auxiliary entry is always the last one.
			a := symtab[(i+numaux)*xcoffSymSize : (i+numaux+1)*xcoffSymSize]
			if !is64 || a[17] == auxCSECT {
				s.hasAux = true
				s.smtyp = a[10] & 7
				s.smclas = a[11]
				s.scnlen = uint64(be.Uint32(a[0:]))
				if is64 {
					s.scnlen |= uint64(be.Uint32(a[12:])) << 32
				}
			}
		}
		if s.scnum >= 1 && int(s.scnum) <= nscns {
			s.section = sectTypes[s.scnum-1]
		}
		syms = append(syms, s)
		i += 1 + numaux
	}

	f := &File{}
	csectAt := map[int]int{} // symbol index -> index in f.Sections
	var classes []uint8      // mapping class of each csect in f.Sections
	for _, s := range syms {
		if !s.hasAux || s.section == "" || (s.smtyp != xtySD && s.smtyp != xtyCM) {
			continue
		}
		csectAt[s.index] = len(f.Sections)
		classes = append(classes, s.smclas)
		f.Sections = append(f.Sections, Section{
			Index: s.index,
			Name:  s.name,
			Type:  s.section,
			Flags: []string{xcoffMappingClass(s.smclas)},
		})
	}
	for _, s := range syms {
		if !s.hasAux || s.smtyp != xtyLD {
			continue
		}
		if s.scnlen > uint64(nsyms) {
			return nil, fmt.Errorf("xcoff: label %q names csect symbol %d of %d", s.name, s.scnlen, nsyms)
		}
		j, ok := csectAt[int(s.scnlen)]
		if !ok {
			return nil, fmt.Errorf("xcoff: label %q names symbol %d, which is not a csect", s.name, s.scnlen)
		}
		f.Sections[j].Symbols = append(f.Sections[j].Symbols, s.name)
	}
	// A csect without labels is itself the symbol of what it holds, unless
	// a label elsewhere has its name (then the csect is a section named
	// after a global, holding only temporary labels), it is a TOC entry,
	// or it is a code csect not named like an entry point (`.f`).
	labels := map[string]bool{}
	for _, sec := range f.Sections {
		for _, l := range sec.Symbols {
			labels[l] = true
		}
	}
	for i := range f.Sections {
		sec := &f.Sections[i]
		if len(sec.Symbols) > 0 || labels[sec.Name] || isTOCEntry(classes[i]) {
			continue
		}
		if classes[i] == xmcPR && !strings.HasPrefix(sec.Name, ".") {
			continue
		}
		sec.Symbols = []string{sec.Name}
	}
	return f, nil
}
