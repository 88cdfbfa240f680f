; LLVM 14 style: typed pointers, bitcast constant expressions.
target triple = "i686-pc-windows-gnu"

%struct.S = type { i32*, i8, void ()* }

@a = dso_local global i32 1, section ".CRT$XCU", align 4
@pa = dso_local global i32* @a, align 4
@s = dso_local global %struct.S { i32* @a, i8 1, void ()* @f }, section ".data$s"
@str = private unnamed_addr constant [3 x i8] c"hi\00", align 1
@pstr = dso_local global i8* getelementptr inbounds ([3 x i8], [3 x i8]* @str, i32 0, i32 0)
@nul = dso_local global i8* null
@llvm.used = appending global [2 x i8*] [i8* bitcast (i32** @pa to i8*), i8* bitcast (void ()* @f to i8*)], section "llvm.metadata"

define dso_local void @f() section ".text$f" {
  ret void
}

declare dllimport i32* @imp(i8*, ...)
