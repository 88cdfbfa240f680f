/* sectfuzz: wasm32-unknown-unknown, variant pragma-all */
#pragma clang section bss=".bss.x" data=".bss.x" rodata=".bss.x" text=".bss.x"
int g = 0;
#pragma clang section bss="" data="" rodata="" text=""
