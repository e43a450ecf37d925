// Language tests: macro expansion, extended functions, loops, if/else, programs,
// capture, exit status and error locations.
#include <gtest/gtest.h>

#include "lang_test_util.hpp"

using xtdo::testing::run_script;

TEST(Macros, LocalAndGlobal) {
  auto r = run_script("local a hello\nglobal g world\ndisplay \"`a' $g ${g}\"\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "hello world world\n");
}

TEST(Macros, NestedAndExpression) {
  auto r = run_script("local i 2\nlocal x2 found\nlocal p x\ndisplay \"``p'`i''\"\ndisplay \"`x`i''\"\n"
                      "local y = 1/4\ndisplay \"`y'\"\ndisplay \"`=2*3'\"\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "found\nfound\n.25\n6\n");
}

TEST(Macros, IncrementForms) {
  auto r = run_script("local i 1\nlocal ++i\ndisplay `i'\nlocal --i\nlocal --i\ndisplay `i'\n"
                      "display `i++'\ndisplay `i'\ndisplay `++i'\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "2\n0\n0\n1\n2\n");
}

TEST(Macros, ExtendedFunctions) {
  auto r = run_script("local l a b \"c d\" e\n"
                      "display \"`: word count `l''\"\n"
                      "display \"`: word 3 of `l''\"\n"
                      "local n : list sizeof l\ndisplay `n'\n"
                      "local u a b a c b\nlocal v : list uniq u\ndisplay \"`v'\"\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "4\nc d\n4\na b c\n");
}

TEST(Macros, TempNamesAreUnique) {
  auto r = run_script("tempvar a b\ntempname c\ndisplay \"`a' `b' `c'\"\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "__000000 __000001 __000002\n");
}

TEST(Blocks, ForeachForms) {
  auto r = run_script("foreach x in a \"b c\" d {\n  display \"[`x']\"\n}\n"
                      "local L 1 2\nforeach n of local L {\n display `n'*10\n}\n"
                      "foreach n of numlist 1/3 5 {\n display `n'\n}\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "[a]\n[b c]\n[d]\n10\n20\n1\n2\n3\n5\n");
}

TEST(Blocks, ForvaluesAndWhile) {
  auto r = run_script("forvalues i = 1(2)7 {\n di `i'\n}\n"
                      "forvalues i = 3/1 {\n di `i'\n}\n"
                      "forvalues i = 10(-5)0 {\n di `i'\n}\n"
                      "local k 0\nwhile `k' < 3 {\n local ++k\n di \"k=`k'\"\n}\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "1\n3\n5\n7\n10\n5\n0\nk=1\nk=2\nk=3\n");
}

TEST(Blocks, IfElseChains) {
  auto r = run_script("local v 5\n"
                      "if `v' > 10 {\n di \"big\"\n}\nelse if `v' > 3 {\n di \"mid\"\n}\nelse {\n di \"small\"\n}\n"
                      "if `v' == 5 {\n di \"five\"\n} else {\n di \"other\"\n}\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "mid\nfive\n");
}

TEST(Blocks, ContinueAndBreak) {
  auto r = run_script("forvalues i = 1/6 {\n if `i' == 2 {\n continue\n }\n if `i' == 5 {\n continue, break\n }\n di `i'\n}\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "1\n3\n4\n");
}

TEST(Blocks, NestedLoopsReexpandBodies) {
  auto r = run_script("foreach a in x y {\n foreach b in 1 2 {\n  local s `s' `a'`b'\n }\n}\ndi \"`s'\"\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "x1 x2 y1 y2\n");
}

TEST(Programs, DefineCallArgs) {
  auto r = run_script("program define hello\n args who times\n di \"hi `who' x`times' (`0')\"\nend\n"
                      "hello world 3\ncapture program drop hello\nprogram hello\n di \"again\"\nend\nhello\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "hi world x3 (world 3)\nagain\n");
}

TEST(Capture, SetsRcAndContinues) {
  auto r = run_script("capture display nosuchvar\ndi _rc\ncapture display 1\ndi _rc\n"
                      "capture {\n di 1\n nosuchcommand\n}\ndi _rc\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "111\n0\n199\n");
}

TEST(Errors, UncaughtStopsWithLocationAndCaret) {
  auto r = run_script("di 1\ndi 2 +* 3\ndi 3\n");
  EXPECT_NE(r.rc, 0);
  EXPECT_EQ(r.out, "1\n");
  EXPECT_NE(r.err.find("test.do, line 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("r(198);"), std::string::npos) << r.err;
}

TEST(Errors, UnknownCommandIs199) {
  auto r = run_script("frobnicate x\n");
  EXPECT_EQ(r.rc, 199);
  EXPECT_NE(r.err.find("unrecognized command"), std::string::npos);
}

TEST(Errors, ExitStopsQuietly) {
  auto r = run_script("di 1\nexit\ndi 2\n");
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(r.out, "1\n");
}

TEST(Display, DirectivesAndFormats) {
  auto r = run_script("di \"a\" _col(5) \"b\"\ndi %9.3f 3.14159\ndi \"x\" _skip(2) \"y\" _n \"z\"\n"
                      "di _dup(3) \"-\"\ndi \"a\" + \"b\"\ndi 2+3 \" \" 4\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "a   b\n    3.142\nx  y\nz\n---\nab\n5 4\n");
}

TEST(Delimit, SemicolonMode) {
  auto r = run_script("#delimit ;\ndi \"a\"\n  \"b\";\ndi 1;\n#delimit cr\ndi 2\n");
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out, "ab\n1\n2\n");
}

TEST(Shell, RefusedWithoutFlag) {
  auto r = run_script("shell echo hi\n");
  EXPECT_EQ(r.rc, 198);
  EXPECT_NE(r.err.find("--allow-shell"), std::string::npos);
}
