// Package oracle is a pure-Go model of how LLVM turns a `section "..."`
// string into an object-file section, for every object format LLVM writes.
//
// For a Case (a triple, an LLVM version and one or more globals) Predict says
// whether LLVM accepts the module, rejects it with `error:` or aborts with
// `LLVM ERROR:` (with LLVM's exact diagnostic), and where each global lands:
// section name, Mach-O segment, section type and flags, in the words
// llvm-readobj prints.
//
// A prediction is the format's spec rules plus the known deviations of the
// requested LLVM version (versions.go). Every prediction names the rule it
// used and the deviation, if any, that changed it. The package does no I/O
// and runs no LLVM: it is fast enough to be fuzzed on its own.
package oracle

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Kind is the shape of a single global, as in the JSON-lines interface.
type Kind string

// The five kinds of the machine interface. Each maps to one IR line:
//
//	data  @g = global i32 1
//	zero  @g = global i32 0
//	const @g = constant i32 1
//	tls   @g = thread_local global i32 1
//	func  define void @g()
const (
	KindData  Kind = "data"
	KindZero  Kind = "zero"
	KindConst Kind = "const"
	KindTLS   Kind = "tls"
	KindFunc  Kind = "func"
)

// Kinds lists every kind, in a fixed order (fuzz targets index into it).
var Kinds = []Kind{KindData, KindZero, KindConst, KindTLS, KindFunc}

// ParseKind validates a kind name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown kind %q (want one of data, zero, const, tls, func)", s)
}

// Verdict is what LLVM did with a module as a whole.
type Verdict string

const (
	// Accepted: llc exited 0 and wrote an object.
	Accepted Verdict = "accepted"
	// Error: llc reported `error:` and exited 1.
	Error Verdict = "error"
	// Fatal: llc reported `LLVM ERROR:` and aborted (exit 134 or a signal
	// after report_fatal_error).
	Fatal Verdict = "fatal"
	// Crash: llc died of a signal or an assertion without `LLVM ERROR:`.
	Crash Verdict = "crash"
	// Timeout: llc ran past its time limit.
	Timeout Verdict = "timeout"
	// Unsupported: this LLVM version cannot write this object format at all.
	Unsupported Verdict = "unsupported"
)

// Linkage is an IR linkage type; the empty string is external.
type Linkage string

const (
	External    Linkage = ""
	Internal    Linkage = "internal"
	Private     Linkage = "private"
	Weak        Linkage = "weak"
	WeakODR     Linkage = "weak_odr"
	LinkOnce    Linkage = "linkonce"
	LinkOnceODR Linkage = "linkonce_odr"
	Common      Linkage = "common"
	ExternWeak  Linkage = "extern_weak"
	Appending   Linkage = "appending"
	AvailExtern Linkage = "available_externally"
)

// UnmarshalJSON reads a linkage; "external", LLVM's name for the default,
// is the empty string.
func (l *Linkage) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "external" {
		s = ""
	}
	*l = Linkage(s)
	return nil
}

// IsLocal reports whether the linkage keeps the symbol out of the symbol
// table's global part (internal and private).
func (l Linkage) IsLocal() bool { return l == Internal || l == Private }

// IsWeakForLinker mirrors GlobalValue::isWeakForLinker: weak, linkonce,
// common and extern_weak symbols may be replaced at link time.
func (l Linkage) IsWeakForLinker() bool {
	switch l {
	case Weak, WeakODR, LinkOnce, LinkOnceODR, Common, ExternWeak:
		return true
	}
	return false
}

// InitForm is the shape of a global variable's initializer.
type InitForm string

const (
	// InitScalar is an integer of Size bytes with value Value.
	InitScalar InitForm = "scalar"
	// InitString is a NUL-terminated byte string ([N x i8] c"...\00").
	InitString InitForm = "string"
	// InitArray is an array of Len integers of Size bytes each.
	InitArray InitForm = "array"
	// InitStruct is a struct of scalars.
	InitStruct InitForm = "struct"
	// InitPointer is a pointer to another global (a relocation).
	InitPointer InitForm = "pointer"
)

// Init describes a global variable's initializer as far as the section
// rules care: is it zero, how big is it, does it need a relocation, is it a
// C string.
type Init struct {
	Form InitForm `json:"form"`
	// Zero is true when every byte is zero (zeroinitializer or 0).
	Zero bool `json:"zero,omitempty"`
	// Size is the size in bytes of one element (scalar and array).
	Size int `json:"size,omitempty"`
	// Len is the element count of an array, the byte count (with the NUL) of
	// a string, or the field count of a struct.
	Len int `json:"len,omitempty"`
	// Value is the scalar's value (every element of an array has it).
	Value int64 `json:"value,omitempty"`
	// Bytes is the string's content, without the terminating NUL.
	Bytes string `json:"bytes,omitempty"`
	// Ref names the global a pointer initializer points to.
	Ref string `json:"ref,omitempty"`
	// TypeAlign is the ABI alignment in bytes of the elements (a struct's
	// or vector's own), when a module read from text says it and it is not
	// that of an integer of Size bytes: floats, vectors, structs, nested
	// aggregates. Zero means: derive it from Size.
	TypeAlign int `json:"type_align,omitempty"`
	// Mixed is true when the elements of an array or struct differ
	// (Value is then the first one's): read from a module, not generated.
	Mixed bool `json:"mixed,omitempty"`
}

