; Explicit sections: short, exactly 8 bytes, long (string table), odd bytes,
; '$' grouping, predefined names, a function and data sharing one section.
@a = global i32 1, section "foo"
@b = global i32 0, section "12345678"
@c = constant i32 1, section "a_long_section_name"
@d = thread_local global i32 1, section ".tls$ZZZ"
@e = global i32 1, section ".CRT$XCU"
@f = constant [4 x i8] c"abc\00", section "with space"
@g = global i32 1, section "q\22uote#hash"
@h = global i32 1, section "\C3\A9t\C3\A9 and a long tail"
@i = global i32 1, section "shared"
@j = global i64 1, section ".rdata$zzz", align 1
@k = global i32 1, section "nul\00cut"
@l = global i32 1, section "long\00name after the nul"
@m = global i32 0, section ".bss"
@n = global i32 1, section "huge", align 16384
@o = global i32 1, section "huger", align 65536
define void @fn() section "shared" { ret void }
define void @fn2() section "a_long_section_name.text" align 2 { ret void }
