// summarize, xtsum and xtset against hand-computed values: moments, Stata's percentile
// rule (averaging at exact n*p/100), weights, and the between/within decomposition.
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "xtdo/session.hpp"

namespace {

using xtdo::Console;
using xtdo::Session;
using xtdo::StorageType;

/// A session with a dataset built from numeric columns (doubles).
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
};

constexpr double kTol = 1e-12;

void near(double got, double want) { EXPECT_NEAR(got, want, kTol * std::max(1.0, std::fabs(want))); }

TEST(CmdInspSummarize, MomentsAndPercentilesOddN) {
  Fixture f;
  f.column("x", {10, 2, 4, 1, 3});
  ASSERT_EQ(f.run("summarize x, detail\n"), 0) << f.err.str();
  near(f.r("N"), 5);
  near(f.r("sum_w"), 5);
  near(f.r("mean"), 4);
  near(f.r("sum"), 20);
  near(f.r("Var"), 12.5);  // sum of squares 50, divisor n - 1
  near(f.r("sd"), std::sqrt(12.5));
  near(f.r("skewness"), 36.0 / std::pow(10.0, 1.5));  // m3 / m2^(3/2), m2 = 10, m3 = 36
  near(f.r("kurtosis"), 278.8 / 100.0);               // m4 / m2^2
  near(f.r("min"), 1);
  near(f.r("max"), 10);
  // n p / 100 never an integer here: the next order statistic.
  near(f.r("p1"), 1);
  near(f.r("p5"), 1);
  near(f.r("p10"), 1);
  near(f.r("p25"), 2);
  near(f.r("p50"), 3);
  near(f.r("p75"), 4);
  near(f.r("p90"), 10);
  near(f.r("p99"), 10);
}

TEST(CmdInspSummarize, PercentilesAverageWhenExact) {
  Fixture f;
  f.column("x", {4, 1, 3, 2});
  ASSERT_EQ(f.run("summarize x, detail\n"), 0) << f.err.str();
  near(f.r("p25"), 1.5);  // 4*25/100 = 1: (x(1) + x(2)) / 2
  near(f.r("p50"), 2.5);
  near(f.r("p75"), 3.5);
  near(f.r("p5"), 1);
}

TEST(CmdInspSummarize, AnalyticWeights) {
  // Stata/MP 18 prints for x = 1 2 10 [aw = .25 .25 .5]: mean 5.75, sd 5.223146,
  // variance 27.28125, skewness -.0205476, kurtosis 1.02735, p25 1.5, p50 6.
  Fixture f;
  f.column("x", {1, 2, 10});
  f.column("w", {.25, .25, .5});
  ASSERT_EQ(f.run("summarize x [aw=w], detail\n"), 0) << f.err.str();
  near(f.r("N"), 3);
  near(f.r("sum_w"), 1);
  near(f.r("mean"), 5.75);
  near(f.r("Var"), 27.28125);  // n/(n-1) * sum w d^2 / sum w
  double m2 = 18.1875, m3 = -1.59375, m4 = 339.83203125;
  near(f.r("skewness"), m3 / std::pow(m2, 1.5));
  near(f.r("kurtosis"), m4 / (m2 * m2));
  near(f.r("p25"), 1.5);
  near(f.r("p50"), 6);
  near(f.r("p75"), 10);
  EXPECT_NE(f.out.str().find("Sum of wgt.           1"), std::string::npos) << f.out.str();
}

TEST(CmdInspSummarize, FrequencyWeightsEqualExpandedData) {
  Fixture f;
  f.column("x", {1, 2, 3});
  f.column("w", {1, 2, 1});
  ASSERT_EQ(f.run("summarize x [fw=w], detail\n"), 0) << f.err.str();
  near(f.r("N"), 4);
  near(f.r("mean"), 2);
  near(f.r("Var"), 2.0 / 3.0);
  near(f.r("p50"), 2);
  near(f.r("p25"), 1.5);  // expanded 1 2 2 3: 4*25/100 = 1 exactly
}

TEST(CmdInspSummarize, MissingValuesPerVariableAndLastVariableInR) {
  Fixture f;
  f.column("a", {1, xtdo::missing::kSysmiss, 3});
  f.column("b", {5, 6, 7});
  ASSERT_EQ(f.run("summarize a b\n"), 0) << f.err.str();
  near(f.r("N"), 3);  // r() describes b, the last variable
  near(f.r("mean"), 6);
  ASSERT_EQ(f.run("summarize a\n"), 0);
  near(f.r("N"), 2);
  near(f.r("mean"), 2);
}

TEST(CmdInspSummarize, TableLayout) {
  Fixture f;
  f.column("x", {1, 2, 10});
  ASSERT_EQ(f.run("summarize x\n"), 0) << f.err.str();
  // Stata/MP 18's line for these data.
  EXPECT_EQ(f.out.str(),
            "\n    Variable |        Obs        Mean    Std. dev.       Min        Max\n"
            "-------------+---------------------------------------------------------\n"
            "           x |          3    4.333333    4.932883          1         10\n");
}

TEST(CmdInspXtsum, BetweenWithinDecomposition) {
  Fixture f;
  f.column("id", {1, 1, 2, 2, 2});
  f.column("t", {1, 2, 1, 2, 3});
  f.column("x", {1, 3, 2, 4, 6});
  ASSERT_EQ(f.run("quietly xtset id t\nxtsum x\n"), 0) << f.err.str();
  near(f.r("N"), 5);
  near(f.r("n"), 2);
  near(f.r("Tbar"), 2.5);
  near(f.r("mean"), 3.2);
  near(f.r("sd_b"), std::sqrt(2.0));  // panel means 2 and 4
  near(f.r("min_b"), 2);
  near(f.r("max_b"), 4);
  near(f.r("sd_w"), std::sqrt(2.5));  // x - xbar_i + xbar: deviations -1 1 -2 0 2
  near(f.r("min_w"), 1.2);
  near(f.r("max_w"), 5.2);
}

TEST(CmdInspXtset, RepeatedTimesAndBalance) {
  Fixture f;
  f.column("id", {2, 1, 1, 2});
  f.column("t", {1, 2, 1, 2});
  ASSERT_EQ(f.run("xtset id t\n"), 0) << f.err.str();
  EXPECT_EQ(f.session.r.macros["balanced"], "strongly balanced");
  near(f.r("tmin"), 1);
  near(f.r("tmax"), 2);
  // Sorted by panel and time.
  EXPECT_EQ(f.session.data.get("id")->num, (std::vector<double>{1, 1, 2, 2}));
  Fixture g;
  g.column("id", {1, 1, 2});
  g.column("t", {1, 1, 1});
  EXPECT_EQ(g.run("xtset id t\n"), 451);
  EXPECT_FALSE(g.session.data.ts.set());  // a failed xtset leaves no settings behind
}

}  // namespace