// ByteSize is the initializer's size in bytes (pointers count as 8).
func (in Init) ByteSize() int {
	switch in.Form {
	case InitString:
		return in.Len
	case InitArray:
		return in.Len * in.Size
	case InitStruct:
		if in.Size > 0 {
			return in.Size
		}
		return 8
	case InitPointer:
		return 8
	}
	if in.Size == 0 {
		return 4
	}
	return in.Size
}

// Global is one global variable or function of a module.
type Global struct {
	// Name is the IR name without '@'.
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Linkage is the IR linkage; empty means external.
	Linkage Linkage `json:"linkage,omitempty"`
	// Align is the explicit alignment in bytes, 0 for the default.
	Align int `json:"align,omitempty"`
	// Section is the section string; empty means none.
	Section string `json:"section,omitempty"`
	// Init is the initializer of a variable; nil means the kind's default
	// (i32 1, or i32 0 for KindZero).
	Init *Init `json:"init,omitempty"`
	// TLSModel is "", "localdynamic", "initialexec" or "localexec" for
	// thread-local variables ("" is the general dynamic model).
	TLSModel string `json:"tls_model,omitempty"`
	// Comdat is the name of the global's comdat, "" for none.
	Comdat string `json:"comdat,omitempty"`
	// ComdatSelection is the comdat's selection kind ("any", "nodeduplicate",
	// ...); empty means any.
	ComdatSelection string `json:"comdat_selection,omitempty"`
	// UnnamedAddr is "", "unnamed_addr" or "local_unnamed_addr".
	UnnamedAddr string `json:"unnamed_addr,omitempty"`
	// Visibility is "", "hidden" or "protected".
	Visibility string `json:"visibility,omitempty"`
	// Declaration is true for an external declaration (no initializer, no
	// body).
	Declaration bool `json:"declaration,omitempty"`
	// Used is true when the global is listed in @llvm.used.
	Used bool `json:"used,omitempty"`
}

// IsFunc reports whether the global is a function.
func (g Global) IsFunc() bool { return g.Kind == KindFunc }

// Initializer returns the global's initializer, filling in the kind's
// default when the global has none.
func (g Global) Initializer() Init {
	if g.Init != nil {
		return *g.Init
	}
	if g.Kind == KindZero {
		return Init{Form: InitScalar, Zero: true, Size: 4}
	}
	return Init{Form: InitScalar, Size: 4, Value: 1}
}

// Case is one module to predict: a triple, an LLVM version, and its globals
// in module order.
type Case struct {
	Triple  string   `json:"triple"`
	LLVM    int      `json:"llvm"`
	Globals []Global `json:"globals"`
}

// SingleGlobal is the name every single-global case uses.
const SingleGlobal = "g"

// Single builds the common one-global case of the JSON-lines interface.
func Single(triple string, llvm int, kind Kind, section string) Case {
	return Case{Triple: triple, LLVM: llvm, Globals: []Global{{Name: SingleGlobal, Kind: kind, Section: section}}}
}

// Placement is where the object file really put a global.
type Placement struct {
	// Name is the section (ELF, Mach-O, COFF), data segment (Wasm), csect
	// (XCOFF) or element (GOFF) name, as the object stores it.
	Name string `json:"name"`
	// Segment is the Mach-O segment name; empty for other formats.
	Segment string `json:"segment"`
	// Type is the section type in llvm-readobj's words (SHT_PROGBITS,
	// Regular, IMAGE_SCN_CNT_INITIALIZED_DATA, DATA, STYP_DATA, ...).
	Type string `json:"type"`
	// Flags are the section flags in llvm-readobj's words, sorted the way
	// llvm-readobj prints them (by name) and joined with '|'.
	Flags string `json:"flags"`
}

// JoinFlags sorts flag words by name, as llvm-readobj prints them, and joins
// them with '|'.
func JoinFlags(words ...string) string {
	ws := make([]string, 0, len(words))
	for _, w := range words {
		if w != "" {
			ws = append(ws, w)
		}
	}
	sortStrings(ws)
	return strings.Join(ws, "|")
}

// Outcome is a prediction, or the observed result of the real tools.
type Outcome struct {
	Verdict Verdict `json:"verdict"`
	// Diag is LLVM's first `error:` or `LLVM ERROR:` line without its file
	// prefix, e.g. "LLVM ERROR: Global variable 'g' has an invalid ...".
	Diag string `json:"diag"`
	// Rule names the spec rule that decided the outcome, e.g.
	// "macho/segment-section" (predictions only).
	Rule string `json:"rule,omitempty"`
	// Deviation is the id of the LLVM-version deviation that changed the
	// spec's answer, or "" (predictions only).
	Deviation string `json:"deviation,omitempty"`
	// Placements maps a global's name to where it landed. A global that
	// reaches no section of its own is left out.
	Placements map[string]Placement `json:"placements,omitempty"`
	// Rules names the rule per global when globals were decided by
	// different rules (predictions of whole modules only).
	Rules map[string]string `json:"rules,omitempty"`
}

// Section returns the placement of the single global of a one-global case.
func (o Outcome) Section() (Placement, bool) {
	p, ok := o.Placements[SingleGlobal]
	return p, ok
}

// globalNamed finds the global of that IR name in gs.
func globalNamed(gs []Global, name string) (Global, bool) {
	for _, g := range gs {
		if g.Name == name {
			return g, true
		}
	}
	return Global{}, false
}
