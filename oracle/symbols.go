package oracle

import "strings"

// On ELF and COFF every section gets a begin symbol named after it, in the
// same symbol table as the globals' own symbols (MCContext::
// getOrCreateSectionSymbol, MCSectionCOFF's begin symbol). A section named
// like a global's symbol therefore collides with it:
//
//   - the global's label defined first, the section made later (a function
//     is emitted before the variable that names its section):
//     "invalid symbol redefinition";
//   - the section first: defining the label is "symbol 'g' is already
//     defined"; on ELF, an external function, or an external variable
//     that made the section itself (section "g" on @g), first meets "g
//     changed binding to STB_GLOBAL", as its .globl comes before its
//     label (a weak one only warns).
//
// Private globals are assembler temporaries and cannot collide; neither can
// declarations, which define nothing.

// symbolEvent is one step of emission that touches the symbol table.
type symbolEvent struct {
	section string // a section was created (its begin symbol), or
	label   bool   // a global's label was defined:
	name    string //   the global's IR name,
	linkage Linkage
	gcomdat string //   its comdat,
	symbol  string //   and its symbol
	common  bool   // by .comm: it clashes with an earlier section symbol, but a later section takes the symbol over
	code    bool   // a function: its .globl comes before its label
	// early: a variable's symbol looked up as emission starts, before its
	// section is made: one a section already owns is "already defined"
	// right away (ELF and COFF report it before anything else).
	early   bool
	creator string // the global whose emission created the section
	// comdat is the COFF comdat of the section: a collision with a member
	// of that comdat is followed by an abort ("two sections have the same
	// comdat").
	comdat string
	// at is the emission step of the event (symbolTable.clock).
	at int
	// keySym is the COMDAT symbol of a comdat key's own section (not
	// associative): MCContext::getCOFFSection looks it up first, and one
	// already defined elsewhere is "invalid symbol redefinition".
	keySym string
}

// symbolTable replays emission and reports the first collision.
type symbolTable struct {
	events []symbolEvent
	// clock, when set, is the predictor's step counter: each event
	// advances it and remembers its step.
	clock *int
}

// record appends an event at the current step.
func (st *symbolTable) record(e symbolEvent) {
	if st.clock != nil {
		e.at = *st.clock
		*st.clock++
	}
	st.events = append(st.events, e)
}

func (st *symbolTable) sectionCreated(name, creator string) {
	st.record(symbolEvent{section: name, creator: creator})
}

// comdatSectionCreated records a COFF comdat section, whose collision
// with a member of its comdat aborts after the error; keySym is its
// COMDAT symbol when the creator is the comdat's key.
func (st *symbolTable) comdatSectionCreated(name, creator, comdat, keySym string) {
	st.record(symbolEvent{section: name, creator: creator, comdat: comdat, keySym: keySym})
}

// variableStarts records the start of a variable's emission (see early).
func (st *symbolTable) variableStarts(g Global, symbol string) {
	if g.Linkage == Private || g.Declaration || g.IsFunc() || g.Linkage == Common {
		return
	}
	st.record(symbolEvent{early: true, name: g.Name, gcomdat: g.Comdat, symbol: symbol})
}

func (st *symbolTable) labelDefined(g Global, symbol string) {
	if g.Linkage == Private || g.Declaration {
		return
	}
	// A thread-local common variable is no .comm: AsmPrinter defines it in
	// the thread-local BSS like any other.
	common := g.Linkage == Common && g.Kind != KindTLS
	st.record(symbolEvent{label: true, name: g.Name, linkage: g.Linkage, gcomdat: g.Comdat, symbol: symbol, common: common, code: g.IsFunc()})
}

