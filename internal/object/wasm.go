package object

// A reader of WebAssembly object files (relocatable .o files as llc writes
// them), just deep enough to say where each symbol lives.
//
// A Wasm object is the magic "\0asm", a 4-byte version (1), then sections:
// one id byte, a ULEB128 payload size, the payload. The sections sectfuzz
// cares about:
//
//   - CODE (10): the bodies of the defined functions. Every defined
//     function symbol lives here; llc ignores `section` on functions.
//   - DATA (11): the data segments. Each LLVM data section becomes one
//     segment; a data symbol names its segment by index.
//   - the custom section "linking" (version 2), whose subsections
//     WASM_SEGMENT_INFO (5) give each segment its name, alignment and flags
//     (STRINGS, TLS, RETAIN), and WASM_SYMBOL_TABLE (8) lists the symbols.
//   - IMPORT (2) and FUNCTION (3), which count the imported and defined
//     functions, so that a function symbol's index can be checked.
//
// The File it returns lists the sections in file order. The DATA section is
// replaced by one Section per data segment (Name: the segment's name, Type
// "DATA", Flags: the segment flags), so that a data symbol's Section is its
// segment, as the oracle's placements describe it. CODE is Name and Type
// "CODE"; a custom section is Type "CUSTOM" with its own name; every other
// section is named by its type word. Type words are llvm-readobj's.
//
// The reader never trusts a count or a length: every read is bounds-checked
// and a malformed file is an error, never a panic (FuzzReadWasm). Where
// LLVM's own reader (WasmObjectFile) rejects a file sectfuzz also rejects,
// with LLVM's words, e.g. "invalid data segment index: 0" for the dangling
// symbols LLVM 14 writes for .init_array globals.

import (
	"bytes"
	"errors"
	"fmt"
)

const wasmMagic = "\x00asm"

// Section ids, from llvm/BinaryFormat/Wasm.h (WASM_SEC_*).
const (
	wasmSecCustom   = 0
	wasmSecImport   = 2
	wasmSecFunction = 3
	wasmSecCode     = 10
	wasmSecData     = 11
)

// wasmSectionTypes names section ids as llvm-readobj prints them
// ("Type: CODE (0xA)").
var wasmSectionTypes = [...]string{
	0: "CUSTOM", 1: "TYPE", 2: "IMPORT", 3: "FUNCTION", 4: "TABLE", 5: "MEMORY",
	6: "GLOBAL", 7: "EXPORT", 8: "START", 9: "ELEM", 10: "CODE", 11: "DATA",
	12: "DATACOUNT", 13: "TAG",
}

// wasmSegmentFlags are the WASM_SEG_FLAG_* bits of a data segment's
// linking flags. llvm-readobj does not print them; the words are
// obj2yaml's (WasmYAML's SegmentFlags), which the tests check.
var wasmSegmentFlags = []flagName{
	{"STRINGS", 0x1},
	{"TLS", 0x2},
	{"RETAIN", 0x4},
}

// Linking-section subsections and symbol kinds (WASM_SEGMENT_INFO,
// WASM_SYMBOL_TABLE, WASM_SYMBOL_TYPE_*) and symbol flags.
const (
	wasmLinkingVersion = 2
	wasmSegmentInfo    = 5
	wasmSymbolTable    = 8

	wasmSymFunction = 0
	wasmSymData     = 1
	wasmSymGlobal   = 2
	wasmSymSection  = 3
	wasmSymTag      = 4
	wasmSymTable    = 5

	wasmSymUndefined    = 0x10
	wasmSymExplicitName = 0x40
)

// Import kinds (WASM_EXTERNAL_*), and limits flags.
const (
	wasmExternalFunction = 0
	wasmExternalTable    = 1
	wasmExternalMemory   = 2
	wasmExternalGlobal   = 3
	wasmExternalTag      = 4

	wasmLimitsHasMax      = 0x1
	wasmLimitsIs64        = 0x4
	wasmLimitsHasPageSize = 0x8
)

func init() {
	register(reader{"wasm", func(b []byte) bool { return bytes.HasPrefix(b, []byte(wasmMagic)) }, readWasm})
}

// wasmSection is one raw section of the file.
type wasmSection struct {
	id      byte
	name    string // custom sections only
	payload []byte // after the id, size and (custom) name
}

