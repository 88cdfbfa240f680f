; Every kind on z/OS: data parts in C_WSA64, code and read-only labels in
; C_CODE64. Section strings are ignored by GOFF.
@data = global i32 1, section "mysect"
@zero = global i32 0
@const = constant i32 1, section "foo"
@tls = thread_local global i32 1
@internal = internal global i32 5
@aligned = global i64 7, align 16
@a_name_longer_than_one_record_can_hold_because_goff_records_are_eighty_bytes = global i32 9
define void @f() section "fsect" { ret void }
define internal void @f2() { ret void }
