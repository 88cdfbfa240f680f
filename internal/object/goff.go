package object

import (
	"encoding/binary"
	"fmt"
)

// GOFF (z/OS) objects: a sequence of 80-byte physical records, each a
// 3-byte prefix (0x03, type<<4 | continuation flags, version) and 77 bytes
// of payload. A logical record that does not fit continues in the
// following physical records. Only External Symbol Dictionary (ESD)
// records matter here; the layout is IBM's "Generalized object file format
// (GOFF)" in MVS Program Management: Advanced Facilities, as LLVM writes it
// (llvm/lib/MC/GOFFObjectWriter.cpp, GOFFWriter::writeSymbol).
//
// GOFF has no sections in the ELF sense. Symbols own each other: a section
// definition (SD) owns element definitions (ED) named after their class
// (C_CODE64, C_WSA64, B_IDRL, ...); an element owns label definitions (LD,
// e.g. a function's entry) and part references (PR, e.g. a variable in its
// own part of C_WSA64). So this reader reports one Section per element and
// kind of owned symbol:
//
//	Name    the element's (class) name: C_CODE64, C_WSA64, ...
//	Type    the owned symbols' ESD symbol type, in the words of LLVM's
//	        GOFF enum as obj2yaml/yaml2obj spell them (GOFFYAML.cpp):
//	        ESD_ST_LabelDefinition, ESD_ST_PartReference
//	Flags   none
//	Symbols the owned symbols' names
//
// No LLVM tool prints GOFF objects in LLVM 19 or 22 (llvm-readobj,
// llvm-objdump and obj2yaml reject them as "not a valid object file"), so
// the reader is tested against what llc -S prints for the same module (the
// HLASM CSECT / CATTR / XATTR lines) and against the record layout itself.
//
// Names are EBCDIC (IBM-1047) and are converted to Latin-1/UTF-8 the way
// LLVM's ConverterEBCDIC::convertToUTF8 does. Every length is checked, so a
// truncated or hostile file is an error, never a panic.

func init() {
	register(reader{"goff", isGOFF, readGOFF})
}

// isGOFF matches LLVM's identify_magic: a module header record first.
func isGOFF(b []byte) bool {
	return len(b) >= 3 && b[0] == 0x03 && b[1] == 0xF0 && b[2] == 0x00
}

const (
	goffRecordLen  = 80
	goffPrefixLen  = 3
	goffRecESD     = 0
	goffContinued  = 0x01 // this physical record continues in the next
	goffContinuing = 0x02 // this physical record continues the previous

	// Offsets into an ESD record's logical payload (after the prefix).
	esdSymbolType = 0
	esdID         = 1
	esdParentID   = 5
	esdNameLen    = 67
	esdName       = 69
)

// goffSymbolTypes are the ESD symbol types, named as LLVM's GOFFYAML names
// the GOFF::ESDSymbolType enum.
var goffSymbolTypes = []string{
	0: "ESD_ST_SectionDefinition",
	1: "ESD_ST_ElementDefinition",
	2: "ESD_ST_LabelDefinition",
	3: "ESD_ST_PartReference",
	4: "ESD_ST_ExternalReference",
}

func goffSymbolType(t uint8) string {
	if int(t) < len(goffSymbolTypes) {
		return goffSymbolTypes[t]
	}
	return fmt.Sprintf("0x%X", t)
}

// goffRecord is one logical record: its type and its joined payload.
type goffRecord struct {
	typ     uint8
	payload []byte
}

// goffRecords joins physical records into logical ones.
func goffRecords(data []byte) ([]goffRecord, error) {
	if len(data)%goffRecordLen != 0 {
		return nil, fmt.Errorf("goff: %d bytes is not a whole number of %d-byte records", len(data), goffRecordLen)
	}
	var recs []goffRecord
	open := false // the last logical record expects a continuation
	for off := 0; off < len(data); off += goffRecordLen {
		r := data[off : off+goffRecordLen]
		if r[0] != 0x03 {
			return nil, fmt.Errorf("goff: record at %d does not start with 0x03", off)
		}
		typ, flags := r[1]>>4, r[1]&0x0F
		if flags&goffContinuing != 0 {
			if !open || recs[len(recs)-1].typ != typ {
				return nil, fmt.Errorf("goff: stray continuation record at %d", off)
			}
			last := &recs[len(recs)-1]
			last.payload = append(last.payload, r[goffPrefixLen:]...)
		} else {
			if open {
				return nil, fmt.Errorf("goff: record at %d interrupts a continued record", off)
			}
			recs = append(recs, goffRecord{typ: typ, payload: append([]byte(nil), r[goffPrefixLen:]...)})
		}
		open = flags&goffContinued != 0
	}
	if open {
		return nil, fmt.Errorf("goff: last record is marked as continued")
	}
	return recs, nil
}

// goffSym is one ESD symbol.
type goffSym struct {
	typ    uint8
	id     uint32
	parent uint32
	name   string
}

