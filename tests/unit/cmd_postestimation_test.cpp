// test, testparm, lincom, nlcom and estat ic run in-process after regress/xtreg:
// the identities the manuals state (F = t² for one coefficient, lincom of one
// coefficient is its row, nlcom of a linear form is lincom with z) and a joint
// Wald statistic computed here from e(b) and e(V). Also the HAC oracles: newey
// lag(0) = regress vce(robust); xtscc lag(0) = regress vce(cluster timevar).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <string>

#include "lang_test_util.hpp"
#include "xtdo/distributions.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;

// 40 firms × 8 years, unbalanced by a few dropped rows, with a factor `region`.
const char* kData = R"(
clear
set seed 4242
set obs 320
generate long id = ceil(_n / 8)
generate int year = 2000 + mod(_n - 1, 8)
drop if mod(id * 3 + year, 11) == 0
generate double a = mod(id, 5) / 2
generate byte region = 1 + mod(id, 3)
generate double x1 = rnormal() + a
generate double x2 = rnormal()
generate double x3 = rnormal() + 0.5 * x2
generate double y = 1 + 0.5 * x1 - 0.3 * x2 + 0.2 * x3 + a + 0.1 * (year - 2000) + rnormal()
xtset id year
)";

double r_scalar(Session* s, const std::string& name) { return s->r.scalars.at(name); }
double e_scalar(Session* s, const std::string& name) { return s->e.scalars.at(name); }
double b(Session* s, const std::string& name) { return s->coef("_b", name); }
double se(Session* s, const std::string& name) { return s->coef("_se", name); }

Session* run(const std::string& body) {
  Session* s = nullptr;
  const auto res = run_script(std::string(kData) + body, &s);
  EXPECT_EQ(res.rc, 0) << res.out << res.err;
  return s;
}

TEST(CmdPostestimation, TestOfOneCoefficientIsTSquared) {
  Session* s = run("regress y x1 x2 x3\ntest x2\n");
  const double t = b(s, "x2") / se(s, "x2");
  EXPECT_NEAR(r_scalar(s, "F"), t * t, 1e-9 * t * t);
  EXPECT_EQ(r_scalar(s, "df"), 1);
  EXPECT_EQ(r_scalar(s, "df_r"), e_scalar(s, "df_r"));
  EXPECT_NEAR(r_scalar(s, "p"), 2 * xtdo::dist::ttail(e_scalar(s, "df_r"), std::fabs(t)), 1e-12);
  EXPECT_EQ(r_scalar(s, "drop"), 0);
}

TEST(CmdPostestimation, LincomOfOneCoefficientIsItsRow) {
  Session* s = run("regress y x1 x2 x3\nlincom _b[x3]\n");
  EXPECT_NEAR(r_scalar(s, "estimate"), b(s, "x3"), 1e-12);
  EXPECT_NEAR(r_scalar(s, "se"), se(s, "x3"), 1e-12);
  EXPECT_NEAR(r_scalar(s, "t"), b(s, "x3") / se(s, "x3"), 1e-9);
  EXPECT_EQ(r_scalar(s, "df"), e_scalar(s, "df_r"));
}

TEST(CmdPostestimation, EqualityTestMatchesLincomOfTheDifference) {
  Session* s = run("regress y x1 x2 x3\nlincom x1 - x2\nscalar tt = r(t)\ntest x1 = x2\n");
  const double t = s->scalars.at("tt").num;
  EXPECT_NEAR(r_scalar(s, "F"), t * t, 1e-9 * t * t);
  // x1 + 2*x2 = 1 : (est − 1)/se squared.
  s = run("regress y x1 x2 x3\nlincom x1 + 2*x2 - 1\nscalar tt = r(t)\ntest x1 + 2*x2 = 1\n");
  const double t2 = s->scalars.at("tt").num;
  EXPECT_NEAR(r_scalar(s, "F"), t2 * t2, 1e-9 * t2 * t2);
}

