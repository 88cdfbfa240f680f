package oracle

import (
	"fmt"
	"strings"
)

// Options change what Predict models.
type Options struct {
	// Spec predicts the format's spec rules alone, without the LLVM
	// version's known deviations: what a lit test's CHECK lines state.
	Spec bool
}

// formatRules predicts a whole module of one object format. It reads p.c,
// and records its answer through p.place and p.reject.
type formatRules func(p *predictor)

// rulesByFormat is the table of per-format rule sets, one file each; each
// file registers itself in an init function.
var rulesByFormat = map[Format]formatRules{}

// Predict says what LLVM c.LLVM does with module c.
func Predict(c Case, opt Options) Outcome {
	if c.LLVM == 0 {
		c.LLVM = DefaultVersion
	}
	p := &predictor{c: c, tr: TripleFor(c.Triple, c.LLVM), spec: opt.Spec}
	p.out.Verdict = Accepted
	if targetMissing(p.tr.Arch, c.LLVM) {
		return Outcome{Verdict: Unsupported, Diag: p.msg("no-target", NormalizeTriple(c.Triple)), Rule: "unsupported-target"}
	}
	if p.verifierRejects() {
		p.finish()
		return p.out
	}
	var atWrite *support
	for i, s := range unsupported {
		if s.Format == p.tr.Format && s.has(c.LLVM) && (!s.Only64 || p.tr.Is64()) {
			if s.AtWrite {
				atWrite = &unsupported[i]
				continue
			}
			return Outcome{Verdict: Unsupported, Diag: s.Diag, Rule: string(s.Format) + "/unsupported"}
		}
	}
	rules, ok := rulesByFormat[p.tr.Format]
	if !ok {
		return Outcome{Verdict: Unsupported, Diag: fmt.Sprintf("sectfuzz: no rules for object format %s", p.tr.Format), Rule: "unsupported-format"}
	}
	for _, g := range c.Globals {
		if r := notEmitted(g); r != "" {
			p.note(g, r)
		}
	}
	rules(p)
	if atWrite != nil {
		p.failAtWrite(*atWrite)
	}
	p.finish()
	return p.out
}

// cannotWrite reports whether this version's object writer gives up on
// the format (an AtWrite entry of unsupported) before laying it out:
// crashes in the layout never happen then.
func (p *predictor) cannotWrite() bool {
	for _, s := range unsupported {
		if s.AtWrite && s.Format == p.tr.Format && s.has(p.c.LLVM) && (!s.Only64 || p.tr.Is64()) {
			return true
		}
	}
	return false
}

// failAtWrite applies an unsupported entry that only the object writer
// reports: code generation ran first, so its fatal errors win. After an
// `error:` LLVM goes on to write the object and then aborts with the
// unsupported message, which toolchain.Classify reports as unsupported.
func (p *predictor) failAtWrite(s support) {
	switch p.out.Verdict {
	case Accepted, Error:
		p.out = Outcome{Verdict: Unsupported, Diag: s.Diag, Rule: string(s.Format) + "/unsupported"}
	}
}

// predictor carries one prediction: the case, its parsed triple and the
// outcome built so far.
type predictor struct {
	c    Case
	tr   Triple
	spec bool
	out  Outcome
	done bool // a fatal or error verdict has been decided
	// single is the rule of the only global of a one-global case.
	single string
	// softDiag and softRule are the first `error:` LLVM reported while
	// going on (see softError), softAt when it was reported.
	softDiag, softRule string
	softAt             int
	// step counts the emission steps a symbol table has recorded, so that
	// errors found when the table is replayed at the end still take their
	// place in time among those reported during emission.
	step int
}

// softError records an `error:` after which LLVM goes on compiling (an
// MC diagnostic during emission). The first one is the module's
// diagnostic; a later fatal error makes the verdict fatal but keeps it;
// with nothing worse, the module ends with an error verdict.
func (p *predictor) softError(rule, diag string) {
	p.softErrorAt(rule, diag, p.step)
}

