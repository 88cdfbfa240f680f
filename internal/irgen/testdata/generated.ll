; Render's output for a generated module (Generate, random bytes, seed 99).
target triple = "x86_64-unknown-linux-gnu"

$g4 = comdat any

@g0 = extern_weak hidden global i32, section ".init_array..apple_names"
@g1 = global ptr @g7, section "__DATA,__mod_term_func"
@g2 = private thread_local(localdynamic) local_unnamed_addr global { i32, i32 } { i32 48, i32 48 }, section ".ro\00data.cst16"
@g3 = linkonce_odr protected constant [8 x i16] [i16 9, i16 9, i16 9, i16 9, i16 9, i16 9, i16 9, i16 9], section "__param", align 4
@g4 = weak_odr global i64 0, section ".debug_macinfo.dwo", comdat, align 4096
@g5 = extern_weak global i32, section ".check,\22awx\22,@progbits#", align 2
@g6 = global ptr null, section "__sancov_guards", align 4096
@g7 = weak hidden local_unnamed_addr global [4 x i8] c"%s\0A\00", section ".adv_key_setting.text.const"
@g8 = internal thread_local global ptr @f0, section ".gopclntab", align 8
@g9 = external protected unnamed_addr global i32, section ".note.znu"
@g10 = common thread_local(localexec) unnamed_addr global i32 0, section ".tdata", align 16
@llvm.used = appending global [1 x ptr] [ptr @g3], section "llvm.metadata"

declare extern_weak protected void @f0() section ".init_array..apple_names" align 32

define hidden void @f1() unnamed_addr comdat($g4) align 16 {
0:
	ret void
}
