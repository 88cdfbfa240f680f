; LLVM 14 never turns .init_array sections into data segments: the symbol
; of @init points at segment 0, which does not exist (llvm-readobj and the
; reader refuse the file). LLVM 19 and 22 write a real segment.
@init = global ptr null, section ".init_array"
