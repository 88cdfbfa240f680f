; Data segments named by section strings, the segment flags STRINGS and
; RETAIN, functions in CODE whatever their section, and symbols that
; belong to no segment (declarations, common).
$grp = comdat any

@data = global i32 1, section ".foo"
@zero = global i32 0, section ".foo"
@ro = constant i32 7, section ".rodata.x"
@tls = thread_local global i32 1, section ".tls"
@str = unnamed_addr constant [4 x i8] c"abc\00", section ".str"
@kept = global i32 3, section ".kept"
@plain = global i32 1
@bss = global [8 x i8] zeroinitializer
@local = internal global i32 5, section ".foo"
@hidden = private global i32 6, section ".priv"
@cd = global i32 9, section ".foo", comdat($grp)
@ptr = global ptr @decl, section ".ptrs"
@fptr = global ptr @f, section ".ptrs"
@cmn = common global i32 0
@decl = external global i32
@llvm.used = appending global [1 x ptr] [ptr @kept], section "llvm.metadata"

declare void @ext()

define void @f() section ".text.custom" {
  call void @ext()
  ret void
}

define internal void @g() {
  ret void
}

define ptr @h() {
  call void @g()
  ret ptr @hidden
}
