// Operators, missing values, names, results, subscripts and errors ([U] 13).
#include "eval_test_util.hpp"

namespace xtdo::test {
namespace {

Dataset small_data() {
  Dataset d;
  d.add_numeric("x", {1, 2, kMiss, 4}, StorageType::Double);
  d.add_numeric("y", {10, 0, 5, missing::extended('a')}, StorageType::Double);
  d.add_string("s", {"b", "a", "", "c"});
  d.add_numeric("income", {100, 200, 300, 400}, StorageType::Double);
  d.add_numeric("inv1", {1, 1, 1, 1}, StorageType::Double);
  d.add_numeric("inv2", {2, 2, 2, 2}, StorageType::Double);
  return d;
}

TEST(EvalOperators, HandBuiltTreeIsEvaluatedWithoutTheParser) {
  auto num_node = [](double v) {
    auto e = std::make_shared<ast::Expr>();
    e->kind = ast::ExprKind::Number;
    e->number = v;
    return e;
  };
  auto bin = std::make_shared<ast::Expr>();
  bin->kind = ast::ExprKind::Binary;
  bin->text = "+";
  auto name = std::make_shared<ast::Expr>();
  name->kind = ast::ExprKind::Name;
  name->text = "x";
  auto mul = std::make_shared<ast::Expr>();
  mul->kind = ast::ExprKind::Binary;
  mul->text = "*";
  mul->args = {name, num_node(2)};
  bin->args = {mul, num_node(1)};
  Dataset d = small_data();
  TestEnv env;
  EvalContext ctx;
  ctx.data = &d;
  ctx.env = &env;
  Value v = evaluate(*bin, ctx);
  ASSERT_EQ(v.num.size(), 4u);
  EXPECT_EQ(v.num[0], 3);
  EXPECT_EQ(v.num[1], 5);
  EXPECT_EQ(v.num[2], kMiss);
  EXPECT_EQ(v.num[3], 9);
}

TEST(EvalOperators, ArithmeticWithMissingGivesSysmiss) {
  TestEnv env;
  EXPECT_EQ(num(". + 1", env), kMiss);
  EXPECT_EQ(num(".a * 0", env), kMiss);  // not .a, and not 0
  EXPECT_EQ(num("1/0", env), kMiss);
  EXPECT_EQ(num("0/0", env), kMiss);
  EXPECT_EQ(num("-.", env), kMiss);
  EXPECT_EQ(num("1e300*1e300", env), kMiss);  // overflow
  EXPECT_EQ(num("2^10", env), 1024);
  EXPECT_EQ(num("0^0", env), 1);
  EXPECT_EQ(num("(-8)^(1/3)", env), kMiss);
  EXPECT_EQ(num("(-2)^3", env), -8);
}

TEST(EvalOperators, MissingValuesCompareAboveNumbers) {
  TestEnv env;
  EXPECT_EQ(num(". > 1e300", env), 1);
  EXPECT_EQ(num(".a > .", env), 1);
  EXPECT_EQ(num(".b > .a", env), 1);
  EXPECT_EQ(num(". == .", env), 1);
  EXPECT_EQ(num(".a == .", env), 0);
  EXPECT_EQ(num(". != 3", env), 1);
  EXPECT_EQ(num(". < .", env), 0);
}

TEST(EvalOperators, LogicalTreatsMissingAsTrue) {
  TestEnv env;
  EXPECT_EQ(num(". & 1", env), 1);
  EXPECT_EQ(num("0 | .", env), 1);
  EXPECT_EQ(num("!.", env), 0);
  EXPECT_EQ(num("!0", env), 1);
  EXPECT_EQ(num("!5", env), 0);
  EXPECT_EQ(num("2 & 0", env), 0);
}

TEST(EvalOperators, PrecedenceFollowsStata) {
  TestEnv env;
  EXPECT_EQ(num("1 + 2 * 3", env), 7);
  EXPECT_EQ(num("(1 + 2) * 3", env), 9);
  EXPECT_EQ(num("-2^2", env), -4);  // ^ binds tighter than unary minus
  EXPECT_EQ(num("1 < 2 & 3 > 2", env), 1);
  EXPECT_EQ(num("1 + 1 == 2", env), 1);
  EXPECT_EQ(num("0 | 1 & 0", env), 0 | (1 & 0));
  EXPECT_EQ(num("10 - 4 - 3", env), 3);
  EXPECT_EQ(num("12 / 2 / 3", env), 2);
  EXPECT_EQ(num("!0 + 1", env), 2);  // ! binds tightest ([U] 13.2.5)
}

TEST(EvalOperators, StringOperators) {
  TestEnv env;
  EXPECT_EQ(str("\"ab\" + \"cd\"", env), "abcd");
  EXPECT_EQ(num("\"abc\" < \"abd\"", env), 1);
  EXPECT_EQ(num("\"B\" < \"a\"", env), 1);  // byte order: uppercase first
  EXPECT_EQ(num("\"a\" == \"a\"", env), 1);
  EXPECT_EQ(num("\"\" < \"a\"", env), 1);
  EXPECT_EQ(str("\"ab\" * 3", env), "ababab");
}

TEST(EvalOperators, TypeMismatchIs109WithPosition) {
  TestEnv env;
  int pos = -1;
  EXPECT_EQ(error_rc("1 + \"a\"", env, nullptr, &pos), 109);
  EXPECT_GE(pos, 0);
  EXPECT_EQ(error_rc("2 * abs(\"a\")", env, nullptr, &pos), 109);
  EXPECT_EQ(pos, 8);  // at the offending argument
  EXPECT_EQ(error_rc("\"a\" - \"b\"", env), 109);
  EXPECT_EQ(error_rc("-\"a\"", env), 109);
  EXPECT_EQ(error_rc("\"a\" == 1", env), 109);
  EXPECT_EQ(error_rc("abs(\"a\")", env), 109);
}

TEST(EvalOperators, UnknownNamesAndFunctions) {
  TestEnv env;
  Dataset d = small_data();
  int pos = -1;
  EXPECT_EQ(error_rc("1 + nosuch", env, &d, &pos), 111);
  EXPECT_EQ(pos, 4);
  EXPECT_EQ(error_rc("nosuch(1)", env, &d, &pos), 133);
  EXPECT_EQ(pos, 0);
  try {
    evaluate_scalar(*parse("foo(2)"), &d, env);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_STREQ(e.what(), "unknown function foo()");
  }
  try {
    evaluate_scalar(*parse("inv + 1"), &d, env);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 111);
    EXPECT_STREQ(e.what(), "inv ambiguous abbreviation");
  }
  EXPECT_EQ(error_rc("abs(1, 2)", env), 198);
}

TEST(EvalOperators, VariablesAbbreviationsAndRows) {
  TestEnv env;
  Dataset d = small_data();
  Value v = eval_rows("inc / 100 + x", d, env);  // `inc` abbreviates income
  ASSERT_EQ(v.num.size(), 4u);
  EXPECT_EQ(v.num[0], 2);
  EXPECT_EQ(v.num[2], kMiss);
  Value n = eval_rows("_n * 10 + _N", d, env);
  EXPECT_EQ(n.num, (std::vector<double>{14, 24, 34, 44}));
  Value s = eval_rows("s + \"!\"", d, env);
  ASSERT_TRUE(s.is_string);
  EXPECT_EQ(s.str, (std::vector<std::string>{"b!", "a!", "!", "c!"}));
  EvalContext ctx;
  ctx.data = &d;
  ctx.env = &env;
  ctx.row_begin = 1;
  ctx.row_end = 3;
  Value part = evaluate(*parse("x + _n"), ctx);
  EXPECT_EQ(part.num, (std::vector<double>{4, kMiss}));
}

TEST(EvalOperators, ScalarModeReadsObservationOne) {
  TestEnv env;
  Dataset d = small_data();
  EXPECT_EQ(num("x + income", env, &d), 101);
  EXPECT_EQ(str("s", env, &d), "b");
  EXPECT_EQ(num("x[4]", env, &d), 4);
  EXPECT_EQ(num("x[5]", env, &d), kMiss);
  EXPECT_EQ(num("_N", env, &d), 4);
  Dataset empty;
  empty.add_numeric("z", {}, StorageType::Double);
  EXPECT_EQ(num("z", env, &empty), kMiss);
}

TEST(EvalOperators, ScalarsSystemValuesAndResults) {
  TestEnv env;
  env.set_scalar("k", 2.5);
  env.set_scalar("_rc", 111);
  env.set_scalar("name", "abc");
  env.set_result('r', "mean", 3.5);
  env.set_result('e', "cmd", "regress");
  env.set_result('c', "level", 95);
  env.coefs["_b:x"] = 0.25;
  env.coefs["_se:x"] = 0.05;
  EXPECT_EQ(num("k * 2", env), 5);
  EXPECT_EQ(num("_rc", env), 111);
  EXPECT_EQ(str("name + \"d\"", env), "abcd");
  EXPECT_EQ(num("scalar(k)", env), 2.5);
  EXPECT_DOUBLE_EQ(num("_pi", env), 3.14159265358979323846);
  EXPECT_EQ(num("r(mean) + 1", env), 4.5);
  EXPECT_EQ(num("r(nosuch)", env), kMiss);
  EXPECT_EQ(num("e(cmd) == \"regress\"", env), 1);
  EXPECT_EQ(num("e(depvar) == \"\"", env), 1);  // absent macro beside a string is ""
  EXPECT_EQ(num("c(level)", env), 95);
  EXPECT_DOUBLE_EQ(num("c(pi)", env), 3.14159265358979323846);
  EXPECT_EQ(num("_b[x] / _se[x]", env), 5);
  Dataset d = small_data();
  EXPECT_EQ(num("c(N) * 10 + c(k)", env, &d), 46);
  EXPECT_EQ(str("word(c(Mons), 2)", env), "Feb");
}

TEST(EvalOperators, EstimationSample) {
  TestEnv env;
  Dataset d = small_data();
  EXPECT_EQ(eval_rows("e(sample)", d, env).num, (std::vector<double>(4, 0)));
  env.has_sample = true;
  env.sample = {1, 0, 1, 1};
  EXPECT_EQ(eval_rows("x * e(sample)", d, env).num, (std::vector<double>{1, 0, kMiss, 4}));
  EXPECT_EQ(num("e(sample)", env, &d), 1);
}

TEST(EvalOperators, VariableShadowsScalarAndScalarBeatsAbbreviation) {
  TestEnv env;
  Dataset d = small_data();
  env.set_scalar("x", 100);
  env.set_scalar("inc", 7);
  EXPECT_EQ(num("x", env, &d), 1);    // the variable x
  EXPECT_EQ(num("inc", env, &d), 7);  // the scalar, not an abbreviation of income
}

TEST(EvalOperators, SubscriptsAreVectorised) {
  TestEnv env;
  Dataset d = small_data();
  Value lag = eval_rows("x[_n-1]", d, env);
  EXPECT_EQ(lag.num, (std::vector<double>{kMiss, 1, 2, kMiss}));
  Value lead = eval_rows("income[_n+1] - income", d, env);
  EXPECT_EQ(lead.num, (std::vector<double>{100, 100, 100, kMiss}));
  Value first = eval_rows("income[1]", d, env);
  EXPECT_EQ(first.num, (std::vector<double>(4, 100)));
  Value slag = eval_rows("s[_n-1]", d, env);
  EXPECT_EQ(slag.str, (std::vector<std::string>{"", "b", "a", ""}));
  Value trunc = eval_rows("income[2.7]", d, env);
  EXPECT_EQ(trunc.num[0], 200);
}

TEST(EvalOperators, MatrixElements) {
  TestEnv env;
  Matrix m;
  m.rows = 2;
  m.cols = 2;
  m.rownames = {"r1", "r2"};
  m.colnames = {"a", "b"};
  m.data = {1, 2, 3, 4};
  env.matrices["M"] = m;
  EXPECT_EQ(num("M[2,1]", env), 3);
  EXPECT_EQ(num("M[1,2] + el(M, 2, 2)", env), 6);
  EXPECT_EQ(num("rowsof(M) * colsof(M)", env), 4);
  EXPECT_EQ(error_rc("M[3,1]", env), 503);
  EXPECT_EQ(error_rc("N[1,1]", env), 111);
}

TEST(EvalOperators, ReadsOtherRows) {
  EXPECT_TRUE(reads_other_rows(*parse("x[_n-1]"), "x"));
  EXPECT_TRUE(reads_other_rows(*parse("1 + cond(x[1] > 0, 1, 2)"), "x"));
  EXPECT_TRUE(reads_other_rows(*parse("L.x + 1"), "x"));
  EXPECT_FALSE(reads_other_rows(*parse("x[_n] + y[_n-1]"), "x"));
  EXPECT_FALSE(reads_other_rows(*parse("x * 2"), "x"));
  EXPECT_TRUE(reads_other_rows(*parse("y[_n-1]"), "y"));
}

TEST(EvalOperators, TimeSeriesOperators) {
  TestEnv env;
  int pos = -1;
  Dataset d;
  d.add_numeric("id", {1, 1, 1, 2, 2, 2}, StorageType::Double);
  d.add_numeric("t", {1, 2, 3, 1, 2, 4}, StorageType::Double);
  d.add_numeric("v", {10, 13, 19, 5, 6, 8}, StorageType::Double);
  d.ts.panelvar = "id";
  d.ts.timevar = "t";
  Value lag = eval_rows("L.v", d, env);
  EXPECT_EQ(lag.num, (std::vector<double>{kMiss, 10, 13, kMiss, 5, kMiss}));
  Value diff = eval_rows("D.v", d, env);
  EXPECT_EQ(diff.num, (std::vector<double>{kMiss, 3, 6, kMiss, 1, kMiss}));
  Value lead = eval_rows("F.v - v", d, env);
  EXPECT_EQ(lead.num, (std::vector<double>{3, 6, kMiss, 1, kMiss, kMiss}));
  Value l2 = eval_rows("L2.v", d, env);
  EXPECT_EQ(l2.num, (std::vector<double>{kMiss, kMiss, 10, kMiss, kMiss, 6}));  // t=4 -> t=2
  Value ld = eval_rows("LD.v", d, env);
  EXPECT_EQ(ld.num, (std::vector<double>{kMiss, kMiss, 3, kMiss, kMiss, kMiss}));
  Dataset plain;
  plain.add_numeric("v", {1, 2}, StorageType::Double);
  EXPECT_EQ(error_rc("1 + L.v", env, &plain, &pos), 111);  // time variable not set
  EXPECT_EQ(pos, 4);
}

}  // namespace
}  // namespace xtdo::test