// check rejects the module at the first collision. elf selects ELF's
// wording for an external global; predefined reports the sections
// MCObjectFileInfo made before any global, whose symbols exist from the
// start.
func (st *symbolTable) check(p *predictor, rule string, elf bool, predefined func(string) bool) {
	type made struct {
		creator string
		comdat  string
	}
	sections := map[string]made{}
	labels := map[string]string{} // defined symbol -> its global
	// clash reports one collision. MC reports an error and goes on, so
	// the first one is the module's diagnostic and a later abort makes it
	// fatal; a fatal one ends the replay.
	var at int // the step of the event being replayed
	clash := func(v Verdict, msg string) bool {
		if strings.HasPrefix(msg, "error:") {
			// Printed when the event happened, before any error of a
			// later step; a fatal one then aborts at the end.
			p.softErrorAt(rule, msg, at)
		}
		if v == Fatal {
			p.reject(Fatal, rule, msg)
			return true
		}
		return false
	}
	for _, e := range st.events {
		at = e.at
		if e.early {
			if _, made := sections[e.symbol]; made {
				v := Error
				if !elf && e.gcomdat == e.name {
					// A COFF comdat key: its COMDAT symbol is that
					// section's symbol, and the writer aborts on two
					// sections of one comdat.
					v = Fatal
				}
				if clash(v, "error: symbol '"+e.symbol+"' is already defined") {
					return
				}
			}
			continue
		}
		if !e.label {
			if _, made := sections[e.keySym]; e.keySym != "" && (made || labels[e.keySym] != "") {
				// The key's own label then meets the same symbol, and
				// the writer finds two sections of one comdat.
				clash(Fatal, "error: invalid symbol redefinition")
				return
			}
			if labels[e.section] != "" {
				clash(Error, "error: invalid symbol redefinition")
				if elf && p.sizeAbort(labels[e.section], e.creator) && p.deviates("elf-redefined-section-symbol-size-abort") {
					clash(Fatal, "LLVM ERROR: Size expression must be absolute.")
					return
				}
				continue
			}
			if _, ok := sections[e.section]; !ok {
				sections[e.section] = made{e.creator, e.comdat}
			}
			continue
		}
		sec, ok := sections[e.symbol]
		if !ok && predefined != nil && predefined(e.symbol) {
			sec, ok = made{}, true
		}
		if ok {
			v := Error
			if !elf && e.gcomdat == e.name && sec.comdat == e.gcomdat {
				// COFF: the section, made in the comdat this global is
				// the key of, takes its symbol as COMDAT symbol too:
				// "two sections have the same comdat" aborts after the
				// error. A member that is not the key has an
				// associative section, which takes no COMDAT symbol.
				v = Fatal
			}
			msg := "error: symbol '" + e.symbol + "' is already defined"
			if elf && e.linkage == External && (sec.creator == e.name || e.code) {
				msg = "error: " + e.symbol + " changed binding to STB_GLOBAL"
			}
			if clash(v, msg) {
				return
			}
			continue
		}
		if !e.common {
			labels[e.symbol] = e.name
		}
	}
}

// sizeAbort says when LLVM 22 aborts after a section redefined the symbol
// of global label: label is a function, and something refers to the
// symbol: the section's creator is a function (its call frame
// information), a variable's initializer points at the function, or a
// comdat group is named after it (its signature symbol).
func (p *predictor) sizeAbort(label, creator string) bool {
	if !p.isFunc(label) {
		return false
	}
	if p.isFunc(creator) {
		return true
	}
	for _, g := range p.c.Globals {
		if g.Comdat == label && !g.Declaration {
			return true
		}
		if !g.IsFunc() && !g.Declaration && g.Init != nil && initNeedsRelocation(*g.Init) {
			if g.Init.Ref == label {
				return true
			}
			// A pointer to a local variable is relocated against its
			// section's symbol, which is the redefined one when the
			// section is named like the function (found by the agreement
			// benchmark, seed 7).
			if ref, ok := globalNamed(p.c.Globals, g.Init.Ref); ok && ref.Linkage.IsLocal() && !ref.IsFunc() && !ref.Declaration && ref.Section == label {
				return true
			}
		}
	}
	return false
}
