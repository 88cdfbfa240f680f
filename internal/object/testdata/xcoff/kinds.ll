; One global of each kind, with and without a section string: csects named
; by the string, labels inside them, data-sections csects named by the
; global, function descriptors and entry points.
@data = global i32 1, section "mysect"
@zero = global i32 0, section "mysect"
@const = constant i32 1, section "foo[RW]"
@plain = global i32 2
@pconst = constant i32 3
@bss = internal global i32 0
@comm = common global i32 0
@tls = thread_local global i32 1
@tlszero = internal thread_local global i32 0
@ext = external global i32

define void @f() section "fsect" { ret void }
define void @f2() { ret void }
define ptr @usesext() { ret ptr @ext }
