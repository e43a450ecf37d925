// reghdfe against its oracles on a simulated unbalanced panel: one factor = areg
// (conventional and robust) and = xtreg, fe with clustering on the panel (the
// nested rule); two factors = regress with both sets of dummies (coefficients and,
// with reghdfe's dof, SEs); singleton dropping; predict; replay.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lang_test_util.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;

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
generate double y = 1 + 0.5 * x1 - 0.3 * x2 + a + 0.1 * (year - 2000) + rnormal()
generate double w = 1 + mod(_n, 3)
generate long firm = mod(id * 3 + year, 7)
)";

double scalar_e(Session* s, const std::string& name) { return s->e.scalars.at(name); }
double coef(Session* s, const std::string& name) { return s->coef("_b", name); }
double se(Session* s, const std::string& name) { return s->coef("_se", name); }

// rtol 1e-6 at reghdfe's default tolerance (1e-8 on the partialling), tighter
// with tol(1e-12).
void expect_same_fit(const std::string& ours, const std::string& oracle, bool se_too,
                     double rtol = 1e-6) {
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + oracle + "\n", &s).rc, 0) << oracle;
  const double b1 = coef(s, "x1"), b2 = coef(s, "x2"), se1 = se(s, "x1"), se2 = se(s, "x2");
  const auto r = run_script(std::string(kPanel) + ours + "\n", &s);
  ASSERT_EQ(r.rc, 0) << ours << "\n" << r.out << r.err;
  EXPECT_NEAR(coef(s, "x1"), b1, rtol * std::abs(b1)) << ours;
  EXPECT_NEAR(coef(s, "x2"), b2, rtol * std::abs(b2)) << ours;
  if (se_too) {
    EXPECT_NEAR(se(s, "x1"), se1, rtol * se1) << ours;
    EXPECT_NEAR(se(s, "x2"), se2, rtol * se2) << ours;
  }
}

}  // namespace

TEST(CmdReghdfe, OneFactorEqualsAreg) {
  expect_same_fit("reghdfe y x1 x2, absorb(id)", "areg y x1 x2, absorb(id)", true);
  expect_same_fit("reghdfe y x1 x2, absorb(id) vce(robust)", "areg y x1 x2, absorb(id) vce(robust)",
                  true);
  expect_same_fit("reghdfe y x1 x2 [aw=w], absorb(id)", "areg y x1 x2 [aw=w], absorb(id)", true);
  expect_same_fit("reghdfe y x1 x2 [pw=w], absorb(id)", "areg y x1 x2 [pw=w], absorb(id)", true);
  // A factor not nested in the clusters counts fully, as areg counts it.
  expect_same_fit("reghdfe y x1 x2, absorb(year) vce(cluster id)",
                  "areg y x1 x2, absorb(year) vce(cluster id)", true);
}

TEST(CmdReghdfe, NonConvergenceIsReported) {
  Session* s = nullptr;
  // reghdfe's default abort(1): error 430; abort(0) posts the estimates with a warning.
  EXPECT_EQ(run_script(std::string(kPanel) + "reghdfe y x1 x2, absorb(id year) maxiter(1)\n").rc, 430);
  const auto r = run_script(std::string(kPanel) + "reghdfe y x1 x2, absorb(id year) maxiter(1) abort(0)\n", &s);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning: convergence not achieved in 1 iterations"), std::string::npos);
  EXPECT_EQ(r.out.find("(MWFE estimator converged"), std::string::npos);
  EXPECT_EQ(scalar_e(s, "converged"), 0);
}

TEST(CmdReghdfe, ClusterOnTheAbsorbedPanelEqualsXtregFe) {
  // The absorbed id is nested in the clusters: it adds nothing to the dof (only the
  // constant counts), exactly as xtreg, fe.
  expect_same_fit("reghdfe y x1 x2, absorb(id) vce(cluster id)",
                  "xtset id year\nxtreg y x1 x2, fe vce(cluster id)", true);
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "reghdfe y x1 x2, absorb(id) vce(cluster id)\n", &s).rc,
            0);
  EXPECT_EQ(scalar_e(s, "df_a"), 0);
  EXPECT_EQ(scalar_e(s, "df_a_nested"), 60);
  EXPECT_EQ(scalar_e(s, "df_r"), 59);
}

