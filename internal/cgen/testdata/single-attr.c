/* sectfuzz: x86_64-apple-macosx10.15, variant attr */
__attribute__((section("__DATA,__foo"))) int g = 1;
