package minimize

import (
	"github.com/sectfuzz/sectfuzz/oracle"
)

// Case shrinks an oracle case while interesting holds: first drop globals
// (ddmin), then simplify each remaining global (linkage, comdat,
// alignment, initializer, attributes, kind, name), then shrink each
// section string. interesting must hold for c itself. The search makes at
// most maxSteps calls; the result is always interesting.
func Case(c oracle.Case, interesting func(oracle.Case) (bool, error), maxSteps int) (oracle.Case, error) {
	b := &budget{max: maxSteps}
	try := func(cand oracle.Case) (bool, error) {
		if err := b.spend(); err != nil {
			return false, err
		}
		return interesting(cand)
	}
	with := func(gs []oracle.Global) oracle.Case {
		out := c
		out.Globals = gs
		return out
	}

	// 1. Fewer globals.
	if len(c.Globals) > 1 {
		gs, err := sliceWith(Config[oracle.Global]{Pred: func(gs []oracle.Global) (bool, error) {
			if len(gs) == 0 {
				return false, nil
			}
			return interesting(with(gs))
		}}, c.Globals, b)
		c = with(gs)
		if err != nil {
			return c, budgetOK(err)
		}
	}

	// 2. Simpler globals: each change is kept only if the case stays
	// interesting.
	for i := range c.Globals {
		for _, simplify := range simplifications {
			g := c.Globals[i]
			if !simplify(&g) {
				continue
			}
			cand := with(replace(c.Globals, i, g))
			ok, err := try(cand)
			if err != nil {
				return c, budgetOK(err)
			}
			if ok {
				c = cand
			}
		}
	}
	// Short names: g for one global, then a, b, c...
	for i := range c.Globals {
		name := shortName(i, len(c.Globals))
		if c.Globals[i].Name == name || nameTaken(c.Globals, name) {
			continue
		}
		cand := with(rename(c.Globals, c.Globals[i].Name, name))
		ok, err := try(cand)
		if err != nil {
			return c, budgetOK(err)
		}
		if ok {
			c = cand
		}
	}

	// 3. Shorter section strings: first the prefix several globals share
	// (they name one section, and only shrink together), then each.
	if p := commonSectionPrefix(c.Globals); p != "" {
		short, err := stringWith(p, func(s string) (bool, error) {
			return interesting(with(replacePrefix(c.Globals, p, s)))
		}, b)
		c = with(replacePrefix(c.Globals, p, short))
		if err != nil {
			return c, err
		}
	}
	for i := range c.Globals {
		if c.Globals[i].Section == "" {
			continue
		}
		s, err := stringWith(c.Globals[i].Section, func(s string) (bool, error) {
			g := c.Globals[i]
			g.Section = s
			return interesting(with(replace(c.Globals, i, g)))
		}, b)
		g := c.Globals[i]
		g.Section = s
		c = with(replace(c.Globals, i, g))
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

// simplifications each make one attribute of a global simpler, reporting
// whether there was anything to change.
var simplifications = []func(g *oracle.Global) bool{
	func(g *oracle.Global) bool {
		a, b := set(&g.Comdat, ""), set(&g.ComdatSelection, "")
		return a || b
	},
	func(g *oracle.Global) bool { return set(&g.Linkage, oracle.External) },
	func(g *oracle.Global) bool { return set(&g.Align, 0) },
	func(g *oracle.Global) bool {
		if g.Init == nil {
			return false
		}
		g.Init = nil
		return true
	},
	func(g *oracle.Global) bool { return set(&g.UnnamedAddr, "") },
	func(g *oracle.Global) bool { return set(&g.Visibility, "") },
	func(g *oracle.Global) bool { return set(&g.TLSModel, "") },
	func(g *oracle.Global) bool { return set(&g.Used, false) },
	func(g *oracle.Global) bool { return set(&g.Declaration, false) },
	func(g *oracle.Global) bool { return set(&g.Kind, oracle.KindData) },
}

// set assigns v to *p and reports whether that changed it.
func set[T comparable](p *T, v T) bool {
	if *p == v {
		return false
	}
	*p = v
	return true
}

func replace(gs []oracle.Global, i int, g oracle.Global) []oracle.Global {
	out := append([]oracle.Global(nil), gs...)
	out[i] = g
	return out
}

func shortName(i, n int) string {
	if n == 1 {
		return oracle.SingleGlobal
	}
	return string(rune('a' + i%26))
}

func nameTaken(gs []oracle.Global, name string) bool {
	for _, g := range gs {
		if g.Name == name {
			return true
		}
	}
	return false
}

// rename renames a global and every reference to it (pointer
// initializers, a comdat named after it).
func rename(gs []oracle.Global, from, to string) []oracle.Global {
	out := append([]oracle.Global(nil), gs...)
	for i := range out {
		if out[i].Name == from {
			out[i].Name = to
		}
		if out[i].Comdat == from {
			out[i].Comdat = to
		}
		if out[i].Init != nil && out[i].Init.Ref == from {
			in := *out[i].Init
			in.Ref = to
			out[i].Init = &in
		}
	}
	return out
}

// commonSectionPrefix is the longest prefix shared by every non-empty
// section string, when at least two globals have one.
func commonSectionPrefix(gs []oracle.Global) string {
	var p string
	n := 0
	for _, g := range gs {
		if g.Section == "" {
			continue
		}
		if n == 0 {
			p = g.Section
		} else {
			for len(p) > 0 && (len(g.Section) < len(p) || g.Section[:len(p)] != p) {
				p = p[:len(p)-1]
			}
		}
		n++
	}
	if n < 2 {
		return ""
	}
	return p
}

// replacePrefix replaces prefix p of every section that has it.
func replacePrefix(gs []oracle.Global, p, with string) []oracle.Global {
	out := append([]oracle.Global(nil), gs...)
	for i := range out {
		if out[i].Section != "" && len(out[i].Section) >= len(p) && out[i].Section[:len(p)] == p {
			out[i].Section = with + out[i].Section[len(p):]
		}
	}
	return out
}