TEST(CmdPostestimation, JointTestEqualsWaldFromEbEV) {
  Session* s = run("xtreg y x1 x2 x3 i.year, fe\ntestparm i.year\n");
  const xtdo::Matrix& bm = s->e.matrices.at("b");
  const xtdo::Matrix& vm = s->e.matrices.at("V");
  std::vector<int> idx;
  for (int j = 0; j < bm.cols; ++j) {
    const std::string& n = bm.colnames[j];
    if (n.find(".year") != std::string::npos && n.find('b') == std::string::npos) idx.push_back(j);
  }
  ASSERT_EQ(idx.size(), 7u);
  Eigen::VectorXd bb(7);
  Eigen::MatrixXd vv(7, 7);
  for (int a = 0; a < 7; ++a) {
    bb(a) = bm.at(0, idx[a]);
    for (int c = 0; c < 7; ++c) vv(a, c) = vm.at(idx[a], idx[c]);
  }
  const double w = bb.dot(vv.ldlt().solve(bb));
  EXPECT_NEAR(r_scalar(s, "F"), w / 7, 1e-8 * w / 7);
  EXPECT_EQ(r_scalar(s, "df"), 7);
  EXPECT_EQ(r_scalar(s, "df_r"), e_scalar(s, "df_r"));
  // test with the factor list and with (spec) groups gives the same statistic.
  const double f = r_scalar(s, "F");
  s = run("xtreg y x1 x2 x3 i.year, fe\ntest i.year\n");
  EXPECT_NEAR(r_scalar(s, "F"), f, 1e-10 * f);
  s = run("xtreg y x1 x2 x3 i.year, fe\ntest (2001.year) (2002.year = 0) (2003.year 2004.year) "
          "(_b[2005.year]=0) (2006.year) (2007.year)\n");
  EXPECT_NEAR(r_scalar(s, "F"), f, 1e-10 * f);
}

TEST(CmdPostestimation, AccumulateEqualsTheJointTest) {
  Session* s = run("regress y x1 x2 x3\ntest x1 x3\n");
  const double f = r_scalar(s, "F");
  s = run("regress y x1 x2 x3\ntest x1\ntest x3, accumulate\n");
  EXPECT_NEAR(r_scalar(s, "F"), f, 1e-10 * f);
  EXPECT_EQ(r_scalar(s, "df"), 2);
}

TEST(CmdPostestimation, CollinearConstraintIsDropped) {
  Session* s = run("regress y x1 x2 x3\ntest x2\nscalar f1 = r(F)\ntest (x2 = 0) (2*x2 = 0) (x1 = 0)\n");
  EXPECT_EQ(r_scalar(s, "df"), 2);
  EXPECT_EQ(r_scalar(s, "drop"), 1);
  EXPECT_EQ(r_scalar(s, "dropped_1"), 2);
}

TEST(CmdPostestimation, ChiSquaredWithoutDfR) {
  Session* s = run("xtreg y x1 x2 x3, re\ntest x1 x2\n");
  EXPECT_TRUE(s->r.scalars.count("chi2"));
  EXPECT_FALSE(s->r.scalars.count("F"));
  EXPECT_EQ(r_scalar(s, "df"), 2);
  s = run("xtreg y x1 x2 x3, re\nlincom x1\n");
  EXPECT_NEAR(r_scalar(s, "z"), b(s, "x1") / se(s, "x1"), 1e-9);
}

TEST(CmdPostestimation, NlcomOfALinearFormIsLincom) {
  Session* s = run("regress y x1 x2 x3 i.region\nlincom 2.region - 0.5*x1\n");
  const double est = r_scalar(s, "estimate"), s_e = r_scalar(s, "se");
  s = run("regress y x1 x2 x3 i.region\nnlcom (d: _b[2.region] - 0.5*_b[x1]) (_b[x2]/_b[x3])\n");
  const xtdo::Matrix& rb = s->r.matrices.at("b");
  const xtdo::Matrix& rv = s->r.matrices.at("V");
  EXPECT_NEAR(rb.at(0, 0), est, 1e-12);
  EXPECT_NEAR(std::sqrt(rv.at(0, 0)), s_e, 1e-8 * s_e);
  EXPECT_EQ(rb.colnames[1], "_nl_2");
  // Delta method for a ratio: Var = (1/b3)² V22 − 2 b2/b3³ V23 + (b2²/b3⁴) V33.
  const xtdo::Matrix& v = s->e.matrices.at("V");
  const int j2 = s->e.matrices.at("b").col_index("x2"), j3 = s->e.matrices.at("b").col_index("x3");
  const double b2 = b(s, "x2"), b3 = b(s, "x3");
  const double var = v.at(j2, j2) / (b3 * b3) - 2 * b2 / (b3 * b3 * b3) * v.at(j2, j3) +
                     b2 * b2 / (b3 * b3 * b3 * b3) * v.at(j3, j3);
  EXPECT_NEAR(rb.at(0, 1), b2 / b3, 1e-12);
  EXPECT_NEAR(rv.at(1, 1), var, 1e-8 * var);
}

