package oracle

import "strings"

// sectionKind mirrors LLVM's SectionKind: what a global is, before any
// section name is considered. TargetLoweringObjectFile::getKindForGlobal
// computes it the same way for every object format; each format then maps
// it (and an explicit name) to a section.
type sectionKind int

const (
	skText sectionKind = iota
	skReadOnly
	skMergeable1ByteCString
	skMergeable2ByteCString
	skMergeable4ByteCString
	skMergeableConst4
	skMergeableConst8
	skMergeableConst16
	skMergeableConst32
	skThreadBSS
	skThreadBSSLocal
	skThreadData
	skBSS
	skBSSLocal
	skBSSExtern
	skCommon
	skData
	skReadOnlyWithRel
	skMetadata
	skExclude
)

var sectionKindNames = [...]string{
	"Text", "ReadOnly", "Mergeable1ByteCString", "Mergeable2ByteCString", "Mergeable4ByteCString",
	"MergeableConst4", "MergeableConst8", "MergeableConst16", "MergeableConst32",
	"ThreadBSS", "ThreadBSSLocal", "ThreadData", "BSS", "BSSLocal", "BSSExtern", "Common",
	"Data", "ReadOnlyWithRel", "Metadata", "Exclude",
}

func (k sectionKind) String() string { return sectionKindNames[k] }

func (k sectionKind) isText() bool { return k == skText }
func (k sectionKind) isMergeableCString() bool {
	return k == skMergeable1ByteCString || k == skMergeable2ByteCString || k == skMergeable4ByteCString
}
func (k sectionKind) isMergeableConst() bool {
	return k >= skMergeableConst4 && k <= skMergeableConst32
}
func (k sectionKind) isReadOnly() bool {
	return k == skReadOnly || k.isMergeableCString() || k.isMergeableConst()
}
func (k sectionKind) isThreadBSS() bool       { return k == skThreadBSS || k == skThreadBSSLocal }
func (k sectionKind) isThreadData() bool      { return k == skThreadData }
func (k sectionKind) isThreadLocal() bool     { return k.isThreadBSS() || k.isThreadData() }
func (k sectionKind) isBSS() bool             { return k == skBSS || k == skBSSLocal || k == skBSSExtern }
func (k sectionKind) isCommon() bool          { return k == skCommon }
func (k sectionKind) isData() bool            { return k == skData }
func (k sectionKind) isReadOnlyWithRel() bool { return k == skReadOnlyWithRel }
func (k sectionKind) isMetadata() bool        { return k == skMetadata }
func (k sectionKind) isExclude() bool         { return k == skExclude }
func (k sectionKind) isGlobalWriteableData() bool {
	return k.isBSS() || k.isCommon() || k.isData() || k.isReadOnlyWithRel()
}
func (k sectionKind) isWriteable() bool { return k.isThreadLocal() || k.isGlobalWriteableData() }

// entrySize is the ELF sh_entsize of a mergeable kind (getEntrySizeForKind).
func (k sectionKind) entrySize() int {
	switch k {
	case skMergeable1ByteCString:
		return 1
	case skMergeable2ByteCString:
		return 2
	case skMergeable4ByteCString, skMergeableConst4:
		return 4
	case skMergeableConst8:
		return 8
	case skMergeableConst16:
		return 16
	case skMergeableConst32:
		return 32
	}
	return 0
}

// picByDefault reports the relocation model llc uses for a triple when
// given no -relocation-model: PIC on Darwin, AIX and z/OS, static on ELF
// and the others.
func (t Triple) picByDefault() bool {
	return t.Format == MachO || t.Format == XCOFF || t.Format == GOFF
}

// initIsZero reports whether every byte of the initializer is zero: LLVM
// folds such constants to zeroinitializer (isNullOrUndef). A value counts
// as it is stored: truncated to the element's width.
func initIsZero(in Init) bool {
	if in.Zero {
		return true
	}
	switch in.Form {
	case InitString:
		return strings.Trim(in.Bytes, "\x00") == ""
	case InitPointer:
		return in.Ref == ""
	case InitStruct:
		return int32(in.Value) == 0
	case InitArray:
		return truncBits(in.Value, max(in.Size, 1)*8) == 0
	}
	size := in.Size
	if size == 0 {
		size = 4
	}
	return truncBits(in.Value, size*8) == 0
}

// initNeedsRelocation reports whether the initializer holds the address of
// a global (Constant::needsRelocation).
func initNeedsRelocation(in Init) bool {
	return in.Form == InitPointer && !in.Zero && in.Ref != ""
}

// declForLinker mirrors GlobalValue::isDeclarationForLinker: no definition
// reaches the object (declarations, available_externally, extern_weak).
func declForLinker(g Global) bool {
	return g.Declaration || g.Linkage == AvailExtern || g.Linkage == ExternWeak
}

