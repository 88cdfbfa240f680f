; Functions with bodies, an alias, a declaration with a section, llvm.used.
; want: accepted
target triple = "x86_64-unknown-linux-gnu"

@counter = dso_local global i32 0, section ".bss.counter", align 4
@table = internal constant [4 x i32] [i32 1, i32 2, i32 3, i32 4], section ".rodata.table"
@msg = private unnamed_addr constant [6 x i8] c"hello\00", section ".rodata.str"
@tls = thread_local(initialexec) global i32 5, section ".tdata.x"
@alias = alias i32, ptr @counter
@ext = external global i32, section ".data.ext"
@llvm.used = appending global [1 x ptr] [ptr @table], section "llvm.metadata"

define i32 @get() section ".text.get" {
entry:
  %v = load i32, ptr @counter
  %w = load i32, ptr @ext
  %s = add i32 %v, %w
  ret i32 %s
}

declare void @later() section ".text.later"

define void @use() {
  call void @later()
  ret void
}
