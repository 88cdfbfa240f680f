package oracle

import "strings"

// Suggest proposes section strings close to c's that the given LLVM
// version accepts for the same global, best first. Every suggestion is
// checked with Predict, so none is wrong; the list is empty when c is
// already accepted without a deviation, or when no simple fix is known.
func Suggest(c Case) []string {
	if len(c.Globals) != 1 {
		return nil
	}
	out := Predict(c, Options{})
	if out.Verdict == Accepted && out.Deviation == "" {
		return nil
	}
	f := ParseTriple(c.Triple).Format
	var cands []string
	if s := suggesters[f]; s != nil {
		cands = s(c.Globals[0], out)
	}
	var good []string
	seen := map[string]bool{}
	for _, s := range cands {
		if seen[s] || s == c.Globals[0].Section {
			continue
		}
		seen[s] = true
		try := c
		try.Globals = []Global{c.Globals[0]}
		try.Globals[0].Section = s
		if o := Predict(try, Options{}); o.Verdict == Accepted && o.Deviation == "" {
			good = append(good, s)
		}
	}
	return good
}

// suggesters propose candidates per format; Suggest keeps those that work.
var suggesters = map[Format]func(g Global, o Outcome) []string{
	MachO: suggestMachO,
	ELF:   suggestELF,
}

// machoName turns a name of another format into a Mach-O section name:
// no leading dots, two underscores, at most 16 bytes.
func machoName(s string) string {
	s = cutNUL(s)
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimLeft(strings.TrimSpace(s), "._")
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ' ' || r == '-' {
			return '_'
		}
		if r < 0x20 || r > 0x7e {
			return -1
		}
		return r
	}, s)
	if s == "" {
		s = "data"
	}
	s = "__" + s
	if len(s) > machoSectionNameLength {
		s = s[:machoSectionNameLength]
	}
	return s
}

func suggestMachO(g Global, o Outcome) []string {
	fields := strings.Split(g.Section, ",")
	name := machoName(g.Section)
	if len(fields) >= 2 && strings.TrimSpace(fields[1]) != "" {
		name = machoName(fields[1])
	}
	seg := "__DATA"
	switch g.Kind {
	case KindConst:
		seg = "__TEXT"
	case KindFunc:
		cands := []string{"__TEXT," + name + ",regular,pure_instructions"}
		if orig := strings.TrimSpace(g.Section); len(fields) == 1 && orig != "" && len(orig) <= machoSectionNameLength && !strings.ContainsAny(orig, "\x00,") {
			cands = append([]string{"__TEXT," + orig + ",regular,pure_instructions"}, cands...)
		}
		return cands
	}
	if len(fields) >= 2 {
		if s := strings.TrimSpace(fields[0]); s != "" && len(s) <= machoSectionNameLength && !strings.ContainsRune(s, 0) {
			seg = s
		}
	}
	cands := []string{seg + "," + name}
	// The name as written, when it fits: a runtime may look it up by name.
	if orig := strings.TrimSpace(g.Section); len(fields) == 1 && orig != "" && len(orig) <= machoSectionNameLength && !strings.ContainsAny(orig, "\x00,") {
		cands = append([]string{seg + "," + orig}, cands...)
	}
	if g.Kind == KindZero {
		cands = append(cands, seg+","+name+",zerofill")
	}
	return cands
}

func suggestELF(g Global, o Outcome) []string {
	name := cutNUL(g.Section)
	var cands []string
	if name != g.Section {
		cands = append(cands, name)
	}
	// Non-zero bytes in a .bss-like section: the data twin of the name.
	for _, p := range []struct{ bss, data string }{{".bss", ".data"}, {".sbss", ".sdata"}, {".tbss", ".tdata"}} {
		if rest, ok := strings.CutPrefix(name, p.bss); ok {
			cands = append(cands, p.data+rest)
		}
	}
	if g.IsFunc() {
		cands = append(cands, ".text."+strings.TrimLeft(name, "."))
	}
	return cands
}
