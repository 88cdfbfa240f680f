; ModuleID = 'b.cpp'
source_filename = "b.cpp"
target datalayout = "e-m:w-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-windows-msvc19.33.0"

$"?inl@@YAHXZ" = comdat any

$"?sel@@3HA" = comdat any

$"?v@?$X@H@@2HA" = comdat any

$"?x@?1??inl@@YAHXZ@4HA" = comdat any

@"?sel@@3HA" = weak_odr dso_local global i32 4, comdat, align 4
@"?pinit@@3P6AXXZEA" = dso_local constant ptr @"?init@@YAXXZ", section ".CRT$XCU", align 8
@"?v@?$X@H@@2HA" = linkonce_odr dso_local global i32 5, comdat, align 4
@"?tlv@@3HA" = dso_local thread_local global i32 9, align 4
@"?x@?1??inl@@YAHXZ@4HA" = linkonce_odr dso_local global i32 3, comdat, align 4

; Function Attrs: mustprogress noinline nounwind optnone uwtable
define internal void @"?init@@YAXXZ"() #0 {
  ret void
}

; Function Attrs: mustprogress noinline optnone uwtable
define dso_local noundef i32 @"?use@@YAHXZ"() #1 {
  %1 = call noundef i32 @"?inl@@YAHXZ"()
  %2 = load i32, ptr @"?v@?$X@H@@2HA", align 4
  %3 = add nsw i32 %1, %2
  ret i32 %3
}

; Function Attrs: mustprogress noinline nounwind optnone uwtable
define linkonce_odr dso_local noundef i32 @"?inl@@YAHXZ"() #0 comdat {
  %1 = load i32, ptr @"?x@?1??inl@@YAHXZ@4HA", align 4
  ret i32 %1
}

attributes #0 = { mustprogress noinline nounwind optnone uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { mustprogress noinline optnone uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3, !4, !5, !6}
!llvm.ident = !{!7}

!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "Debian clang version 22.1.8 (1~deb12u1)", isOptimized: false, runtimeVersion: 0, emissionKind: NoDebug, splitDebugInlining: false, nameTableKind: None)
!1 = !DIFile(filename: "b.cpp", directory: "/tmp/fx")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{i32 1, !"wchar_size", i32 2}
!4 = !{i32 8, !"PIC Level", i32 2}
!5 = !{i32 7, !"uwtable", i32 2}
!6 = !{i32 1, !"MaxTLSAlign", i32 65536}
!7 = !{!"Debian clang version 22.1.8 (1~deb12u1)"}
