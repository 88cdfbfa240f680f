// Package object reads an object file into the few facts sectfuzz compares:
// its sections (name, Mach-O segment, type and flags in llvm-readobj's
// words) and which symbols each section holds.
//
// ELF, Mach-O and COFF go through the standard library's debug/ packages;
// Wasm, XCOFF and GOFF have small readers of their own. Every reader is
// tested against llvm-readobj on objects the real llc wrote.
package object

import (
	"errors"
	"fmt"
)

// Section is one section of an object file.
type Section struct {
	// Index is the section's position as llvm-readobj numbers it.
	Index int
	// Name is the section name as the object stores it.
	Name string
	// Segment is the Mach-O segment; empty elsewhere.
	Segment string
	// Type is the section type in llvm-readobj's words.
	Type string
	// Flags are the flag words llvm-readobj prints, in its order (by name).
	Flags []string
	// Symbols are the names of the symbols defined in the section, as the
	// object stores them (with any underscore prefix).
	Symbols []string
}

// File is a parsed object file.
type File struct {
	// Format is "elf", "macho", "coff", "wasm", "xcoff" or "goff".
	Format   string
	Sections []Section
}

// ErrUnknownFormat is returned for bytes no reader recognises.
var ErrUnknownFormat = errors.New("object: unknown object file format")

// reader recognises and parses one format.
type reader struct {
	format string
	magic  func([]byte) bool
	read   func([]byte) (*File, error)
}

// readers is the table of formats, tried in order. Each format's file adds
// its entry in an init function.
var readers []reader

func register(r reader) { readers = append(readers, r) }

// Read parses an object file of any supported format.
func Read(data []byte) (f *File, err error) {
	for _, r := range readers {
		if r.magic(data) {
			// The readers must not panic on hostile input; a panic here
			// is a bug, but never worth losing a fuzz run over.
			defer func() {
				if p := recover(); p != nil {
					f, err = nil, fmt.Errorf("object: %s reader panicked: %v", r.format, p)
				}
			}()
			f, err := r.read(data)
			if err != nil {
				return nil, fmt.Errorf("object: reading %s: %w", r.format, err)
			}
			f.Format = r.format
			return f, nil
		}
	}
	return nil, ErrUnknownFormat
}

// SectionOf returns the section that defines symbol sym.
func (f *File) SectionOf(sym string) (*Section, bool) {
	for i := range f.Sections {
		for _, s := range f.Sections[i].Symbols {
			if s == sym {
				return &f.Sections[i], true
			}
		}
	}
	return nil, false
}

// Named returns every section with the given name, in file order.
func (f *File) Named(name string) []*Section {
	var out []*Section
	for i := range f.Sections {
		if f.Sections[i].Name == name {
			out = append(out, &f.Sections[i])
		}
	}
	return out
}

// flagWords turns a bit set into the words of a name table, sorted by name
// as llvm-readobj prints them. Bits without a name are dropped: the oracle
// speaks only in named flags.
func flagWords(v uint64, table []flagName) []string {
	var out []string
	for _, f := range table {
		if f.bits != 0 && v&f.bits == f.bits {
			out = append(out, f.name)
		}
	}
	sortWords(out)
	return out
}

// flagName is one entry of llvm-readobj's flag tables.
type flagName struct {
	name string
	bits uint64
}