// kindForGlobal mirrors TargetLoweringObjectFile::getKindForGlobal.
func kindForGlobal(g Global, t Triple) sectionKind {
	if g.IsFunc() {
		return skText
	}
	in := g.Initializer()
	// isSuitableForBSS: zero initializer, not constant, no explicit section.
	suitableForBSS := initIsZero(in) && g.Kind != KindConst && g.Section == ""
	if g.Kind == KindTLS {
		if suitableForBSS {
			if g.Linkage.IsLocal() {
				return skThreadBSSLocal
			}
			return skThreadBSS
		}
		return skThreadData
	}
	if g.Linkage == Common {
		return skCommon
	}
	if suitableForBSS {
		switch {
		case g.Linkage.IsLocal():
			return skBSSLocal
		case g.Linkage == External:
			return skBSSExtern
		}
		return skBSS
	}
	if g.Kind == KindConst {
		if initNeedsRelocation(in) {
			// The initializer needs a relocation: read-only only when the
			// static linker resolves every address.
			if !t.picByDefault() {
				return skReadOnly
			}
			return skReadOnlyWithRel
		}
		if g.UnnamedAddr != "unnamed_addr" {
			return skReadOnly
		}
		if in.Form == InitString && isNullTerminated(in) {
			return skMergeable1ByteCString
		}
		if in.Form == InitArray && in.Len == 1 && initIsZero(in) {
			// [1 x iN] zeroinitializer is a NUL-terminated string too.
			switch in.Size {
			case 1:
				return skMergeable1ByteCString
			case 2:
				return skMergeable2ByteCString
			case 4:
				return skMergeable4ByteCString
			}
		}
		switch in.ByteSize() {
		case 4:
			return skMergeableConst4
		case 8:
			return skMergeableConst8
		case 16:
			return skMergeableConst16
		case 32:
			return skMergeableConst32
		}
		return skReadOnly
	}
	return skData
}

// isNullTerminated mirrors IsNullTerminatedString for an i8 array: the last
// byte is NUL and no other is.
func isNullTerminated(in Init) bool {
	if in.Zero {
		return in.Len <= 1
	}
	for i := 0; i < len(in.Bytes); i++ {
		if in.Bytes[i] == 0 {
			return false
		}
	}
	return true
}

// prefAlign is DataLayout::getPreferredAlign of a global variable for the
// triple's default data layout: the type's preferred alignment (on ELF
// AArch64, i8 and i16 prefer 4 bytes: "i8:8:32-i16:16:32"), raised to an
// explicit alignment, and to 16 for an initialized global over 128 bits
// without one. With a section, an explicit alignment is taken as is.
func prefAlign(g Global, t Triple) int {
	if g.Align > 0 && g.Section != "" {
		return g.Align
	}
	in := g.Initializer()
	elem, size := 4, in.ByteSize()
	switch in.Form {
	case InitScalar, "":
		elem = max(in.Size, 1)
		if in.Size == 0 {
			elem = 4
		}
	case InitString:
		elem = 1
	case InitArray:
		elem = max(in.Size, 1)
	case InitPointer:
		elem = 8
		if !t.Is64() {
			elem = 4
		}
	}
	if in.TypeAlign > 0 {
		elem = in.TypeAlign
	}
	a := elem
	if elem > 8 {
		a = 16
	}
	if (t.Arch == "aarch64" || t.Arch == "aarch64_be") && t.Format == ELF && elem < 4 {
		a = 4
	}
	if g.Align > 0 {
		if g.Align >= a {
			a = g.Align
		} else {
			a = max(g.Align, min(elem, 16))
		}
	}
	if !g.Declaration && g.Align == 0 && a < 16 && size*8 > 128 {
		a = 16
	}
	return a
}

// undefinedTemporary returns a private global that an emitted global
// points to but that is never emitted itself (llvm.metadata): a private
// global is an assembler temporary, so the reference cannot be resolved.
func undefinedTemporary(gs []Global, gotLast bool) (Global, bool) {
	for _, g := range emissionOrder(gs, gotLast) {
		if g.Init == nil || !initNeedsRelocation(*g.Init) {
			continue
		}
		for _, x := range gs {
			if x.Name == g.Init.Ref && x.Linkage == Private && !x.IsFunc() && notEmitted(x) != "" {
				return x, true
			}
		}
	}
	return Global{}, false
}

// alignsBefore reports whether AsmPrinter emits an alignment directive
// before g (emitAlignment skips an alignment of 1): a variable's is its
// preferred alignment (getGVAlignment); every target aligns functions to
// more than a byte, unless an align attribute and a section make the
// function's own alignment exact.
func alignsBefore(g Global, t Triple) bool {
	if g.IsFunc() {
		return g.Align != 1 || g.Section == ""
	}
	return prefAlign(g, t) > 1
}
