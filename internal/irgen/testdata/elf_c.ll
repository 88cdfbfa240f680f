; ModuleID = 'a.c'
source_filename = "a.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%struct.S = type { i32, i8, i64 }

@a = dso_local global i32 1, section ".mysec", align 4
@s = dso_local constant [3 x i8] c"hi\00", section ".myro", align 1
@tl = dso_local thread_local global i64 5, align 8
@p = dso_local global ptr @a, align 8
@st = dso_local global %struct.S { i32 1, i8 97, i64 2 }, align 8
@d = dso_local constant double 0.000000e+00, align 8
@t = internal thread_local global i32 0, align 4
@kept = internal global i32 7, align 4
@ext = extern_weak global i32, align 4
@bss_var = dso_local global i32 0, align 4
@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @ctor, ptr null }]
@llvm.compiler.used = appending global [1 x ptr] [ptr @kept], section "llvm.metadata"

; Function Attrs: noinline nounwind optnone uwtable
define dso_local void @f() #0 section ".text.hot" {
  ret void
}

; Function Attrs: noinline nounwind optnone uwtable
define internal void @ctor() #0 {
  %1 = call align 4 ptr @llvm.threadlocal.address.p0(ptr align 4 @t)
  store i32 1, ptr %1, align 4
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare nonnull ptr @llvm.threadlocal.address.p0(ptr nonnull) #1

; Function Attrs: noinline nounwind optnone uwtable
define dso_local ptr @getext() #0 {
  ret ptr @ext
}

attributes #0 = { noinline nounwind optnone uwtable "frame-pointer"="all" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!llvm.module.flags = !{!0, !1, !2, !3, !4}
!llvm.ident = !{!5}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{i32 7, !"frame-pointer", i32 2}
!5 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
