; GOFF ignores section names; LLVM 14 cannot write GOFF.
; want: accepted
; want-14: unsupported
target triple = "s390x-ibm-zos"
@a = global i32 1, section "mysect"
@b = constant i32 2, section "mysect"
define void @f() section "ftext" { ret void }