TEST(CmdPostestimation, EstatIcFromLlAndRank) {
  Session* s = run("regress y x1 x2 x3\nestat ic\n");
  const xtdo::Matrix& m = s->r.matrices.at("S");
  const double ll = e_scalar(s, "ll"), k = e_scalar(s, "rank"), n = e_scalar(s, "N");
  EXPECT_EQ(m.at(0, 3), k);
  EXPECT_NEAR(m.at(0, 4), -2 * ll + 2 * k, 1e-9);
  EXPECT_NEAR(m.at(0, 5), -2 * ll + std::log(n) * k, 1e-9);
}

TEST(CmdPostestimation, ErrorsCarryStataCodes) {
  Session* s = nullptr;
  EXPECT_EQ(run_script(std::string(kData) + "regress y x1\ntest nosuch\n", &s).rc, 111);
  EXPECT_EQ(run_script(std::string(kData) + "regress y x1 x2\nlincom x1*x2\n", &s).rc, 198);
  EXPECT_EQ(run_script("clear\ntest x\n", &s).rc, 301);
  EXPECT_EQ(run_script(std::string(kData) + "regress y x1\ntest x1, mtest\n", &s).rc, 198);
}

TEST(CmdHac, NeweyLagZeroIsRobust) {
  Session* s = run("regress y x1 x2 x3, vce(robust)\n");
  const double s1 = se(s, "x1"), s0 = se(s, "_cons");
  s = run("newey y x1 x2 x3, lag(0)\n");
  EXPECT_NEAR(se(s, "x1"), s1, 1e-10 * s1);
  EXPECT_NEAR(se(s, "_cons"), s0, 1e-10 * s0);
  s = run("generate double w = 1 + mod(_n, 4)\nregress y x1 x2 x3 [aw=w], vce(robust)\n");
  const double s1w = se(s, "x1");
  s = run("generate double w = 1 + mod(_n, 4)\nnewey y x1 x2 x3 [aw=w], lag(0)\n");
  EXPECT_NEAR(se(s, "x1"), s1w, 1e-10 * s1w);
}

TEST(CmdHac, NeweyNeedsForceWithGaps) {
  Session* s = nullptr;
  EXPECT_EQ(run_script(std::string(kData) + "newey y x1, lag(2)\n", &s).rc, 198);
  EXPECT_EQ(run_script(std::string(kData) + "newey y x1, lag(2) force\n", &s).rc, 0);
  EXPECT_EQ(run_script(std::string(kData) + "newey y x1\n", &s).rc, 198);
}

TEST(CmdHac, XtsccLagZeroIsClusterOnTime) {
  Session* s = run("regress y x1 x2 x3, vce(cluster year)\n");
  const double s1 = se(s, "x1"), s0 = se(s, "_cons");
  s = run("xtscc y x1 x2 x3, lag(0)\n");
  EXPECT_NEAR(se(s, "x1"), s1, 1e-10 * s1);
  EXPECT_NEAR(se(s, "_cons"), s0, 1e-10 * s0);
  EXPECT_EQ(e_scalar(s, "df_r"), 7);  // T − 1
  s = run("generate double w = 1 + mod(_n, 4)\nregress y x1 x2 x3 [aw=w], vce(cluster year)\n");
  const double s1w = se(s, "x1");
  s = run("generate double w = 1 + mod(_n, 4)\nxtscc y x1 x2 x3 [aw=w], lag(0)\n");
  EXPECT_NEAR(se(s, "x1"), s1w, 1e-10 * s1w);
}

TEST(CmdHac, XtsccFeLagZeroIsAregClusterOnTimeUpToItsFactor) {
  Session* s = run("areg y x1 x2 x3, absorb(id) vce(cluster year)\n");
  const double s1 = se(s, "x1"), n = e_scalar(s, "N"), g = e_scalar(s, "k_absorb");
  s = run("xtscc y x1 x2 x3, fe lag(0)\n");
  // areg counts the absorbed levels in (N − 1)/(N − k); xtscc, fe does not.
  EXPECT_NEAR(se(s, "x1") / s1, std::sqrt((n - 3 - g) / (n - 4)), 1e-9);
  EXPECT_EQ(s->e.macros.at("method"), "Fixed-effects regression");
  // The same with aweights (weighted within transformation, WLS).
  s = run("generate double w = 1 + mod(_n, 4)\nareg y x1 x2 x3 [aw=w], absorb(id) vce(cluster year)\n");
  const double s1w = se(s, "x1");
  s = run("generate double w = 1 + mod(_n, 4)\nxtscc y x1 x2 x3 [aw=w], fe lag(0)\n");
  EXPECT_NEAR(se(s, "x1") / s1w, std::sqrt((n - 3 - g) / (n - 4)), 1e-9);
}

}  // namespace
