; A function fixes __DATA,__mysect's attributes before the variable that names it first.
; want: fatal
target triple = "arm64-apple-ios14.0"
@a = global i32 1, section "__DATA,__mysect,regular,no_dead_strip"
@b = constant i32 2, section "__DATA,__mysect"
@c = global [2 x ptr] [ptr @a, ptr @b], section "__DATA,__mod_init_func,mod_init_funcs"
@z = global i32 0, section "__DATA,__zz,zerofill"
@z2 = global i32 1, section "__DATA,__zz,zerofill"
define void @f() section "__TEXT,__mytext,regular,pure_instructions" { ret void }
define void @f2() section "__DATA,__mysect" { ret void }
