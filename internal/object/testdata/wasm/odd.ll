; Section strings with bytes that need escaping.
@nul = global i32 1, section "a\00b"
@quote = global i32 2, section "q\22uote"
@high = global i32 3, section "\FF\FEhigh"
@comma = global i32 4, section "a,b c"
@bs = global i32 5, section "back\5Cslash"
