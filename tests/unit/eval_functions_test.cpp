// Mathematical, programming, string and date functions ([FN]).
#include <cmath>

#include "eval_test_util.hpp"

namespace xtdo::test {
namespace {

TEST(EvalFunctions, Math) {
  TestEnv env;
  EXPECT_EQ(num("abs(-3)", env), 3);
  EXPECT_DOUBLE_EQ(num("exp(1)", env), std::exp(1.0));
  EXPECT_DOUBLE_EQ(num("ln(10)", env), std::log(10.0));
  EXPECT_DOUBLE_EQ(num("log(10)", env), std::log(10.0));
  EXPECT_EQ(num("log10(1000)", env), 3);
  EXPECT_EQ(num("ln(0)", env), kMiss);
  EXPECT_EQ(num("ln(-1)", env), kMiss);
  EXPECT_EQ(num("sqrt(-1)", env), kMiss);
  EXPECT_EQ(num("exp(1000)", env), kMiss);
  EXPECT_EQ(num("sqrt(16)", env), 4);
  EXPECT_EQ(num("abs(.a)", env), kMiss);
}

TEST(EvalFunctions, Rounding) {
  TestEnv env;
  EXPECT_EQ(num("round(5.5)", env), 6);
  EXPECT_EQ(num("round(-5.5)", env), -5);  // halves go up ([FN] round())
  EXPECT_EQ(num("round(-5.8, 1)", env), -6);
  EXPECT_DOUBLE_EQ(num("round(1234.5678, .01)", env), 1234.57);
  EXPECT_EQ(num("round(28, 5)", env), 30);
  EXPECT_EQ(num("round(.a)", env), missing::extended('a'));
  EXPECT_EQ(num("round(.a, 1)", env), missing::extended('a'));
  EXPECT_EQ(num("round(2, .)", env), kMiss);
  EXPECT_EQ(num("round(17, 5)", env), 15);
  EXPECT_EQ(num("floor(-1.5)", env), -2);
  EXPECT_EQ(num("ceil(-1.5)", env), -1);
  EXPECT_EQ(num("int(-1.7)", env), -1);
  EXPECT_EQ(num("trunc(1.7)", env), 1);
  EXPECT_EQ(num("mod(7, 3)", env), 1);
  EXPECT_EQ(num("mod(-7, 3)", env), 2);
  EXPECT_EQ(num("mod(7, 0)", env), kMiss);
  EXPECT_EQ(num("sign(-2) + sign(0) * 10 + sign(3) * 100", env), 99);
  EXPECT_EQ(num("float(0.1)", env), static_cast<double>(0.1f));
}

TEST(EvalFunctions, MinMaxIgnoreMissing) {
  TestEnv env;
  EXPECT_EQ(num("min(3, ., 1, 2)", env), 1);
  EXPECT_EQ(num("max(3, ., 1, .a)", env), 3);
  EXPECT_EQ(num("max(., .)", env), kMiss);
  Dataset d;
  d.add_numeric("a", {1, kMiss, 5}, StorageType::Double);
  d.add_numeric("b", {2, 3, kMiss}, StorageType::Double);
  Value v = eval_rows("max(a, b)", d, env);
  EXPECT_EQ(v.num, (std::vector<double>{2, 3, 5}));
  Value w = eval_rows("min(a, b, 0)", d, env);
  EXPECT_EQ(w.num, (std::vector<double>{0, 0, 0}));
}

TEST(EvalFunctions, CondMissingInlistInrange) {
  TestEnv env;
  EXPECT_EQ(num("cond(1, 10, 20)", env), 10);
  EXPECT_EQ(num("cond(0, 10, 20)", env), 20);
  EXPECT_EQ(num("cond(., 10, 20)", env), 10);
  EXPECT_EQ(num("cond(., 10, 20, 30)", env), 30);
  EXPECT_EQ(str("cond(0, \"a\", \"b\")", env), "b");
  EXPECT_EQ(error_rc("cond(0, \"a\", 2)", env), 109);
  EXPECT_EQ(num("missing(1, .)", env), 1);
  EXPECT_EQ(num("missing(1, \"a\")", env), 0);
  EXPECT_EQ(num("mi(\"\")", env), 1);
  EXPECT_EQ(num("missing(.z)", env), 1);
  EXPECT_EQ(num("inlist(3, 1, 2, 3)", env), 1);
  EXPECT_EQ(num("inlist(4, 1, 2, 3)", env), 0);
  EXPECT_EQ(num("inlist(\"b\", \"a\", \"b\")", env), 1);
  EXPECT_EQ(error_rc("inlist(\"b\", 1)", env), 109);
  EXPECT_EQ(num("inrange(5, 1, 10)", env), 1);
  EXPECT_EQ(num("inrange(5, 6, 10)", env), 0);
  EXPECT_EQ(num("inrange(5, ., 10)", env), 1);
  EXPECT_EQ(num("inrange(5, 1, .)", env), 1);
  EXPECT_EQ(num("inrange(., 1, 10)", env), 0);
  EXPECT_EQ(num("inrange(., 1, .)", env), 0);
  EXPECT_EQ(num("inrange(., ., .)", env), 0);
  EXPECT_EQ(num("inrange(5, ., .)", env), 1);
  EXPECT_EQ(num("inrange(\"b\", \"a\", \"c\")", env), 1);
}

TEST(EvalFunctions, RunningSumTreatsMissingAsZero) {
  TestEnv env;
  Dataset d;
  d.add_numeric("x", {1, 2, kMiss, 4}, StorageType::Double);
  Value v = eval_rows("sum(x)", d, env);
  EXPECT_EQ(v.num, (std::vector<double>{1, 3, 3, 7}));
  Value w = eval_rows("sum(x > 1)", d, env);  // missing > 1 is true
  EXPECT_EQ(w.num, (std::vector<double>{0, 1, 2, 3}));
}

TEST(EvalFunctions, Reldif) {
  TestEnv env;
  EXPECT_DOUBLE_EQ(num("reldif(1.1, 1)", env), (1.1 - 1.0) / 2);
  EXPECT_EQ(num("reldif(., .)", env), 0);
  EXPECT_EQ(num("reldif(., 1)", env), kMiss);
  EXPECT_EQ(num("reldif(.a, .b)", env), kMiss);
}

TEST(EvalFunctions, RandomDrawsAreDeterministicGivenTheSeed) {
  TestEnv env;
  Dataset d;
  d.add_numeric("x", std::vector<double>(1000, 0), StorageType::Double);
  Value u = eval_rows("runiform()", d, env);
  double mean = 0, lo = 1, hi = 0;
  for (double x : u.num) {
    mean += x / 1000;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  EXPECT_GT(lo, 0);
  EXPECT_LT(hi, 1);
  EXPECT_NEAR(mean, 0.5, 0.05);
  EXPECT_NE(u.num[0], u.num[1]);
  TestEnv again;
  Value u2 = eval_rows("runiform()", d, again);
  EXPECT_EQ(u.num, u2.num);
  Value n = eval_rows("rnormal(10, 2)", d, env);
  double m = 0, ss = 0;
  for (double x : n.num) m += x / 1000;
  for (double x : n.num) ss += (x - m) * (x - m) / 999;
  EXPECT_NEAR(m, 10, 0.3);
  EXPECT_NEAR(std::sqrt(ss), 2, 0.2);
  Value ab = eval_rows("runiform(5, 6)", d, env);
  for (double x : ab.num) ASSERT_TRUE(x > 5 && x < 6);
  Value k = eval_rows("runiformint(1, 3)", d, env);
  for (double x : k.num) ASSERT_TRUE(x == 1 || x == 2 || x == 3);
}

TEST(EvalFunctions, MiscNumeric) {
  TestEnv env;
  EXPECT_DOUBLE_EQ(num("invlogit(0)", env), 0.5);
  EXPECT_DOUBLE_EQ(num("logit(0.5)", env), 0);
  EXPECT_NEAR(num("invlogit(logit(0.3))", env), 0.3, 1e-15);
  EXPECT_NEAR(num("lngamma(0.5)", env), 0.57236494292470008707, 1e-14);
  EXPECT_EQ(num("comb(5, 2)", env), 10);
  EXPECT_EQ(num("comb(2, 5)", env), kMiss);
  EXPECT_NEAR(num("lnfactorial(10)", env), std::log(3628800.0), 1e-12);
}

TEST(EvalFunctions, Substr) {
  TestEnv env;
  EXPECT_EQ(str("substr(\"abcdef\", 2, 3)", env), "bcd");
  EXPECT_EQ(str("substr(\"abcdef\", -3, 2)", env), "de");
  EXPECT_EQ(str("substr(\"abcdef\", 2, .)", env), "bcdef");
  EXPECT_EQ(str("substr(\"abcdef\", -3, .)", env), "def");
  EXPECT_EQ(str("substr(\"abcdef\", 2, 0)", env), "");
  EXPECT_EQ(str("substr(\"abcdef\", 15, 2)", env), "");
  EXPECT_EQ(str("substr(\"abcdef\", 5, 10)", env), "ef");
  EXPECT_EQ(str("usubstr(\"h\xc3\xa9llo\", 2, 2)", env), "\xc3\xa9l");
}

TEST(EvalFunctions, StringFunctions) {
  TestEnv env;
  EXPECT_EQ(num("strlen(\"hello\")", env), 5);
  EXPECT_EQ(num("length(\"\")", env), 0);
  EXPECT_EQ(str("upper(\"aBc1\")", env), "ABC1");
  EXPECT_EQ(str("strlower(\"aBc1\")", env), "abc1");
  EXPECT_EQ(str("proper(\"hello wORLD\")", env), "Hello World");
  EXPECT_EQ(str("strtrim(\"  a b  \")", env), "a b");
  EXPECT_EQ(str("trim(\"  a b  \")", env), "a b");
  EXPECT_EQ(str("ltrim(\"  a \")", env), "a ");
  EXPECT_EQ(str("rtrim(\"  a \")", env), "  a");
  EXPECT_EQ(str("itrim(\"a   b  c\")", env), "a b c");
  EXPECT_EQ(str("subinstr(\"a.b.c\", \".\", \"-\", .)", env), "a-b-c");
  EXPECT_EQ(str("subinstr(\"a.b.c\", \".\", \"\", 1)", env), "ab.c");
  EXPECT_EQ(str("subinword(\"a ab a\", \"a\", \"x\", .)", env), "x ab x");
  EXPECT_EQ(num("strpos(\"this\", \"is\")", env), 3);
  EXPECT_EQ(num("strpos(\"this\", \"xx\")", env), 0);
  EXPECT_EQ(num("strrpos(\"abab\", \"ab\")", env), 3);
  EXPECT_EQ(str("word(\"the quick  brown\", 2)", env), "quick");
  EXPECT_EQ(str("word(\"the quick brown\", -1)", env), "brown");
  EXPECT_EQ(str("word(\"the quick brown\", 4)", env), "");
  EXPECT_EQ(num("wordcount(\"  the quick brown \")", env), 3);
  EXPECT_EQ(num("regexm(\"abc123\", \"[0-9]+$\")", env), 1);
  EXPECT_EQ(num("regexm(\"abc\", \"^b\")", env), 0);
  EXPECT_EQ(str("regexr(\"a1b2\", \"[0-9]\", \"X\")", env), "aXb2");
  EXPECT_EQ(num("strmatch(\"firm_12\", \"firm_*\")", env), 1);
  EXPECT_EQ(num("strmatch(\"firm_12\", \"f?rm\")", env), 0);
  EXPECT_EQ(str("strreverse(\"abc\")", env), "cba");
  EXPECT_EQ(str("strtoname(\"1 bad-name\")", env), "_1_bad_name");
}

TEST(EvalFunctions, RealAndString) {
  TestEnv env;
  EXPECT_EQ(num("real(\"1.5\")", env), 1.5);
  EXPECT_EQ(num("real(\" -2e3 \")", env), -2000);
  EXPECT_EQ(num("real(\"+5\")", env), 5);
  EXPECT_EQ(num("real(\".5\")", env), 0.5);
  EXPECT_EQ(num("real(\"abc\")", env), kMiss);
  EXPECT_EQ(num("real(\"1,000\")", env), kMiss);
  EXPECT_EQ(num("real(\"\")", env), kMiss);
  EXPECT_EQ(num("real(\".b\")", env), missing::extended('b'));
  EXPECT_EQ(num("real(\"inf\")", env), kMiss);
  EXPECT_EQ(str("string(1.5)", env), "1.5");
  EXPECT_EQ(str("string(4) + \"F\"", env), "4F");
  EXPECT_EQ(str("string(1234567)", env), "1234567");
  EXPECT_EQ(str("string(12345678)", env), "1.23e+07");  // %9.0g ([FN] strofreal())
  EXPECT_EQ(str("string(.)", env), ".");
  EXPECT_EQ(str("string(.a)", env), ".a");
  EXPECT_EQ(str("string(-0.25)", env), "-.25");
  EXPECT_EQ(str("string(1/3)", env), ".3333333");
  EXPECT_EQ(str("string(23, \"%9.2f\")", env), "23.00");
  EXPECT_EQ(str("strofreal(1234567.891, \"%12.2fc\")", env), "1,234,567.89");
}

TEST(EvalFunctions, Dates) {
  TestEnv env;
  EXPECT_EQ(num("mdy(1, 1, 1960)", env), 0);
  EXPECT_EQ(num("mdy(1, 15, 2020)", env), 21929);
  EXPECT_EQ(num("mdy(2, 30, 2020)", env), kMiss);
  EXPECT_EQ(num("year(21929) * 10000 + month(21929) * 100 + day(21929)", env), 20200115);
  EXPECT_EQ(num("dow(0)", env), 5);  // 01jan1960 was a Friday
  EXPECT_EQ(num("doy(mdy(3, 1, 2020))", env), 61);
  EXPECT_EQ(num("quarter(mdy(5, 1, 2020))", env), 2);
  EXPECT_EQ(num("ym(2020, 1)", env), 720);
  EXPECT_EQ(num("yq(1959, 4)", env), -1);
  EXPECT_EQ(num("mofd(mdy(3, 31, 2021))", env), 734);
  EXPECT_EQ(num("dofm(734)", env), num("mdy(3, 1, 2021)", env));
  EXPECT_EQ(num("yofd(mdy(12, 31, 1999))", env), 1999);
  EXPECT_EQ(num("date(\"15jan2020\", \"DMY\")", env), 21929);
  EXPECT_EQ(num("date(\"2020-01-15\", \"YMD\")", env), 21929);
  EXPECT_EQ(num("date(\"01/15/2020\", \"MDY\")", env), 21929);
  EXPECT_EQ(num("date(\"20200115\", \"YMD\")", env), 21929);
  EXPECT_EQ(num("date(\"15 Jan 20\", \"DM20Y\")", env), 21929);
  EXPECT_EQ(num("date(\"nonsense\", \"DMY\")", env), kMiss);
}

TEST(EvalFunctions, RegistryListsEveryName) {
  auto names = function_names();
  for (const char* f : {"abs", "sum", "cond", "ttail", "invFtail", "substr", "string", "reldif",
                        "mdy", "scalar", "el"})
    EXPECT_NE(std::find(names.begin(), names.end(), f), names.end()) << f;
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

}  // namespace
}  // namespace xtdo::test

namespace xtdo::test {
namespace {

TEST(EvalFunctions, HostileArgumentsGiveMissingOrAnErrorNotACrash) {
  TestEnv env;
  Dataset d;
  d.add_numeric("x", {1, 2}, StorageType::Double);
  EXPECT_EQ(error_rc("\"ab\" * 1e12", env), 920);
  EXPECT_EQ(str("substr(\"abc\", 1e300, 1e300)", env), "");
  EXPECT_EQ(str("substr(\"abc\", -1e300, 2)", env), "");
  EXPECT_EQ(str("word(\"a b\", 1e300)", env), "");
  EXPECT_EQ(str("subinstr(\"aaa\", \"a\", \"b\", 1e300)", env), "bbb");
  EXPECT_EQ(num("x[1e300] + x[-1e300]", env, &d), kMiss);
  EXPECT_EQ(num("mdy(1, 1, 1e300)", env), kMiss);
  EXPECT_EQ(num("year(1e300)", env), kMiss);
  EXPECT_EQ(num("dofm(1e300)", env), kMiss);
  EXPECT_EQ(num("date(\"123456789012345\", \"YMD\")", env), kMiss);
  EXPECT_EQ(format_number(1e300, "%td"), "1.00e+300");  // no calendar date: %10.0g
  EXPECT_EQ(format_number(1, "%99999999999g").size(), 4096u);
  EXPECT_EQ(format_number(1e300, "%5.2f").size(), 304u);
  Matrix m;
  m.rows = m.cols = 1;
  m.data = {7};
  env.matrices["M"] = m;
  EXPECT_EQ(error_rc("M[1e300, 1]", env), 503);
  EXPECT_EQ(num("M[1, 1]", env), 7);
}

}  // namespace
}  // namespace xtdo::test
