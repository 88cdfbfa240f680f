; Small variables without a section go to .sdata/.sbss in LLVM 14 and 19.
; want: accepted
target triple = "riscv64-unknown-linux-gnu"
@a = global i32 1
@b = global i32 0
@c = constant i32 1
@d = global i8 1
@e = global i64 1
@f = global [2 x i16] [i16 1, i16 2]
@g = global [3 x i32] [i32 1, i32 2, i32 3]
@h = internal global i32 1
@i = weak global i32 1
@j = common global i32 0
@k = constant [4 x i8] c"abc\00"
@l = global ptr @a
@m = thread_local global i32 1
$n = comdat any
@n = linkonce_odr global i32 1, comdat
@o = global i32 1, section ".sdata"
@p = global i32 0, section ".sdata"
@q = private global i32 1
@r = global {i32, i8} {i32 1, i8 2}
