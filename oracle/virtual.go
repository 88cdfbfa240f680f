package oracle

// Virtual sections (ELF SHT_NOBITS, Mach-O zerofill, COFF uninitialized
// data) hold no bytes in the file. MC rejects what cannot be zero-filled:
// code, relocations (fixups) and non-zero bytes. Which of them it reports,
// and whether it sees them at all, depends on how the object streamer cut
// the section into fragments, so this file replays that:
//
//   - every global is an alignment directive (when its alignment is above
//     1, or always for .lcomm/.zerofill), then its bytes: data (integers,
//     null pointers, strings) and fixups go into the open data fragment;
//     a zeroinitializer aggregate or an array of one repeated byte is a
//     fill fragment of its own (emitZeros, emitFill);
//   - LLVM 14-19 check instructions when they are emitted
//     (MCObjectStreamer::emitInstruction), so code errors come first, in
//     function order, and the code never reaches a fragment; then
//     MCAssembler::writeSectionData reports each data fragment's fixups,
//     then its non-zero bytes, in every fragment of every section; fill
//     fragments are only an assertion (deviation mc-virtual-fill-unchecked);
//   - LLVM 22 (the 2025 fragment rework) turns the open fragment into the
//     alignment fragment (makeAlign) and starts a new one whenever it
//     changes back to a section; writeSectionData checks a fragment's
//     bytes, then its fixups, and stops at a section's first error. The
//     bytes of an alignment fragment are not looked at: a non-zero global
//     followed in the same section by an aligned one is silently dropped
//     (deviation mc-virtual-aligned-bytes-unchecked).

// contents is what one global puts into its section.
type contents int

