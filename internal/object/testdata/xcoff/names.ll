; Section strings that need the string table (over 8 bytes) or a rename in
; assembly (characters the AIX assembler does not accept).
@a = global i32 1, section "a_rather_long_csect_name"
@b = global i32 2, section "odd name$with#chars"
@c = internal global i32 3, section ".data"
@d = weak global i32 4, section "x"
@e = constant [4 x i8] c"abc\00", section "x"
@f = global ptr @a, section "with.dots.and[brackets]"
define internal void @fn() section "x" { ret void }