TEST(CmdReghdfe, TwoFactorsEqualBothDummySets) {
  // Connected design: df_a = G_id + G_year − 1, the dummy regression's count.
  expect_same_fit("reghdfe y x1 x2, absorb(id year)", "regress y x1 x2 i.id i.year", true);
  expect_same_fit("reghdfe y x1 x2 [fw=w], absorb(id year)", "regress y x1 x2 i.id i.year [fw=w]",
                  true);
  // Robust and clustered (on a variable neither factor is nested in): the dummy
  // regression counts the same K + G_id + G_year − 1 parameters.
  expect_same_fit("reghdfe y x1 x2, absorb(id year) vce(robust) tol(1e-13)",
                  "regress y x1 x2 i.id i.year, vce(robust)", true, 1e-9);
  expect_same_fit("reghdfe y x1 x2 [aw=w], absorb(id year) vce(cluster firm) tol(1e-13)",
                  "regress y x1 x2 i.id i.year [aw=w], vce(cluster firm)", true, 1e-9);
  // Three factors: same coefficients as the three sets of dummies.
  expect_same_fit("reghdfe y x1 x2, absorb(id year) tol(1e-13)", "regress y x1 x2 i.id i.year",
                  true, 1e-9);
  expect_same_fit("reghdfe y x1 x2, absorb(id year firm) tol(1e-12)",
                  "regress y x1 x2 i.id i.year i.firm", false, 1e-8);
  Session* s = nullptr;
  ASSERT_EQ(run_script(std::string(kPanel) + "reghdfe y x1 x2, absorb(id year)\n", &s).rc, 0);
  EXPECT_EQ(scalar_e(s, "df_a"), 60 + 10 - 1);
  EXPECT_EQ(scalar_e(s, "converged"), 1);
  EXPECT_EQ(s->e.macros.at("absvars"), "id year");
}

TEST(CmdReghdfe, ClusterCodesFollowASubsample) {
  // The cluster codes are built over the estimation sample (rebuilt after the fit
  // when the sample is every row): an if-subsample and a missing regressor must
  // give the dummy regression's clustered errors.
  expect_same_fit("reghdfe y x1 x2 if year > 2, absorb(id year) vce(cluster firm) tol(1e-13)",
                  "regress y x1 x2 i.id i.year if year > 2, vce(cluster firm)", true, 1e-9);
  expect_same_fit("replace x1 = . in 3\nreghdfe y x1 x2, absorb(id year) vce(cluster firm) tol(1e-13)",
                  "replace x1 = . in 3\nregress y x1 x2 i.id i.year, vce(cluster firm)", true, 1e-9);
}

TEST(CmdReghdfe, InteractionAbsorbsTheCells) {
  expect_same_fit("reghdfe y x1 x2, absorb(id firm#year) tol(1e-12)",
                  "egen long fy = group(firm year)\nregress y x1 x2 i.id i.fy", false, 1e-8);
}

TEST(CmdReghdfe, SingletonsAreDroppedAndCounted) {
  // Two extra observations with an id of their own: singletons of id.
  const std::string extra =
      "set obs `=_N + 2'\nreplace id = 1000 + _n if _n > _N - 2\nreplace year = 2001 if id > "
      "999\nreplace x1 = 1 if id > 999\nreplace x2 = 1 if id > 999\nreplace y = 1 if id > 999\n";
  Session* s = nullptr;
  auto r = run_script(std::string(kPanel) + extra + "reghdfe y x1 x2, absorb(id year)\n", &s);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("(dropped 2 singleton observations)"), std::string::npos);
  EXPECT_EQ(scalar_e(s, "num_singletons"), 2);
  const double n = scalar_e(s, "N");
  r = run_script(std::string(kPanel) + extra +
                     "reghdfe y x1 x2, absorb(id year) keepsingletons\n",
                 &s);
  ASSERT_EQ(r.rc, 0);
  EXPECT_EQ(scalar_e(s, "N"), n + 2);
  EXPECT_EQ(scalar_e(s, "num_singletons"), 0);
}

TEST(CmdReghdfe, PredictAndReplay) {
  Session* s = nullptr;
  auto r = run_script(std::string(kPanel) +
                          "reghdfe y x1 x2, absorb(id year) resid(e)\n"
                          "predict double xb, xb\npredict double d, d\npredict double e2, resid\n"
                          "generate double gap = abs(y - xb - d - e)\nsummarize gap\n"
                          "scalar maxgap = r(max)\nquietly regress y x1 x2 i.id i.year\n"
                          "predict double e3, resid\ngenerate double gap2 = abs(e3 - e2)\n"
                          "summarize gap2\nscalar maxgap2 = r(max)\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_LT(s->scalars.at("maxgap").num, 1e-10);
  EXPECT_LT(s->scalars.at("maxgap2").num, 1e-6);
  r = run_script(std::string(kPanel) + "quietly reghdfe y x1 x2, absorb(id year)\nreghdfe\n", &s);
  ASSERT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("Absorbed degrees of freedom:"), std::string::npos);
  EXPECT_NE(run_script(std::string(kPanel) + "reghdfe y x1, absorb(id#c.x2)\n").rc, 0);
  EXPECT_EQ(run_script(std::string(kPanel) + "reghdfe y x1, absorb(id#c.x2)\n").rc, 198);
  EXPECT_EQ(run_script(std::string(kPanel) + "reghdfe y x1 x2, absorb(id) resid\npredict r, d\n").rc,
            0);
  EXPECT_EQ(run_script(std::string(kPanel) + "reghdfe y x1 x2, absorb(id)\npredict r, d\n").rc, 198);
}