// softErrorAt is softError for an error LLVM reported at emission step
// at: the earliest one is printed first.
func (p *predictor) softErrorAt(rule, diag string, at int) {
	if p.done || (p.softDiag != "" && at >= p.softAt) {
		return
	}
	p.softDiag, p.softRule, p.softAt = firstLine(diag), rule, at
}

// deviates reports whether deviation id applies to this prediction and, if
// so, records it in the outcome.
func (p *predictor) deviates(id string) bool {
	if p.spec || !deviationApplies(id, p.c.LLVM) {
		return false
	}
	p.noteDeviation(id)
	return true
}

// feature reports whether the version-dependent rule id is part of this
// LLVM version (spec mode included).
func (p *predictor) feature(id string) bool {
	return deviationApplies(id, p.c.LLVM)
}

// inVersion reports whether deviation id is present in this LLVM version
// without recording it (for rules that only look ahead).
func (p *predictor) inVersion(id string) bool {
	return !p.spec && deviationApplies(id, p.c.LLVM)
}

func (p *predictor) noteDeviation(id string) {
	for _, d := range strings.Split(p.out.Deviation, ",") {
		if d == id {
			return
		}
	}
	if p.out.Deviation == "" {
		p.out.Deviation = id
	} else {
		p.out.Deviation += "," + id
	}
}

// msg formats a version-dependent diagnostic.
func (p *predictor) msg(id string, args ...any) string {
	return messageText(id, p.c.LLVM, args...)
}

// place records where global g landed and the rule that put it there.
func (p *predictor) place(g Global, rule string, pl Placement) {
	if p.out.Placements == nil {
		p.out.Placements = make(map[string]Placement, len(p.c.Globals))
	}
	p.out.Placements[g.Name] = pl
	p.note(g, rule)
}

// note records the rule that decided global g without a placement (a
// global that reaches no section of its own).
func (p *predictor) note(g Global, rule string) {
	if len(p.c.Globals) == 1 {
		// One global: its rule is the outcome's rule (see finish).
		p.single = rule
		return
	}
	if p.out.Rules == nil {
		p.out.Rules = make(map[string]string, len(p.c.Globals))
	}
	p.out.Rules[g.Name] = rule
}

// reject ends the prediction with an error or fatal verdict. Only the first
// rejection counts: LLVM stops (fatal) or reports the first error first.
func (p *predictor) reject(v Verdict, rule, diag string) {
	if p.done {
		return
	}
	p.done = true
	p.out.Verdict = v
	p.out.Rule = rule
	p.out.Diag = firstLine(diag)
	if p.softDiag != "" && v != Crash {
		// An earlier error was printed first (a crash is named by its
		// stack, whatever came before).
		p.out.Rule, p.out.Diag = p.softRule, p.softDiag
	}
}

// firstLine cuts a diagnostic to its first line, as sectfuzz reads LLVM's
// stderr one line at a time (a section string with a newline splits the
// message).
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, "\r")
}

// finish settles the outcome's top-level rule and drops placements of a
// rejected module (no object is written).
func (p *predictor) finish() {
	if !p.done && p.softDiag != "" {
		p.reject(Error, p.softRule, p.softDiag)
	}
	if p.out.Verdict != Accepted {
		p.out.Placements = nil
		return
	}
	if p.out.Rule != "" {
		return
	}
	if p.single != "" {
		p.out.Rule = p.single
		return
	}
	// The first global's rule, in module order.
	for _, g := range p.c.Globals {
		if r, ok := p.out.Rules[g.Name]; ok {
			p.out.Rule = r
			return
		}
	}
}

// emissionOrder is the order in which LLVM's AsmPrinter picks sections:
// functions as they are code-generated (module order), then global
// variables in doFinalization (module order). Declarations pick none, and
// neither do the variables AsmPrinter never emits (notEmitted).
//
// On targets that can reference a symbol through a GOT-relative load
// (TargetLoweringObjectFile::supportIndirectSymViaGOTPCRel: x86-64 and
// AArch64, Mach-O always, ELF since LLVM 15-19), AsmPrinter first sets
// aside the GOT-equivalent candidates (gotEquivalent) and emits them after
// every other variable, in module order: sectfuzz's modules never use them
// the PC-relative way that would drop them.
func (p *predictor) emissionOrder() []Global {
	return emissionOrder(p.c.Globals, p.gotEquivalentsLast())
}