// wasmSegment is one data segment.
type wasmSegment struct {
	name  string
	flags uint64
}

// wasmSymbol is one entry of the linking section's symbol table.
type wasmSymbol struct {
	kind    byte
	flags   uint64
	name    string
	index   uint64 // function/global/table/tag/section index
	segment uint64 // data symbols
}

func (s wasmSymbol) defined() bool { return s.flags&wasmSymUndefined == 0 }

func readWasm(data []byte) (*File, error) {
	r := &wasmCursor{b: data}
	if string(r.bytes(4)) != wasmMagic {
		return nil, errors.New("invalid magic number")
	}
	if v := r.u32le(); r.err == nil && v != 1 {
		return nil, fmt.Errorf("invalid version number: %d", v)
	}
	var secs []wasmSection
	for r.err == nil && r.len() > 0 {
		id := r.byte()
		size := r.uleb32()
		body := r.bytes(size)
		if r.err != nil {
			return nil, fmt.Errorf("section %d: %w", len(secs), r.err)
		}
		s := wasmSection{id: id, payload: body}
		if id == wasmSecCustom {
			c := &wasmCursor{b: body}
			s.name = c.name()
			if c.err != nil {
				return nil, fmt.Errorf("custom section %d: %w", len(secs), c.err)
			}
			s.payload = c.rest()
		} else if int(id) >= len(wasmSectionTypes) {
			return nil, fmt.Errorf("invalid section type: %d", id)
		}
		secs = append(secs, s)
	}
	if r.err != nil {
		return nil, r.err
	}

	// First pass: counts and segments, which the linking section refers to.
	var (
		importedFuncs, definedFuncs uint64
		segments                    []wasmSegment
		haveCode                    bool
	)
	for i, s := range secs {
		var err error
		switch s.id {
		case wasmSecImport:
			importedFuncs, err = wasmImportedFunctions(s.payload)
		case wasmSecFunction:
			c := &wasmCursor{b: s.payload}
			definedFuncs, err = c.count(1), c.err
		case wasmSecData:
			segments, err = wasmDataSegments(s.payload)
		case wasmSecCode:
			haveCode = true
		}
		if err != nil {
			return nil, fmt.Errorf("%s section %d: %w", wasmSectionTypes[s.id], i, err)
		}
	}

	// Second pass: the linking section names the segments and lists the
	// symbols.
	var syms []wasmSymbol
	for i, s := range secs {
		if s.id != wasmSecCustom || s.name != "linking" {
			continue
		}
		var err error
		syms, err = wasmLinking(s.payload, segments)
		if err != nil {
			return nil, fmt.Errorf("linking section %d: %w", i, err)
		}
	}

	f := &File{}
	segSection := make([]int, len(segments)) // segment -> index in f.Sections
	code := -1
	for i, s := range secs {
		switch s.id {
		case wasmSecData:
			for k, seg := range segments {
				segSection[k] = len(f.Sections)
				f.Sections = append(f.Sections, Section{
					Index: i, Name: seg.name, Type: "DATA",
					Flags: flagWords(seg.flags, wasmSegmentFlags),
				})
			}
		case wasmSecCode:
			code = len(f.Sections)
			f.Sections = append(f.Sections, Section{Index: i, Name: "CODE", Type: "CODE"})
		case wasmSecCustom:
			f.Sections = append(f.Sections, Section{Index: i, Name: s.name, Type: "CUSTOM"})
		default:
			t := wasmSectionTypes[s.id]
			f.Sections = append(f.Sections, Section{Index: i, Name: t, Type: t})
		}
	}
	for _, sym := range syms {
		if !sym.defined() {
			continue
		}
		switch sym.kind {
		case wasmSymData:
			if sym.segment >= uint64(len(segments)) {
				// LLVM's reader refuses the file with these words, and so
				// does every linker: a symbol pointing at no segment.
				return nil, fmt.Errorf("invalid data segment index: %d", sym.segment)
			}
			k := segSection[sym.segment]
			f.Sections[k].Symbols = append(f.Sections[k].Symbols, sym.name)
		case wasmSymFunction:
			if sym.index < importedFuncs || sym.index-importedFuncs >= definedFuncs || !haveCode {
				return nil, errors.New("invalid function symbol index")
			}
			f.Sections[code].Symbols = append(f.Sections[code].Symbols, sym.name)
		}
	}
	return f, nil
}

