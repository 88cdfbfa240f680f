package irgen

import (
	"github.com/llir/llvm/ir"
	"github.com/llir/llvm/ir/types"
)

// llir v0.3.6 knows only typed pointers (i32*), which LLVM 19 and 22
// reject. These two small types print the opaque-pointer forms `ptr`,
// `ptr @x` and `ptr null` that LLVM 14 (with -opaque-pointers), 19 and 22
// all read.

// opaquePtr is LLVM's opaque pointer type, `ptr`.
type opaquePtr struct{}

// OpaquePtr is the `ptr` type.
var OpaquePtr types.Type = opaquePtr{}

func (opaquePtr) String() string          { return "ptr" }
func (opaquePtr) LLString() string        { return "ptr" }
func (opaquePtr) Equal(u types.Type) bool { _, ok := u.(opaquePtr); return ok }
func (opaquePtr) Name() string            { return "" }
func (opaquePtr) SetName(string)          {}

// pointerTo is the constant address of a global, `ptr @name`.
type pointerTo struct{ name string }

func (p pointerTo) String() string   { return "ptr " + p.Ident() }
func (p pointerTo) Type() types.Type { return OpaquePtr }
func (p pointerTo) Ident() string {
	// llir's own global identifier printing escapes the name.
	return ir.NewGlobal(p.name, types.I8).Ident()
}
func (pointerTo) IsConstant() {}

// nullPtr is `ptr null`.
type nullPtr struct{}

func (nullPtr) String() string   { return "ptr null" }
func (nullPtr) Type() types.Type { return OpaquePtr }
func (nullPtr) Ident() string    { return "null" }
func (nullPtr) IsConstant()      {}
