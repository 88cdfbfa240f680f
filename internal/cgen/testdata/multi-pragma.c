/* sectfuzz: x86_64-unknown-linux-gnu, variant pragma */
#pragma clang section data="a\"b\\c\?"
int d = 1;
#pragma clang section data=""
#pragma clang section bss="raw\001\377"
static __attribute__((aligned(16))) __attribute__((used)) int z = 0;
#pragma clang section bss=""
#pragma clang section rodata=".rodata.k"
const char k[] = "hi\n";
#pragma clang section rodata=""
#pragma clang section data=".tdata.t"
__attribute__((tls_model("initial-exec"))) _Thread_local int t = 1;
#pragma clang section data=""
short a[3] = {7, 7, 7};
#pragma clang section text=".text.f"
__attribute__((visibility("hidden"))) void f(void) {}
#pragma clang section text=""
