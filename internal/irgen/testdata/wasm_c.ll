; ModuleID = 'd.c'
source_filename = "d.c"
target datalayout = "e-m:e-p:32:32-p10:8:8-p20:8:8-i64:64-n32:64-S128-ni:1:10:20"
target triple = "wasm32-unknown-unknown"

%struct.anon = type { ptr, i16 }

@a = hidden global i32 1, section ".data.custom", align 4
@p = hidden global ptr @a, align 4
@st = hidden global %struct.anon { ptr @a, i16 2 }, align 4
@arr = hidden constant [3 x i16] [i16 1, i16 2, i16 3], section "mysec", align 2
@tls = hidden thread_local global i32 0, align 4

!llvm.module.flags = !{!0}
!llvm.ident = !{!1}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
