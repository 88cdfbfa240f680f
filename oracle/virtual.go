package oracle

// Virtual sections (ELF SHT_NOBITS, Mach-O zerofill, COFF uninitialized
// data) hold no bytes in the file. MC rejects what cannot be zero-filled:
// code, relocations (fixups) and non-zero bytes. This file models the
// order of those errors, which decides the first diagnostic:
//
//   - LLVM 14-19 check instructions when they are emitted
//     (MCObjectStreamer::emitInstruction), so code errors come first,
//     in function order;
//   - then MCAssembler::writeSectionData walks the sections in creation
//     order and each section's fragments in emission order, reporting a
//     data fragment's fixups before its non-zero bytes. LLVM 22 checks
//     code there too.

// contents is what one global puts into its section.
type contents int

const (
	contentsZero    contents = iota // only zero bytes
	contentsNonZero                 // some non-zero byte
	contentsFixup                   // a relocation (pointer to a global)
	contentsCode                    // instructions
	// contentsFill is non-zero data AsmPrinter emits as a fill (.zero
	// N,B): an array whose bytes all repeat one non-zero byte.
	contentsFill
)

// contentsOf classifies what global g emits.
func contentsOf(g Global) contents {
	if g.IsFunc() {
		return contentsCode
	}
	in := g.Initializer()
	switch {
	case initNeedsRelocation(in):
		return contentsFixup
	case initIsZero(in):
		return contentsZero
	case in.Form == InitArray && !in.Mixed && repeatedByte(in) && in.Len*max(in.Size, 1) > 1:
		return contentsFill
	}
	return contentsNonZero
}

// repeatedByte reports whether every byte of an array initializer is the
// same (isRepeatedByteSequence): each element's little-endian bytes equal.
func repeatedByte(in Init) bool {
	size := max(in.Size, 1)
	b := byte(in.Value)
	for i := 1; i < size && i < 8; i++ {
		if byte(in.Value>>(8*i)) != b {
			return false
		}
	}
	return true
}

// virtualSection is one section's name (as LLVM's messages print it),
// whether it is virtual, and what was put into it, in emission order.
type virtualSection struct {
	name     string
	virtual  bool
	contents []contents
}

// checkVirtual rejects the module with the first error MC reports for the
// contents of virtual sections. word is the format's name for them in
// LLVM 14-19 ("SHT_NOBITS", "virtual"); rules are the rule names for
// code, fixups and data.
func (p *predictor) checkVirtual(word string, secs []virtualSection, codeRule, fixupRule, dataRule string) {
	// LLVM 14-19 reported code when it was emitted (see codeEmitted).
	atEmission := p.feature("mc-instructions-checked-at-emission")
	fixupsFirst := p.feature("mc-virtual-fixups-first")
	for _, s := range secs {
		if !s.virtual {
			continue
		}
		if fixupsFirst {
			// LLVM 22 looks at a section's fixups before its bytes.
			for _, c := range s.contents {
				if c == contentsFixup {
					p.reject(Error, fixupRule, p.msg("virtual-section-fixups", word, s.name))
					return
				}
			}
		}
		for _, c := range s.contents {
			switch {
			case c == contentsCode && !atEmission:
				p.reject(Error, codeRule, p.msg("virtual-section-code", word, s.name))
			case c == contentsFixup:
				p.reject(Error, fixupRule, p.msg("virtual-section-fixups", word, s.name))
			case c == contentsNonZero:
				p.reject(Error, dataRule, p.msg("virtual-section-data", word, s.name))
			case c == contentsFill && !p.deviates("mc-virtual-fill-unchecked"):
				p.reject(Error, dataRule, p.msg("virtual-section-data", word, s.name))
			default:
				continue
			}
			return
		}
	}
}

// codeEmitted is MCObjectStreamer::emitInstruction in a section: LLVM
// 14-19 reject an instruction in a virtual section there and then, and go
// on compiling.
func (p *predictor) codeEmitted(word, section string, virtual bool, rule string) {
	if virtual && p.feature("mc-instructions-checked-at-emission") {
		p.softError(rule, p.msg("virtual-section-code", word, section))
	}
}
