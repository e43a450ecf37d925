// _pctile, xtile and pctile at their boundaries, against values worked out by hand
// from [D] pctile's default rule (average x_(i), x_(i+1) when n p / 100 = i exactly,
// else x_(i+1)) and altdef: ties, missing values, nquantiles() larger than the number
// of distinct values, a single observation, weights, and the error paths.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "xtdo/session.hpp"

namespace {

using xtdo::Console;
using xtdo::Session;
using xtdo::StorageType;

constexpr double kMiss = xtdo::missing::kSysmiss;

struct Fixture {
  std::ostringstream out, err;
  Console console{out, err};
  Session session{console};
  Fixture() { console.echo_commands = false; }
  void column(const std::string& name, std::vector<double> values) {
    session.data.add_numeric(name, std::move(values), StorageType::Double);
  }
  int run(const std::string& text) { return session.run_text(text, "test.do"); }
  double r(const std::string& name) {
    auto it = session.r.scalars.find(name);
    EXPECT_NE(it, session.r.scalars.end()) << "r(" << name << ") missing";
    return it == session.r.scalars.end() ? NAN : it->second;
  }
  std::vector<double> var(const std::string& name) {
    const xtdo::Column* c = session.data.get(name);
    EXPECT_NE(c, nullptr) << name;
    return c ? c->num : std::vector<double>{};
  }
};

TEST(CmdPctile, QuartilesAverageAtExactPositions) {
  Fixture f;
  f.column("x", {8, 1, 7, 2, 6, 3, 5, 4});
  ASSERT_EQ(f.run("_pctile x, nquantiles(4)\n"), 0) << f.err.str();
  // n p / 100 = 2, 4, 6: each quartile averages two neighbours.
  EXPECT_DOUBLE_EQ(f.r("r1"), 2.5);
  EXPECT_DOUBLE_EQ(f.r("r2"), 4.5);
  EXPECT_DOUBLE_EQ(f.r("r3"), 6.5);
  ASSERT_EQ(f.run("_pctile x, percentiles(10 30 0 100)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 1);  // 0.8: x_(1)
  EXPECT_DOUBLE_EQ(f.r("r2"), 3);  // 2.4: x_(3)
  EXPECT_DOUBLE_EQ(f.r("r3"), 1);  // p = 0: the minimum
  EXPECT_DOUBLE_EQ(f.r("r4"), 8);  // p = 100: the maximum
}

TEST(CmdPctile, ThirdsUseExactFractions) {
  // n = 3, nquantiles(3): n j / 3 = 1 and 2 exactly, although 100/3 is not exact.
  Fixture f;
  f.column("x", {3, 1, 2});
  ASSERT_EQ(f.run("_pctile x, nq(3)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 1.5);
  EXPECT_DOUBLE_EQ(f.r("r2"), 2.5);
  ASSERT_EQ(f.run("_pctile x, p(12.5)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 1);  // 0.375: x_(1)
}

TEST(CmdPctile, TiesSkipCategories) {
  Fixture f;
  f.column("x", {1, 1, 1, 1, 2, 2, 3, 3});
  ASSERT_EQ(f.run("_pctile x, nq(4)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 1);    // (x_(2) + x_(3)) / 2
  EXPECT_DOUBLE_EQ(f.r("r2"), 1.5);  // (x_(4) + x_(5)) / 2
  EXPECT_DOUBLE_EQ(f.r("r3"), 2.5);  // (x_(6) + x_(7)) / 2
  ASSERT_EQ(f.run("xtile q = x, nq(4)\n"), 0) << f.err.str();
  // Category = 1 + number of cutpoints below the value: 2 has two (1, 1.5) below it.
  std::vector<double> want = {1, 1, 1, 1, 3, 3, 4, 4};
  EXPECT_EQ(f.var("q"), want);
  EXPECT_EQ(f.session.data.get("q")->type, StorageType::Byte);
  EXPECT_EQ(f.session.data.get("q")->label, "4 quantiles of x");
}

TEST(CmdPctile, AllTiedGiveOneCategory) {
  Fixture f;
  f.column("x", {5, 5, 5, 5, 5, 5});
  ASSERT_EQ(f.run("xtile q = x, nq(5)\n"), 0) << f.err.str();
  EXPECT_EQ(f.var("q"), std::vector<double>(6, 1));
}

TEST(CmdPctile, MissingValuesAndMoreQuantilesThanValues) {
  Fixture f;
  f.column("x", {kMiss, 4, 2, kMiss, 8, 6});
  ASSERT_EQ(f.run("_pctile x, p(50)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 5);  // four values: (4 + 6) / 2
  // nquantiles(7) is allowed (6 observations + 1) although only 4 values are not
  // missing: cutpoints 2 4 4 6 6 8 (positions 4j/7 = .57 1.14 1.71 2.29 2.86 3.43).
  ASSERT_EQ(f.run("xtile q = x, nq(7)\n"), 0) << f.err.str();
  std::vector<double> want = {kMiss, 2, 1, kMiss, 6, 4};
  EXPECT_EQ(f.var("q"), want);
  ASSERT_EQ(f.run("pctile p = x, nq(7)\n"), 0) << f.err.str();
  std::vector<double> p = f.var("p");
  std::vector<double> want_p = {2, 4, 4, 6, 6, 8};
  EXPECT_EQ(std::vector<double>(p.begin(), p.begin() + 6), want_p);
  EXPECT_NE(f.run("xtile q8 = x, nq(8)\n"), 0);  // 8 > 6 + 1
  EXPECT_EQ(f.session.data.get("q8"), nullptr);
}

TEST(CmdPctile, SingleObservation) {
  Fixture f;
  f.column("x", {7});
  ASSERT_EQ(f.run("_pctile x, nq(4)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 7);
  EXPECT_DOUBLE_EQ(f.r("r3"), 7);
  ASSERT_EQ(f.run("xtile q = x, nq(2)\n"), 0) << f.err.str();
  EXPECT_EQ(f.var("q"), std::vector<double>{1});
  EXPECT_EQ(f.run("xtile q3 = x, nq(3)\n"), 198);
  ASSERT_EQ(f.run("pctile p = x, nq(2)\n"), 0) << f.err.str();
  EXPECT_EQ(f.var("p"), std::vector<double>{7});
}

TEST(CmdPctile, Altdef) {
  Fixture f;
  f.column("x", {1, 2, 3, 4});
  ASSERT_EQ(f.run("_pctile x, p(25 10 95 50) altdef\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 1.25);  // 5 * .25 = 1.25: .75 x_(1) + .25 x_(2)
  EXPECT_DOUBLE_EQ(f.r("r2"), 1);     // .5 < 1: x_(1)
  EXPECT_DOUBLE_EQ(f.r("r3"), 4);     // 4.75 >= n: x_(n)
  EXPECT_DOUBLE_EQ(f.r("r4"), 2.5);
}

TEST(CmdPctile, WeightsFollowSummarize) {
  Fixture f;
  f.column("x", {1, 2, 3, 4, 5, 6, 7, 8});
  f.column("w", {1, 1, 2, 1, 1, 3, 1, 1});
  // W = 11, P = 5.5 for the median: cumulative weights 1 2 4 5 6 -> x = 5.
  ASSERT_EQ(f.run("_pctile x [fw=w], p(50)\nlocal a = r(r1)\nsummarize x [fw=w], detail\n"), 0)
      << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("p50"), 5);
  ASSERT_EQ(f.run("_pctile x [aw=w], p(50 25)\n"), 0) << f.err.str();
  EXPECT_DOUBLE_EQ(f.r("r1"), 5);
  EXPECT_DOUBLE_EQ(f.r("r2"), 3);  // P = 2.75: cumulative 2 < 2.75 < 4
  EXPECT_EQ(f.run("_pctile x [aw=w], p(50) altdef\n"), 198);
  // Cumulative weight exactly P averages the neighbours: W = 4, P = 2.
  Fixture g;
  g.column("x", {10, 20, 30});
  g.column("w", {1, 1, 2});
  ASSERT_EQ(g.run("_pctile x [fw=w], p(50)\n"), 0) << g.err.str();
  EXPECT_DOUBLE_EQ(g.r("r1"), 25);
}

TEST(CmdPctile, Cutpoints) {
  Fixture f;
  f.column("x", {3, 5, 7, 10, 12, kMiss});
  f.column("c", {1, 5, 5, 10, kMiss, kMiss});
  ASSERT_EQ(f.run("xtile k = x, cutpoints(c)\n"), 0) << f.err.str();
  // Cutpoints 1 5 5 10: 3 -> 2, 5 -> 2, 7 -> 4, 10 -> 4, 12 -> 5 (all below).
  std::vector<double> want = {2, 2, 4, 4, 5, kMiss};
  EXPECT_EQ(f.var("k"), want);
  EXPECT_EQ(f.session.data.get("k")->label, "x categorized by c");
  EXPECT_EQ(f.run("xtile k2 = x, cutpoints(c) nq(3)\n"), 198);
}

TEST(CmdPctile, ErrorsLeaveDataUnchanged) {
  Fixture f;
  f.column("x", {kMiss, kMiss});
  EXPECT_EQ(f.run("_pctile x\n"), 2000);
  EXPECT_EQ(f.run("xtile q = x\n"), 2000);
  EXPECT_EQ(f.run("pctile p = x\n"), 2000);
  EXPECT_EQ(f.session.data.nvars(), 1u);
  Fixture g;
  g.column("x", {1, 2, 3});
  EXPECT_EQ(g.run("_pctile x, p(101)\n"), 198);
  EXPECT_EQ(g.run("xtile q = x, nq(1)\n"), 198);
  EXPECT_EQ(g.run("pctile p = x, nq(5)\n"), 198);  // 5 > _N + 1
  EXPECT_EQ(g.session.data.nvars(), 1u);
}

}  // namespace
