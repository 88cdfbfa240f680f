; Comdats (key and associative members), weak definitions without a comdat
; (COFF weak externals with a default symbol) and extern_weak references.
$key = comdat any
$big = comdat largest
$nodup = comdat nodeduplicate
@key = global i32 1, comdat
@member = global i32 2, section "member_section", comdat($key)
@big = linkonce_odr global [8 x i32] zeroinitializer, comdat
@nodup = constant i32 3, section ".rdata", comdat
@weak = weak global i32 1, section "weak_section"
@lo = linkonce_odr global i32 1
@wz = weak global i32 0
@ew = extern_weak global i32
define linkonce_odr void @inl() comdat($key) { ret void }
define void @use() {
  %x = load i32, ptr @ew
  ret void
}
