; Hand-written edge cases of the subset Parse reads, valid for LLVM 19 and 22.
; A comment with "quotes", { braces } and @globals = global i32 1
source_filename = "edge.ll"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"
module asm ".section .asm_only,\22a\22"

$"c d" = comdat nodeduplicate
$key = comdat any

%pair = type { i32, %inner }
%inner = type <{ i8, i64 }>
%opaque.t = type opaque

@"a b" = global i32 7, section "\5C\22\00x;y"
@"\01raw" = internal constant [4 x i8] c"ab\00c", section ".rodata;{}", align 2
@0 = private unnamed_addr constant [3 x i8] c"\00\00\00"
@key = linkonce_odr global %pair { i32 1, %inner <{ i8 2, i64 3 }> }, comdat, align 16
@member = weak_odr hidden global ptr getelementptr inbounds (i8, ptr @key, i64 4), comdat($key)
@grp = global i64 0, section "g", comdat($"c d")
@"c d" = constant i64 1, comdat
@tls = thread_local(initialexec) local_unnamed_addr global i32 0, align 4
@tls2 = internal thread_local(localdynamic) global i16 -3
@as1 = addrspace(1) externally_initialized global i32 5, partition "p"
@multi = global [3 x i32] [
  i32 0,   ; first
  i32 0,
  i32 0
], section "multi\0Aline"
@vec = global <4 x i32> <i32 9, i32 9, i32 9, i32 9>
@f32 = global float -0.000000e+00
@f64 = global double 0x0000000000000000
@big = global i128 170141183460469231731687303715884105727
@undef = global [8 x i8] undef, section ".bss.undef"
@poison = global i32 poison
@expr = constant i64 ptrtoint (ptr @fn to i64)
@equiv = constant ptr dso_local_equivalent @fn
@ext = external global i32, section ".ext", align 8
@extw = extern_weak hidden global ptr
@comm = common global [16 x i8] zeroinitializer, align 32
@opq = external global %opaque.t
@attr = global i32 1, section ".attr", align 4 #0
@md = global i32 2, !type !0, section ".md"
@alias = alias i32, ptr @"a b"
@ifn = ifunc void (), ptr @resolver
@llvm.used = appending global [3 x ptr] [ptr @"a b", ptr @fn, ptr @ext], section "llvm.metadata"
@llvm.compiler.used = appending global [1 x ptr] [ptr @tls], section "llvm.metadata"
@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @fn, ptr null }]

define internal ptr @resolver() {
  ret ptr @fn
}

; Function Attrs with a body holding braces, strings and labels.
define dso_local void @fn() #1 section ".text.fn" comdat($key) align 32 personality ptr @pers {
entry:
  %s = alloca { i32, [2 x i8] }, align 4
  call void asm sideeffect "# } { \22", ""()
  br label %"a }"

"a }":
  ret void
}

define weak protected void @"f\22q"() unnamed_addr section "__TEXT,__x" prefix i32 7 {
0:
  ret void
}

declare i32 @pers(...)
declare extern_weak void @maybe() section ".weak"
declare void @llvm.trap() #2
declare hidden void @multiline(i32 noundef,
                               ptr nonnull) local_unnamed_addr section ".decl"

attributes #0 = { "bss-section"=".mybss" }
attributes #1 = { noinline nounwind optnone "frame-pointer"="all" }
attributes #2 = { cold noreturn nounwind }

!0 = !{i64 0, !"typeid"}
