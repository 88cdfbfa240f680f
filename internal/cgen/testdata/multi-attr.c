/* sectfuzz: x86_64-unknown-linux-gnu, variant attr */
__attribute__((section("a\"b\\c\?"))) int d = 1;
static __attribute__((section("raw\001\377"))) __attribute__((aligned(16))) __attribute__((used)) int z = 0;
__attribute__((section(".rodata.k"))) const char k[] = "hi\n";
__attribute__((section(".tdata.t"))) __attribute__((tls_model("initial-exec"))) _Thread_local int t = 1;
short a[3] = {7, 7, 7};
__attribute__((section(".text.f"))) __attribute__((visibility("hidden"))) void f(void) {}
