; A thread-local in a named csect: the XCOFF writer has no section type for it (data, constants, zeros and code share or get csects of their own).
; want: fatal
target triple = "powerpc64-ibm-aix"
@a = global i32 1, section "mysect"
@b = constant i32 2, section "mysect"
@c = global i32 0, section "zsect"
@t = thread_local global i32 1, section "tsect"
define void @f() section "ftext" { ret void }
