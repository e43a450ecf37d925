// regress, xtreg and areg run in-process on simulated unbalanced panels: the
// oracles of the style guide (FE = OLS with dummies, vce(robust) = cluster on the
// panel, areg = xtreg fe up to the documented dof factor), Stata's e(b) names,
// e(sample) and return codes.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lang_test_util.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;

// 60 firms observed 3..8 years with gaps, x1 correlated with the firm effect, a
// regressor constant within firms (z) and a few missing values.
const char* kPanel = R"(
clear
set seed 20240501
set obs 600
generate long id = ceil(_n / 10)
generate int year = 2000 + mod(_n - 1, 10)
drop if mod(id * 7 + year, 5) == 0 & year > 2002
generate double a = mod(id, 9) / 3
generate double x1 = rnormal() + a
generate double x2 = rnormal()
generate double z = mod(id, 4)
generate double y = 1 + 0.5 * x1 - 0.3 * x2 + a + 0.1 * (year - 2000) + rnormal()
replace x2 = . if mod(_n, 37) == 0
xtset id year
)";

double scalar_e(Session* s, const std::string& name) { return s->e.scalars.at(name); }

double coef(Session* s, const std::string& name) { return s->coef("_b", name); }
double se(Session* s, const std::string& name) { return s->coef("_se", name); }

TEST(CmdEstLinear, FixedEffectsEqualDummyRegression) {
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "xtreg y x1 x2, fe\n", &s).rc, 0);
  const double b1 = coef(s, "x1"), se1 = se(s, "x1"), n = scalar_e(s, "N");
  ASSERT_EQ(run_script(std::string(kPanel) + "regress y x1 x2 i.id\n", &s).rc, 0);
  EXPECT_NEAR(coef(s, "x1"), b1, 1e-10);
  EXPECT_NEAR(se(s, "x1"), se1, 1e-9);  // same residual df N − N_g − K
  EXPECT_EQ(scalar_e(s, "N"), n);
}

TEST(CmdEstLinear, TwoWayFixedEffectsEqualBothDummySets) {
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "xtreg y x1 x2 i.year, fe\n", &s).rc, 0);
  const double b1 = coef(s, "x1"), b2 = coef(s, "x2");
  ASSERT_EQ(run_script(std::string(kPanel) + "regress y x1 x2 i.year i.id\n", &s).rc, 0);
  EXPECT_NEAR(coef(s, "x1"), b1, 1e-9);
  EXPECT_NEAR(coef(s, "x2"), b2, 1e-9);
}

TEST(CmdEstLinear, RobustIsClusterOnPanel) {
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "xtreg y x1 x2, fe vce(robust)\n", &s).rc, 0);
  const double se1 = se(s, "x1"), se0 = se(s, "_cons");
  EXPECT_EQ(s->e.macros.at("clustvar"), "id");
  EXPECT_EQ(scalar_e(s, "df_r"), scalar_e(s, "N_clust") - 1);
  ASSERT_EQ(run_script(std::string(kPanel) + "xtreg y x1 x2, fe vce(cluster id)\n", &s).rc, 0);
  EXPECT_DOUBLE_EQ(se(s, "x1"), se1);
  EXPECT_DOUBLE_EQ(se(s, "_cons"), se0);
}

TEST(CmdEstLinear, AregMatchesXtregFeUpToTheDofFactor) {
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "xtreg y x1 x2, fe vce(cluster id)\n", &s).rc, 0);
  const double b1 = coef(s, "x1"), se1 = se(s, "x1"), cons = coef(s, "_cons");
  const double n = scalar_e(s, "N"), g = scalar_e(s, "N_g");
  ASSERT_EQ(run_script(std::string(kPanel) + "areg y x1 x2, absorb(id) vce(cluster id)\n", &s).rc,
            0);
  EXPECT_NEAR(coef(s, "x1"), b1, 1e-10);
  EXPECT_NEAR(coef(s, "_cons"), cons, 1e-9);
  // (N−1)/(N−K−G) for areg against (N−1)/(N−K−1) for xtreg, fe; K = 2.
  EXPECT_NEAR(se(s, "x1") / se1, std::sqrt((n - 3) / (n - 2 - g)), 1e-10);
  EXPECT_EQ(scalar_e(s, "df_a"), g - 1);
}

TEST(CmdEstLinear, StataColumnNamesAndSample) {
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "generate double x3 = 2 * x1\n"
                                             "regress y x1 L.x1 x3 i.z\n",
                       &s)
                .rc,
            0);
  const auto& names = s->e.matrices.at("b").colnames;
  const std::vector<std::string> want{"x1", "L.x1", "o.x3", "0b.z", "1.z", "2.z", "3.z", "_cons"};
  EXPECT_EQ(names, want);
  EXPECT_EQ(s->e.matrices.at("V").at(2, 2), 0.0);
  int64_t used = 0;
  for (uint8_t v : s->e.sample) used += v;
  EXPECT_EQ(static_cast<double>(used), scalar_e(s, "N"));
  EXPECT_TRUE(s->e.has_sample);
}

TEST(CmdEstLinear, TimeInvariantRegressorOmittedByFixedEffects) {
  Session* s = nullptr;
  auto r = run_script(std::string(kPanel) + "xtreg y x1 z, fe\n", &s);
  ASSERT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("note: z omitted because of collinearity."), std::string::npos);
  EXPECT_EQ(coef(s, "o.z"), 0.0);
  EXPECT_EQ(scalar_e(s, "df_b"), 1);
  // Random effects keep it (it is identified from between variation).
  ASSERT_EQ(run_script(std::string(kPanel) + "xtreg y x1 z, re\n", &s).rc, 0);
  EXPECT_NE(coef(s, "z"), 0.0);
}

TEST(CmdEstLinear, ReturnCodes) {
  EXPECT_EQ(run_script(std::string(kPanel) + "regress y x1 if y > 1e9\n").rc, 2000);
  EXPECT_EQ(run_script(std::string(kPanel) + "regress y x1, vce(bogus)\n").rc, 198);
  EXPECT_EQ(run_script(std::string(kPanel) + "regress y x1 [aweight = -x2]\n").rc, 402);
  EXPECT_EQ(run_script(std::string(kPanel) + "xtreg y x1, fe vce(cluster year)\n").rc, 498);
  EXPECT_EQ(run_script(std::string(kPanel) + "areg y x1\n").rc, 198);
  EXPECT_EQ(run_script(std::string(kPanel) + "xtset, clear\nxtreg y x1, fe\n").rc, 459);
  EXPECT_EQ(run_script("clear\nregress\n").rc, 301);
  EXPECT_EQ(run_script(std::string(kPanel) + "xtreg y x1 [aweight = 1 + x1 * x1], fe\n").rc, 199);
}

}  // namespace