const (
	contentsZero    contents = iota // only zero bytes, as data (i32 0, ptr null)
	contentsNonZero                 // some non-zero byte
	contentsFixup                   // a relocation (pointer to a global)
	contentsCode                    // instructions
	// contentsFill is non-zero data AsmPrinter emits as a fill (.zero
	// N,B): an array whose bytes all repeat one non-zero byte.
	contentsFill
	// contentsZeroFill is a zeroinitializer aggregate (arrays, structs,
	// all-zero strings), emitted with emitZeros: a fill of zeros.
	contentsZeroFill
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
		if in.Form == InitString || in.Form == InitArray || in.Form == InitStruct {
			return contentsZeroFill // LLVM folds an all-zero aggregate to zeroinitializer
		}
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

// fragment is one MC fragment of a section, as the virtual-section check
// sees it.
type fragment struct {
	nonzero bool // non-zero data bytes (for a fill: its value)
	code    bool // instructions (non-zero bytes when they get here)
	fixup   bool
	fill    bool // a fill fragment
	// aligned: an alignment directive ended the fragment (LLVM 22 makes
	// it the alignment fragment, whose bytes are not checked).
	aligned bool
}

// fragments is what the object streamer made of one section.
type fragments struct {
	list []fragment
	// open: the last fragment takes the next bytes.
	open bool
	// fresh (LLVM 22): changing back to the section starts a new fragment.
	fresh bool
}

// newFragments returns an empty section's fragments for the predicted
// version.
func (p *predictor) newFragments() fragments {
	return fragments{fresh: p.feature("mc-virtual-fragment-check")}
}

// enter is MCObjectStreamer::changeSection to the section from another one.
func (f *fragments) enter() {
	if f.fresh {
		f.open = false
	}
}

// align is emitValueToAlignment or emitCodeAlignment.
func (f *fragments) align() {
	if f.open {
		f.list[len(f.list)-1].aligned = true
	}
	f.open = false
}

// emit adds one global's bytes.
func (f *fragments) emit(c contents) {
	switch c {
	case contentsFill, contentsZeroFill:
		f.list = append(f.list, fragment{fill: true, nonzero: c == contentsFill})
		f.open = false
		return
	}
	if !f.open {
		f.list = append(f.list, fragment{})
		f.open = true
	}
	last := &f.list[len(f.list)-1]
	switch c {
	case contentsNonZero:
		last.nonzero = true
	case contentsFixup:
		last.fixup = true
	case contentsCode:
		last.code = true
	}
}

// emitGlobal is AsmPrinter's emission of a global into the section: its
// alignment directive (when alignsBefore), its label, then its bytes. A
// label that starts an atom (Mach-O: a symbol the linker sees) starts a
// new fragment, as MCMachOStreamer::emitLabel does.
func (f *fragments) emitGlobal(g Global, aligned, atom bool) {
	if aligned {
		f.align()
	}
	if atom {
		f.open = false
	}
	f.emit(contentsOf(g))
}

// emitZerofill is .lcomm, .zerofill and .tbss: an alignment directive
// whatever the alignment, then a fill of zeros.
func (f *fragments) emitZerofill() {
	f.align()
	f.emit(contentsZeroFill)
}

// mcCheck says how one LLVM version checks a virtual section's fragments.
type mcCheck struct {
	bytesFirst   bool // a fragment's bytes before its fixups (LLVM 22)
	codeInFrags  bool // instructions reach the fragments (LLVM 22)
	checkAligned bool // an alignment fragment's bytes are looked at
	checkFills   bool // a fill's value is looked at
}

// problem is what writeSectionData reports for the section's first bad
// fragment: contentsFixup, contentsNonZero, or contentsZero for nothing;
// code says the bad bytes are instructions.
func (f *fragments) problem(mc mcCheck) (c contents, code bool) {
	for _, fr := range f.list {
		if fr.fill {
			if fr.nonzero && mc.checkFills {
				return contentsNonZero, false
			}
			continue
		}
		seen := mc.checkAligned || !fr.aligned
		data, instr := fr.nonzero && seen, fr.code && seen && mc.codeInFrags
		switch {
		case mc.bytesFirst && (data || instr):
			return contentsNonZero, !data
		case fr.fixup:
			return contentsFixup, false
		case data || instr:
			return contentsNonZero, !data
		}
	}
	return contentsZero, false
}

// anyContents reports whether anything but zeros went in.
func (f *fragments) anyContents() bool {
	c, _ := f.problem(mcCheck{codeInFrags: true, checkAligned: true, checkFills: true})
	return c != contentsZero
}

// firstProblem is problem for the predicted version, recording the
// deviations that make LLVM miss what the format's rules reject.
// codeChecked says instructions were checked when they were emitted, so
// the fragments hold none.
func (p *predictor) firstProblem(f *fragments, codeChecked bool) (contents, bool) {
	spec := mcCheck{
		bytesFirst:   p.feature("mc-virtual-fragment-check"),
		codeInFrags:  !codeChecked,
		checkAligned: true,
		checkFills:   true,
	}
	c, code := f.problem(spec)
	if c == contentsZero {
		return c, code
	}
	differs := func(mc mcCheck) bool {
		c2, code2 := f.problem(mc)
		return c2 != c || code2 != code
	}
	actual := spec
	if p.inVersion("mc-virtual-aligned-bytes-unchecked") {
		actual.checkAligned = false
		only := spec
		only.checkAligned = false
		if differs(only) {
			p.deviates("mc-virtual-aligned-bytes-unchecked")
		}
	}
	if p.inVersion("mc-virtual-fill-unchecked") {
		actual.checkFills = false
		only := spec
		only.checkFills = false
		if differs(only) {
			p.deviates("mc-virtual-fill-unchecked")
		}
	}
	return f.problem(actual)
}

// virtualSection is one section's name (as LLVM's messages print it),
// whether it is virtual, and its fragments.
type virtualSection struct {
	name    string
	virtual bool
	frags   *fragments
}

// checkVirtual rejects the module with the first error MC reports for the
// contents of virtual sections, in section order. word is the format's
// name for them in LLVM 14-19 ("SHT_NOBITS", "virtual"); rules are the
// rule names for code, fixups and data.
func (p *predictor) checkVirtual(word string, secs []virtualSection, codeRule, fixupRule, dataRule string) {
	for _, s := range secs {
		if !s.virtual {
			continue
		}
		switch c, code := p.firstProblem(s.frags, p.feature("mc-instructions-checked-at-emission")); {
		case c == contentsFixup:
			p.reject(Error, fixupRule, p.msg("virtual-section-fixups", word, s.name))
			return
		case c == contentsNonZero && code:
			p.reject(Error, codeRule, p.msg("virtual-section-code", word, s.name))
			return
		case c == contentsNonZero:
			p.reject(Error, dataRule, p.msg("virtual-section-data", word, s.name))
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
