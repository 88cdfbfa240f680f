; Data sharing a section with a constant, .CRT$XCU, a long name, a comdat pair and .tls$.
; want: accepted
target triple = "x86_64-pc-windows-msvc"
@a = global i32 0, section ".mydata"
@b = constant i32 1, section ".mydata"
@c = global i32 1, section ".CRT$XCU"
@d = global i32 1, section "a_very_long_section_name"
$k = comdat any
@k = linkonce_odr global i32 1, comdat, section ".data$k"
@k2 = linkonce_odr global i32 2, comdat($k), section ".data$k"
@t = thread_local global i32 3, section ".tls$"
define void @f() section ".text$x" {
  %v = load i32, ptr @a
  ret void
}
