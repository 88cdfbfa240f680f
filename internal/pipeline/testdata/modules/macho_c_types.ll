; The C-like module with Mach-O specifiers.
; want: accepted
; ModuleID = 'x.c'
source_filename = "x.c"

target triple = "x86_64-apple-macosx10.15"

%struct.S = type { i32, [4 x i8], ptr }

@d = dso_local global double 1.500000e+00, section "__DATA,.data.d", align 8
@f = dso_local global float 0.000000e+00, section "__DATA,.bss.f", align 4
@s = dso_local global %struct.S { i32 1, [4 x i8] c"abc\00", ptr @d }, section "__DATA,mysec", align 8
@z = dso_local global %struct.S zeroinitializer, section "__DATA,mysec", align 8
@arr = dso_local global [2 x [3 x i16]] [[3 x i16] [i16 1, i16 2, i16 3], [3 x i16] zeroinitializer], section "__DATA,.data.arr"
@gep = dso_local global ptr getelementptr (i8, ptr @arr, i64 2), section "__DATA,.data.rel.gep"
@v = dso_local global <4 x i32> <i32 1, i32 2, i32 3, i32 4>, section "__DATA,.data.v"
@as1 = addrspace(1) global i32 5, section "__DATA,.data.as1"
@part = global i32 1, section "__DATA,.data.part"
@str = private unnamed_addr constant [12 x i8] c"hello world\00", section "__DATA,.rodata.str1.1", align 1
@al = alias i32, ptr @part
@hid = hidden global i32 2, section "__DATA,.data.hid"
@ext = external dso_local global i32
@tls_le = thread_local(localexec) global i32 3, section "__DATA,.tdata.le"

define dso_local i32 @main() #0 section "__TEXT,__text,regular,pure_instructions" !dbg !5 {
entry:
  %x = load i32, ptr @ext, align 4
  %y = call i32 @helper(i32 %x)
  ret i32 %y
}

define internal i32 @helper(i32 %a) #0 section "__TEXT,__helper" {
  %r = add nsw i32 %a, 1
  ret i32 %r
}

attributes #0 = { noinline nounwind optnone uwtable "frame-pointer"="all" }

!llvm.dbg.cu = !{}
!llvm.module.flags = !{!0, !1}
!0 = !{i32 7, !"Dwarf Version", i32 5}
!1 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !{}