func emissionOrder(gs []Global, gotLast bool) []Global {
	if len(gs) == 1 && !gs[0].Declaration && notEmitted(gs[0]) == "" {
		return gs
	}
	out := make([]Global, 0, len(gs))
	for _, g := range gs {
		if g.IsFunc() && !g.Declaration {
			out = append(out, g)
		}
	}
	var last []Global
	for _, g := range gs {
		if !g.IsFunc() && !g.Declaration && notEmitted(g) == "" {
			if gotLast && gotEquivalent(g, gs) {
				last = append(last, g)
				continue
			}
			out = append(out, g)
		}
	}
	return append(out, last...)
}

// gotEquivalentsLast reports whether the target sets GOT-equivalent
// candidates aside (see emissionOrder).
func (p *predictor) gotEquivalentsLast() bool {
	switch p.tr.Format {
	case MachO:
		return true
	case ELF:
		return (p.tr.Arch == "x86_64" || p.tr.Arch == "aarch64") && p.feature("elf-got-equivalents-last")
	}
	return false
}

// gotEquivalent is AsmPrinter's isGOTEquivalentCandidate: an unnamed_addr
// constant, discardable if unused, whose initializer is another global's
// address, and that a global variable's initializer points to (itself
// included; @llvm.used is such a variable).
func gotEquivalent(g Global, gs []Global) bool {
	if g.UnnamedAddr != "unnamed_addr" || g.Kind != KindConst || g.Init == nil || !initNeedsRelocation(*g.Init) {
		return false
	}
	switch g.Linkage {
	case Internal, Private, LinkOnce, LinkOnceODR:
	default:
		return false
	}
	if g.Used {
		return true
	}
	for _, u := range gs {
		if !u.IsFunc() && !u.Declaration && u.Init != nil && initNeedsRelocation(*u.Init) && u.Init.Ref == g.Name {
			return true
		}
	}
	return false
}

// notEmitted names the rule by which AsmPrinter::emitSpecialLLVMGlobal
// drops a variable before any section is chosen: the llvm.metadata
// section, and available_externally definitions. It is "" for variables
// that are emitted.
func notEmitted(g Global) string {
	switch {
	case g.IsFunc() || g.Declaration:
		return ""
	case g.Section == "llvm.metadata":
		return "all/llvm-metadata-not-emitted"
	case g.Linkage == AvailExtern:
		return "all/available-externally-not-emitted"
	}
	return ""
}

// isFunc reports whether the module's global name is a function.
func (p *predictor) isFunc(name string) bool {
	for _, g := range p.c.Globals {
		if g.Name == name {
			return g.IsFunc()
		}
	}
	return false
}

// llcInputFile is the name the toolchain gives llc's input; the
// verifier's diagnostic quotes it.
const llcInputFile = "in.ll"

// verifierRejects applies the IR Verifier's checks on globals that a case
// can fail (a hand-written case, or a generated module sharing a comdat).
// llc verifies the module before it builds the code generator, so these
// come before any format's rule. It prints the check's message without
// "error:", then its own line, which is the diagnostic.
func (p *predictor) verifierRejects() bool {
	for _, g := range p.c.Globals {
		bad := false
		switch {
		case g.Linkage == Common && (g.Kind == KindConst || g.Comdat != "" || !initIsZero(g.Initializer()) || g.IsFunc()):
			bad = true // 'common' global must have a zero initializer, not be constant, not be in a comdat
		case (g.Declaration || g.Linkage == AvailExtern) && g.Comdat != "":
			bad = true // Declaration may not be in a Comdat!
		}
		if bad {
			p.reject(Error, "verifier", p.msg("verifier-failed", llcInputFile))
			return true
		}
	}
	return false
}
