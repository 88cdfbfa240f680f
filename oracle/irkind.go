package oracle

import "strings"

// xgKind is LLVM's SectionKind of a global, as
// TargetLoweringObjectFile::getKindForGlobal computes it with the default
// target options (zeros go to BSS, the relocation model is PIC as on AIX
// and z/OS). The XCOFF and GOFF rules both start from it.
type xgKind int

const (
	xgText xgKind = iota
	xgData
	xgBSS       // zero, not local, not external (weak, linkonce, ...)
	xgBSSLocal  // zero, internal or private
	xgBSSExtern // zero, external
	xgCommon
	xgReadOnly
	xgReadOnlyWithRel // a constant whose initializer needs a dynamic relocation
	xgThreadData
	xgThreadBSS
	xgThreadBSSLocal
)

// isBSS mirrors SectionKind::isBSS (BSS, BSSLocal, BSSExtern).
func (k xgKind) isBSS() bool { return k == xgBSS || k == xgBSSLocal || k == xgBSSExtern }

// isThreadLocal mirrors SectionKind::isThreadLocal.
func (k xgKind) isThreadLocal() bool {
	return k == xgThreadData || k == xgThreadBSS || k == xgThreadBSSLocal
}

// xgKindOf classifies global g the way getKindForGlobal does: thread-local
// first, then common linkage, then zero data that may go to BSS (never with
// an explicit section, never a constant), then constants (read-only unless
// the initializer points at a global), then plain data.
func xgKindOf(g Global) xgKind {
	if g.IsFunc() {
		return xgText
	}
	in := g.Initializer()
	bssOK := initIsZero(in) && g.Kind != KindConst && g.Section == ""
	local := g.Linkage.IsLocal()
	if g.Kind == KindTLS {
		switch {
		case bssOK && local:
			return xgThreadBSSLocal
		case bssOK:
			return xgThreadBSS
		}
		return xgThreadData
	}
	if g.Linkage == Common {
		return xgCommon
	}
	if bssOK {
		switch {
		case local:
			return xgBSSLocal
		case g.Linkage == External:
			return xgBSSExtern
		}
		return xgBSS
	}
	if g.Kind == KindConst {
		if initNeedsRelocation(in) {
			return xgReadOnlyWithRel
		}
		return xgReadOnly
	}
	return xgData
}

// initIsZero reports whether every byte of the initializer is zero: LLVM
// folds such constants to zeroinitializer (isNullOrUndef).
func initIsZero(in Init) bool {
	if in.Zero {
		return true
	}
	switch in.Form {
	case InitString:
		return strings.Trim(in.Bytes, "\x00") == ""
	case InitPointer:
		return in.Ref == ""
	}
	return in.Value == 0
}

// initNeedsRelocation reports whether the initializer holds the address of
// a global (Constant::needsDynamicRelocation in a PIC model).
func initNeedsRelocation(in Init) bool {
	return in.Form == InitPointer && !in.Zero && in.Ref != ""
}

// xgDeclForLinker mirrors GlobalValue::isDeclarationForLinker: no
// definition reaches the object (declarations, available_externally).
func xgDeclForLinker(g Global) bool {
	return g.Declaration || g.Linkage == AvailExtern || g.Linkage == ExternWeak
}
