// `by` groups: _n/_N, subscripts and sum() within groups; sort-order checks; and the
// speed of a plain vectorised expression over 10 million rows.
#include <cmath>

#include "eval_test_util.hpp"

namespace xtdo::test {
namespace {

Dataset panel() {
  Dataset d;
  d.add_numeric("id", {1, 1, 1, 2, 2, kMiss}, StorageType::Double);
  d.add_string("g", {"a", "a", "b", "a", "a", "a"});
  d.add_numeric("x", {5, kMiss, 7, 1, 2, 9}, StorageType::Double);
  return d;
}

TEST(EvalByGroups, BuildGroupsConsecutiveRows) {
  Dataset d = panel();
  ByGroups by = ByGroups::build(d, {"id"});
  EXPECT_EQ(by.ngroups, 3);
  EXPECT_EQ(by.start, (std::vector<int64_t>{0, 0, 0, 3, 3, 5}));
  EXPECT_EQ(by.size, (std::vector<int64_t>{3, 3, 3, 2, 2, 1}));
  ByGroups by2 = ByGroups::build(d, {"id", "g"});
  EXPECT_EQ(by2.ngroups, 4);
  EXPECT_EQ(by2.start, (std::vector<int64_t>{0, 0, 2, 3, 3, 5}));
}

TEST(EvalByGroups, NotSortedIsError5) {
  Dataset d = panel();
  try {
    ByGroups::build(d, {"g"});
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 5);
    EXPECT_STREQ(e.what(), "not sorted");
  }
  // Sorted on (id, g) does not need g sorted across different ids.
  EXPECT_NO_THROW(ByGroups::build(d, {"id", "g"}));
  Dataset m;
  m.add_numeric("v", {1, kMiss, 2}, StorageType::Double);  // missing sorts last
  EXPECT_THROW(ByGroups::build(m, {"v"}), XtdoError);
  Dataset ext;
  ext.add_numeric("v", {1, kMiss, missing::extended('a')}, StorageType::Double);
  EXPECT_NO_THROW(ByGroups::build(ext, {"v"}));
}

TEST(EvalByGroups, RowNumbersAndSizesWithinGroups) {
  Dataset d = panel();
  TestEnv env;
  ByGroups by = ByGroups::build(d, {"id"});
  EXPECT_EQ(eval_rows("_n", d, env, &by).num, (std::vector<double>{1, 2, 3, 1, 2, 1}));
  EXPECT_EQ(eval_rows("_N", d, env, &by).num, (std::vector<double>{3, 3, 3, 2, 2, 1}));
  EXPECT_EQ(eval_rows("_n == _N", d, env, &by).num, (std::vector<double>{0, 0, 1, 0, 1, 1}));
}

TEST(EvalByGroups, SubscriptsStayInsideTheGroup) {
  Dataset d = panel();
  TestEnv env;
  ByGroups by = ByGroups::build(d, {"id"});
  EXPECT_EQ(eval_rows("x[_n-1]", d, env, &by).num,
            (std::vector<double>{kMiss, 5, kMiss, kMiss, 1, kMiss}));
  EXPECT_EQ(eval_rows("x[1]", d, env, &by).num, (std::vector<double>{5, 5, 5, 1, 1, 9}));
  EXPECT_EQ(eval_rows("x[_N]", d, env, &by).num, (std::vector<double>{7, 7, 7, 2, 2, 9}));
  EXPECT_EQ(eval_rows("g[_n+1]", d, env, &by).str,
            (std::vector<std::string>{"a", "b", "", "a", "", ""}));
}

TEST(EvalByGroups, RunningSumRestartsEachGroup) {
  Dataset d = panel();
  TestEnv env;
  ByGroups by = ByGroups::build(d, {"id"});
  EXPECT_EQ(eval_rows("sum(x)", d, env, &by).num, (std::vector<double>{5, 5, 12, 1, 3, 9}));
  EXPECT_EQ(eval_rows("sum(x)", d, env).num, (std::vector<double>{5, 5, 12, 13, 15, 24}));
}

// The whole-column path over many rows: every value checked. (Its speed, 10M rows in
// well under 0.3 s, is measured by the benchmarks under bench/, not by a timed test.)
TEST(EvalByGroups, WholeColumnArithmeticOverManyRows) {
  const size_t n = 200'000;
  Dataset d;
  std::vector<double> x1(n), x2(n);
  for (size_t i = 0; i < n; ++i) {
    x1[i] = static_cast<double>(i % 1000) / 1000.0;
    x2[i] = static_cast<double>(i % 7);
  }
  d.add_numeric("x1", x1, StorageType::Double);
  d.add_numeric("x2", x2, StorageType::Double);
  TestEnv env;
  auto expr = parse("exp(x1)*2 + x2");
  EvalContext ctx;
  ctx.data = &d;
  ctx.env = &env;
  Value v = evaluate(*expr, ctx);
  ASSERT_EQ(v.num.size(), n);
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(v.num[i], std::exp(x1[i]) * 2 + x2[i]) << i;
}

}  // namespace
}  // namespace xtdo::test