func readGOFF(data []byte) (*File, error) {
	recs, err := goffRecords(data)
	if err != nil {
		return nil, err
	}
	be := binary.BigEndian
	var syms []goffSym
	byID := map[uint32]int{}
	for i, r := range recs {
		if r.typ != goffRecESD {
			continue
		}
		p := r.payload
		if len(p) < esdName {
			return nil, fmt.Errorf("goff: ESD record %d is %d bytes long", i, len(p))
		}
		n := int(be.Uint16(p[esdNameLen:]))
		if n > len(p)-esdName {
			return nil, fmt.Errorf("goff: ESD record %d: name of %d bytes runs past its record", i, n)
		}
		s := goffSym{
			typ:    p[esdSymbolType],
			id:     be.Uint32(p[esdID:]),
			parent: be.Uint32(p[esdParentID:]),
			name:   ebcdicToUTF8(p[esdName : esdName+n]),
		}
		if _, dup := byID[s.id]; dup {
			return nil, fmt.Errorf("goff: ESDID %d defined twice", s.id)
		}
		byID[s.id] = len(syms)
		syms = append(syms, s)
	}

	f := &File{}
	// One Section per (element, owned symbol type), in the order the
	// elements and then their symbols appear.
	type key struct {
		ed  uint32
		typ uint8
	}
	at := map[key]int{}
	for _, s := range syms {
		if s.typ != 2 && s.typ != 3 { // LD, PR
			continue
		}
		pi, ok := byID[s.parent]
		if !ok || syms[pi].typ != 1 { // owned by an ED
			continue
		}
		ed := syms[pi]
		k := key{ed.id, s.typ}
		j, ok := at[k]
		if !ok {
			j = len(f.Sections)
			at[k] = j
			f.Sections = append(f.Sections, Section{
				Index: int(ed.id),
				Name:  ed.name,
				Type:  goffSymbolType(s.typ),
			})
		}
		f.Sections[j].Symbols = append(f.Sections[j].Symbols, s.name)
	}
	return f, nil
}

// ibm1047ToLatin1 is LLVM's IBM1047ToISO88591 table (ConvertEBCDIC.cpp).
var ibm1047ToLatin1 = [256]byte{
	0x00, 0x01, 0x02, 0x03, 0x9c, 0x09, 0x86, 0x7f, 0x97, 0x8d, 0x8e, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x9d, 0x0a, 0x08, 0x87,
	0x18, 0x19, 0x92, 0x8f, 0x1c, 0x1d, 0x1e, 0x1f, 0x80, 0x81, 0x82, 0x83,
	0x84, 0x85, 0x17, 0x1b, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x05, 0x06, 0x07,
	0x90, 0x91, 0x16, 0x93, 0x94, 0x95, 0x96, 0x04, 0x98, 0x99, 0x9a, 0x9b,
	0x14, 0x15, 0x9e, 0x1a, 0x20, 0xa0, 0xe2, 0xe4, 0xe0, 0xe1, 0xe3, 0xe5,
	0xe7, 0xf1, 0xa2, 0x2e, 0x3c, 0x28, 0x2b, 0x7c, 0x26, 0xe9, 0xea, 0xeb,
	0xe8, 0xed, 0xee, 0xef, 0xec, 0xdf, 0x21, 0x24, 0x2a, 0x29, 0x3b, 0x5e,
	0x2d, 0x2f, 0xc2, 0xc4, 0xc0, 0xc1, 0xc3, 0xc5, 0xc7, 0xd1, 0xa6, 0x2c,
	0x25, 0x5f, 0x3e, 0x3f, 0xf8, 0xc9, 0xca, 0xcb, 0xc8, 0xcd, 0xce, 0xcf,
	0xcc, 0x60, 0x3a, 0x23, 0x40, 0x27, 0x3d, 0x22, 0xd8, 0x61, 0x62, 0x63,
	0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xab, 0xbb, 0xf0, 0xfd, 0xfe, 0xb1,
	0xb0, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0xaa, 0xba,
	0xe6, 0xb8, 0xc6, 0xa4, 0xb5, 0x7e, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
	0x79, 0x7a, 0xa1, 0xbf, 0xd0, 0x5b, 0xde, 0xae, 0xac, 0xa3, 0xa5, 0xb7,
	0xa9, 0xa7, 0xb6, 0xbc, 0xbd, 0xbe, 0xdd, 0xa8, 0xaf, 0x5d, 0xb4, 0xd7,
	0x7b, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xad, 0xf4,
	0xf6, 0xf2, 0xf3, 0xf5, 0x7d, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50,
	0x51, 0x52, 0xb9, 0xfb, 0xfc, 0xf9, 0xfa, 0xff, 0x5c, 0xf7, 0x53, 0x54,
	0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0xb2, 0xd4, 0xd6, 0xd2, 0xd3, 0xd5,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xb3, 0xdb,
	0xdc, 0xd9, 0xda, 0x9f,
}

// ebcdicToUTF8 converts an IBM-1047 name to UTF-8 (Latin-1 code points).
func ebcdicToUTF8(b []byte) string {
	out := make([]rune, len(b))
	for i, c := range b {
		out[i] = rune(ibm1047ToLatin1[c])
	}
	return string(out)
}
