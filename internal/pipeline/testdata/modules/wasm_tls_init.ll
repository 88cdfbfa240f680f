; A TLS segment shared with data, strings, .init_array.
; want: accepted
target triple = "wasm32-unknown-unknown"
@t = thread_local global i32 1, section ".tdata.foo"
@d = global i32 2, section ".tdata.foo"
@r = constant [3 x i8] c"ab\00", section ".rodata.s"
@b = global i32 0, section ".bss.b"
define void @f() section ".text.f" { ret void }
define void @init() { ret void }
@ia = global ptr @init, section ".init_array", align 4