// wasmImportedFunctions counts the function imports of an IMPORT section.
func wasmImportedFunctions(b []byte) (uint64, error) {
	c := &wasmCursor{b: b}
	n := c.count(3)
	var funcs uint64
	for i := uint64(0); i < n && c.err == nil; i++ {
		c.name() // module
		c.name() // field
		switch kind := c.byte(); kind {
		case wasmExternalFunction:
			c.uleb32() // signature index
			funcs++
		case wasmExternalTable:
			c.valType() // element type
			c.limits()
		case wasmExternalMemory:
			c.limits()
		case wasmExternalGlobal:
			c.valType()
			c.byte() // mutable
		case wasmExternalTag:
			c.byte()   // attribute
			c.uleb32() // signature index
		default:
			if c.err == nil {
				c.err = fmt.Errorf("unexpected import kind: %d", kind)
			}
		}
	}
	return funcs, c.err
}

// wasmDataSegments reads the segments of a DATA section; their names come
// later, from the linking section.
func wasmDataSegments(b []byte) ([]wasmSegment, error) {
	c := &wasmCursor{b: b}
	n := c.count(2)
	segs := make([]wasmSegment, 0, n)
	for i := uint64(0); i < n && c.err == nil; i++ {
		flags := c.uleb32()
		const passive, hasMemIndex = 0x1, 0x2
		if flags&^(passive|hasMemIndex) != 0 && c.err == nil {
			c.err = fmt.Errorf("invalid data segment flags: %d", flags)
		}
		if flags&passive == 0 {
			if flags&hasMemIndex != 0 {
				c.uleb32()
			}
			c.initExpr()
		}
		c.bytes(c.uleb32())
		segs = append(segs, wasmSegment{})
	}
	return segs, c.err
}

// wasmLinking reads the linking section: segment names and flags into segs,
// and the symbol table.
func wasmLinking(b []byte, segs []wasmSegment) ([]wasmSymbol, error) {
	c := &wasmCursor{b: b}
	if v := c.uleb32(); c.err == nil && v != wasmLinkingVersion {
		return nil, fmt.Errorf("unexpected metadata version: %d (Expected: %d)", v, wasmLinkingVersion)
	}
	var syms []wasmSymbol
	for c.err == nil && c.len() > 0 {
		typ := c.byte()
		sub := &wasmCursor{b: c.bytes(c.uleb32())}
		if c.err != nil {
			break
		}
		switch typ {
		case wasmSegmentInfo:
			n := sub.count(3)
			if n > uint64(len(segs)) && sub.err == nil {
				return nil, errors.New("too many segment names")
			}
			for i := uint64(0); i < n && sub.err == nil; i++ {
				segs[i].name = sub.name()
				sub.uleb32() // alignment (log2)
				segs[i].flags = sub.uleb32()
			}
		case wasmSymbolTable:
			n := sub.count(2)
			syms = make([]wasmSymbol, 0, n)
			for i := uint64(0); i < n && sub.err == nil; i++ {
				syms = append(syms, sub.symbol())
			}
		}
		if sub.err != nil {
			return nil, fmt.Errorf("subsection %d: %w", typ, sub.err)
		}
	}
	return syms, c.err
}

// wasmCursor reads a byte slice front to back. The first failure sticks in
// err; every later read returns zero values, so callers check err once.
type wasmCursor struct {
	b   []byte
	err error
}

var errWasmEOF = errors.New("unexpected end of file")

func (c *wasmCursor) len() int { return len(c.b) }

func (c *wasmCursor) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func (c *wasmCursor) rest() []byte {
	b := c.b
	c.b = nil
	return b
}

func (c *wasmCursor) bytes(n uint64) []byte {
	if c.err != nil {
		return nil
	}
	if n > uint64(len(c.b)) {
		c.fail(errWasmEOF)
		return nil
	}
	out := c.b[:n]
	c.b = c.b[n:]
	return out
}

