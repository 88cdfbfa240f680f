package oracle

// GOFF (s390x-ibm-zos): section strings are ignored.
// TargetLoweringObjectFileGOFF::getExplicitSectionGlobal simply calls
// SelectSectionForGlobal, which looks at the section kind alone:
//
//   - writable data and BSS get a section definition (SD) of their own
//     named after the symbol, owning an element (ED) of class C_WSA64,
//     owning a part (PR) named after the symbol: placement C_WSA64 /
//     ESD_ST_PartReference;
//   - everything else (code, read-only data, read-only data with
//     relocations, thread-local data) goes into the text section: a label
//     (LD) in the element C_CODE64 of the module's root SD: placement
//     C_CODE64 / ESD_ST_LabelDefinition.
//
// No symbol reaches the object for private globals (temporary L# labels),
// declarations, and common globals (the GOFF streamer does not emit common
// symbols). A variable in section "llvm.metadata" is never emitted
// (AsmPrinter::emitSpecialLLVMGlobal).
//
// LLVM 19's GOFF writer writes only the header and end records
// (deviation goff-writer-no-symbols); LLVM 14 has no GOFF streamer at all
// (unsupported, versions.go); LLVM 22's writer crashes on a reference to a
// private variable with a part of its own (goff-private-part-reference-crash).

func init() { rulesByFormat[GOFF] = predictGOFF }

// GOFF element (class) names and ESD symbol types, in the words of LLVM's
// GOFF.h and GOFFYAML (no llvm-readobj of 19 or 22 reads GOFF).
const (
	goffClassCode = "C_CODE64"
	goffClassWSA  = "C_WSA64"
	goffLabel     = "ESD_ST_LabelDefinition"
	goffPart      = "ESD_ST_PartReference"
)

func predictGOFF(p *predictor) {
	for _, g := range p.c.Globals {
		switch {
		case declForLinker(g):
			p.note(g, "goff/declaration")
			continue
		case g.Linkage == Private:
			p.note(g, "goff/private")
			continue
		case !g.IsFunc() && g.Section == "llvm.metadata":
			p.note(g, "goff/llvm-metadata")
			continue
		case g.Linkage == Common && !g.IsFunc() && g.Kind != KindTLS:
			p.note(g, "goff/common")
			continue
		}
		rule, pl := "goff/code-label", Placement{Name: goffClassCode, Type: goffLabel}
		if kind := kindForGlobal(g, p.tr); kind.isData() || kind.isBSS() {
			rule, pl = "goff/wsa-part", Placement{Name: goffClassWSA, Type: goffPart}
		}
		if p.deviates("goff-writer-no-symbols") {
			p.note(g, rule)
			continue
		}
		p.place(g, rule, pl)
	}
	goffWrite(p)
}

// goffWrite is the object writer's turn. A private variable that gets a
// part of its own has only a temporary symbol; a relocation against it
// makes GOFFObjectWriter::writeObject dereference a symbol that was never
// given an ESD record.
func goffWrite(p *predictor) {
	if !p.inVersion("goff-private-part-reference-crash") {
		return
	}
	privatePart := map[string]bool{}
	for _, g := range p.c.Globals {
		if g.Linkage == Private && !g.IsFunc() && g.Section != "llvm.metadata" {
			if k := kindForGlobal(g, p.tr); k.isData() || k.isBSS() {
				privatePart[g.Name] = true
			}
		}
	}
	for _, g := range p.c.Globals {
		if g.IsFunc() || declForLinker(g) || g.Section == "llvm.metadata" || g.Init == nil || !initNeedsRelocation(*g.Init) {
			continue
		}
		if privatePart[g.Init.Ref] && p.deviates("goff-private-part-reference-crash") {
			p.reject(Crash, "goff/private-part-reference", p.msg("goff-crash-private-part"))
			return
		}
	}
}
