; Every kind without an explicit section: the predefined .text, .data,
; .bss, .rdata and .tls$ sections.
@data = global i32 1
@zero = global i32 0
@const = constant i32 1
@tls = thread_local global i32 1
@tls0 = thread_local global i32 0
@local = internal global i32 1
@priv = private global i32 1
@common = common global i32 0
define void @func() { ret void }
define internal void @lfunc() { ret void }
