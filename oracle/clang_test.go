package oracle

import "testing"

func TestPredictClang(t *testing.T) {
	const elf, macho = "x86_64-unknown-linux-gnu", "x86_64-apple-macosx10.15"
	g := func(name string, k Kind, s string) Global { return Global{Name: name, Kind: k, Section: s} }
	tests := []struct {
		name    string
		triple  string
		llvm    int
		variant ClangVariant
		globals []Global
		verdict Verdict
		diag    string
		attrs   map[string]string
	}{
		{"elf any bytes", elf, 19, ClangAttr, []Global{g("g", KindData, "a b#\"")}, Accepted, "", map[string]string{"g": IRSection}},
		{"no section, no attribute", elf, 19, ClangAttr, []Global{g("g", KindData, "")}, Accepted, "", nil},
		{"darwin needs a comma", macho, 19, ClangAttr, []Global{g("g", KindData, ".x")}, Error,
			"error: argument to 'section' attribute is not valid for this target: mach-o section specifier requires a segment and section separated by a comma", nil},
		{"darwin valid", macho, 22, ClangAttr, []Global{g("g", KindFunc, "__TEXT,__mytext")}, Accepted, "", map[string]string{"g": IRSection}},
		{"darwin zerofill unknown in 14", macho, 14, ClangAttr, []Global{g("g", KindZero, "__DATA,__z,zerofill")}, Error,
			"error: argument to 'section' attribute is not valid for this target: mach-o section specifier uses an unknown section type", nil},
		{"darwin zerofill known in 19", macho, 19, ClangAttr, []Global{g("g", KindZero, "__DATA,__z,zerofill")}, Accepted, "", map[string]string{"g": IRSection}},
		{"numeric escape in 19", elf, 19, ClangAttr, []Global{g("g", KindData, "a\x01b\xff")}, Error,
			`error: invalid escape sequence '\001' in an unevaluated string literal`, nil},
		{"numeric escape fine in 14", elf, 14, ClangAttr, []Global{g("g", KindData, "a\x01b")}, Accepted, "", map[string]string{"g": IRSection}},
		{"simple escapes fine in 22", elf, 22, ClangAttr, []Global{g("g", KindData, "a\n\tb?\"\\")}, Accepted, "", map[string]string{"g": IRSection}},
		{"numeric escape fine in a pragma", elf, 22, ClangPragma, []Global{g("g", KindData, "a\x01b")}, Accepted, "", map[string]string{"g": IRDataSection}},
		{"conflict const after data", elf, 19, ClangAttr, []Global{g("g", KindData, "s"), g("h", KindConst, "s")}, Error,
			"error: 'h' causes a section type conflict with 'g'", nil},
		{"conflict func after zero", elf, 19, ClangAttr, []Global{g("a", KindZero, "s"), g("f", KindFunc, "s")}, Error,
			"error: 'f' causes a section type conflict with 'a'", nil},
		{"data, zero and tls agree", elf, 19, ClangAttr, []Global{g("a", KindData, "s"), g("b", KindZero, "s"), g("c", KindTLS, "s")}, Accepted, "",
			map[string]string{"a": IRSection, "b": IRSection, "c": IRSection}},
		{"pragma kinds", elf, 19, ClangPragma, []Global{g("z", KindZero, "s1"), g("d", KindData, "s2"), g("c", KindConst, "s3"), g("t", KindTLS, "s4"), g("f", KindFunc, "s5")}, Accepted, "",
			map[string]string{"z": IRBSSSection, "d": IRDataSection, "c": IRRodataSection, "t": IRDataSection, "f": IRSection}},
		{"no TLS on z/OS", "s390x-ibm-zos", 19, ClangAttr, []Global{g("t", KindTLS, "")}, Error, "error: thread-local storage is not supported for the current target", nil},
		{"z/OS TLS passes clang 14's Sema", "s390x-ibm-zos", 14, ClangPragma, []Global{g("t", KindTLS, "s")}, Accepted, "", map[string]string{"t": IRDataSection}},
		{"z/OS pragma error comes first", "s390x-ibm-zos", 22, ClangPragmaAll, []Global{g("t", KindTLS, "s")}, Error, "error: this causes a section type conflict with a prior #pragma section", nil},
		{"pragma text in clang 14", elf, 14, ClangPragma, []Global{g("f", KindFunc, ".text.f")}, Accepted, "", map[string]string{"f": IRImplicitSectionName}},
		{"pragma conflict bss after data", elf, 19, ClangPragma, []Global{g("d", KindData, "s"), g("z", KindZero, "s")}, Error,
			"error: this causes a section type conflict with a prior #pragma section", nil},
		{"pragma-all conflicts", elf, 19, ClangPragmaAll, []Global{g("g", KindData, "s")}, Error,
			"error: this causes a section type conflict with a prior #pragma section", nil},
		{"darwin pragma invalid", macho, 19, ClangPragmaAll, []Global{g("g", KindData, "s")}, Error,
			"error: argument to #pragma section is not valid for this target: mach-o section specifier requires a segment and section separated by a comma", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Case{Triple: tt.triple, LLVM: tt.llvm, Globals: tt.globals}
			got := PredictClang(c, tt.variant, Options{})
			if got.Verdict != tt.verdict || got.Diag != tt.diag {
				t.Errorf("got %s %q, want %s %q", got.Verdict, got.Diag, tt.verdict, tt.diag)
			}
			if len(got.Attrs) != len(tt.attrs) {
				t.Errorf("attrs %v, want %v", got.Attrs, tt.attrs)
			}
			for k, v := range tt.attrs {
				if got.Attrs[k] != v {
					t.Errorf("attrs %v, want %v", got.Attrs, tt.attrs)
				}
			}
			if _, ok := RuleDoc(got.Rule); !ok {
				t.Errorf("rule %q has no doc", got.Rule)
			}
		})
	}
}

func TestCQuote(t *testing.T) {
	tests := map[string]string{
		"plain":        `"plain"`,
		`a"b\c?`:       `"a\"b\\c\?"`,
		"a\nb\tc":      `"a\nb\tc"`,
		"\x00\x01\xff": `"\000\001\377"`,
		"\x001":        `"\0001"`, // three digits: the '1' stays a character
	}
	for in, want := range tests {
		if got := CQuote(in); got != want {
			t.Errorf("CQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