func (c *wasmCursor) byte() byte {
	b := c.bytes(1)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

func (c *wasmCursor) u32le() uint32 {
	b := c.bytes(4)
	if len(b) < 4 {
		return 0
	}
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// uleb reads an unsigned LEB128 of at most bits bits, rejecting encodings
// that overflow them (as LLVM's decodeULEB128 does).
func (c *wasmCursor) uleb(bits uint) uint64 {
	var v uint64
	for shift := uint(0); c.err == nil; shift += 7 {
		b := c.byte()
		if c.err != nil {
			return 0
		}
		low := uint64(b & 0x7f)
		if shift >= 64 || (shift > 0 && low>>(64-shift) != 0) {
			c.fail(errors.New("uleb128 too big for uint64"))
			return 0
		}
		v |= low << shift
		if b&0x80 == 0 {
			break
		}
	}
	if bits < 64 && v>>bits != 0 {
		c.fail(fmt.Errorf("LEB is outside Varuint%d range", bits))
		return 0
	}
	return v
}

func (c *wasmCursor) uleb32() uint64 { return c.uleb(32) }

// sleb skips a signed LEB128 (init expressions only need it consumed).
func (c *wasmCursor) sleb() {
	for i := 0; c.err == nil; i++ {
		if i == 10 {
			c.fail(errors.New("sleb128 too big for int64"))
			return
		}
		if c.byte()&0x80 == 0 {
			return
		}
	}
}

// count reads an element count and checks it against the bytes left: each
// element takes at least minSize bytes, so a huge count in a small file is
// an error, not a huge allocation.
func (c *wasmCursor) count(minSize uint64) uint64 {
	n := c.uleb32()
	if c.err == nil && n > uint64(len(c.b))/minSize {
		c.fail(errWasmEOF)
		return 0
	}
	return n
}

// name reads a length-prefixed string. Names are byte strings: llc writes
// a section string's bytes as they are, NULs and invalid UTF-8 included.
func (c *wasmCursor) name() string { return string(c.bytes(c.uleb32())) }

// valType skips a value type, including the (ref null? ht) forms.
func (c *wasmCursor) valType() {
	switch c.byte() {
	case 0x63, 0x64: // WASM_TYPE_NULLABLE, WASM_TYPE_NONNULLABLE + heap type
		c.sleb()
	}
}

// limits skips a table or memory limits record.
func (c *wasmCursor) limits() {
	flags := c.uleb32()
	bits := uint(32)
	if flags&wasmLimitsIs64 != 0 {
		bits = 64
	}
	c.uleb(bits) // minimum
	if flags&wasmLimitsHasMax != 0 {
		c.uleb(bits)
	}
	if flags&wasmLimitsHasPageSize != 0 {
		c.uleb32()
	}
}

// initExpr skips a constant expression up to its END opcode, accepting the
// opcodes LLVM's reader accepts (including extended constant expressions).
func (c *wasmCursor) initExpr() {
	for c.err == nil {
		switch op := c.byte(); op {
		case 0x0b: // end
			return
		case 0x41, 0x42: // i32.const, i64.const
			c.sleb()
		case 0x43: // f32.const
			c.bytes(4)
		case 0x44: // f64.const
			c.bytes(8)
		case 0x23, 0xd2: // global.get, ref.func
			c.uleb32()
		case 0xd0: // ref.null
			c.sleb()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // i32/i64 add, sub, mul
		default:
			if c.err == nil {
				c.fail(fmt.Errorf("invalid opcode in init_expr: %d", op))
			}
		}
	}
}

// symbol reads one WASM_SYMBOL_TABLE entry.
func (c *wasmCursor) symbol() wasmSymbol {
	s := wasmSymbol{kind: c.byte(), flags: c.uleb32()}
	switch s.kind {
	case wasmSymFunction, wasmSymGlobal, wasmSymTag, wasmSymTable:
		s.index = c.uleb32()
		if s.defined() || s.flags&wasmSymExplicitName != 0 {
			s.name = c.name()
		}
	case wasmSymData:
		s.name = c.name()
		if s.defined() {
			s.segment = c.uleb32()
			c.uleb(64) // offset
			c.uleb(64) // size
		}
	case wasmSymSection:
		s.index = c.uleb32()
	default:
		c.fail(fmt.Errorf("invalid symbol type: %d", s.kind))
	}
	return s
}
