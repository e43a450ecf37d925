// estimates store/restore, eststo/estadd and hausman in-process: the stored copy
// of e() and e(sample), and the Hausman statistic against a hand computation from
// the stored e(b)/e(V) on the Grunfeld panel.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <string>

#include "lang_test_util.hpp"
#include "xtdo/distributions.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;

const std::string kGrunfeld = std::string("import delimited using \"") + XTDO_SOURCE_DIR +
                              "/tests/reference/data/grunfeld.csv\", clear\nxtset company year\n";

Eigen::VectorXd row_of(const xtdo::Matrix& m, const std::vector<std::string>& names) {
  Eigen::VectorXd v(names.size());
  for (size_t i = 0; i < names.size(); ++i) v(static_cast<int>(i)) = m.at(0, m.col_index(names[i]));
  return v;
}
Eigen::MatrixXd block_of(const xtdo::Matrix& m, const std::vector<std::string>& names) {
  Eigen::MatrixXd v(names.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = 0; j < names.size(); ++j)
      v(static_cast<int>(i), static_cast<int>(j)) = m.at(m.col_index(names[i]), m.col_index(names[j]));
  return v;
}

TEST(CmdEstimates, HausmanEqualsHandComputation) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "quietly xtreg invest mvalue kstock, fe\nestimates store fe\n"
                          "quietly xtreg invest mvalue kstock, re\nestimates store re\n"
                          "hausman fe re\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::vector<std::string> names = {"mvalue", "kstock"};
  const auto* fe = &s->stored_estimates.at(0).e;
  const auto* re = &s->stored_estimates.at(1).e;
  Eigen::VectorXd d = row_of(fe->matrices.at("b"), names) - row_of(re->matrices.at("b"), names);
  Eigen::MatrixXd dv = block_of(fe->matrices.at("V"), names) - block_of(re->matrices.at("V"), names);
  const double chi2 = d.dot(dv.inverse() * d);  // full rank here: the plain inverse
  EXPECT_NEAR(s->r.scalars.at("chi2"), chi2, 1e-9 * chi2);
  EXPECT_EQ(s->r.scalars.at("df"), 2);
  EXPECT_EQ(s->r.scalars.at("rank"), 2);
  EXPECT_NEAR(s->r.scalars.at("p"), xtdo::dist::chi2tail(2, chi2), 1e-12);
}

TEST(CmdEstimates, HausmanSigmamoreUsesEfficientSigma) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "quietly xtreg invest mvalue kstock, fe\nestimates store fe\n"
                          "quietly xtreg invest mvalue kstock, re\n"
                          "hausman fe ., sigmamore\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::vector<std::string> names = {"mvalue", "kstock"};
  const auto& fe = s->stored_estimates.at(0).e;
  const auto& re = s->e;
  // xtreg fe: sigma = e(sigma_e); xtreg re: sigma = e(rmse) (Stata's hausman).
  const double scale = std::pow(re.scalars.at("rmse") / fe.scalars.at("sigma_e"), 2);
  Eigen::VectorXd d = row_of(fe.matrices.at("b"), names) - row_of(re.matrices.at("b"), names);
  Eigen::MatrixXd dv = scale * block_of(fe.matrices.at("V"), names) - block_of(re.matrices.at("V"), names);
  const double chi2 = d.dot(dv.inverse() * d);
  EXPECT_NEAR(s->r.scalars.at("chi2"), chi2, 1e-9 * std::fabs(chi2));
}

TEST(CmdEstimates, HausmanDfIsRankOfDifference) {
  // df defaults to the rank of V_b - V_B (OLS against WLS, constant included).
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "quietly regress invest mvalue kstock\nestimates store ols\n"
                          "quietly regress invest mvalue kstock [aw=kstock+1]\nestimates store wls\n"
                          "hausman wls ols, constant\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_GE(s->r.scalars.at("rank"), 1);
  EXPECT_EQ(s->r.scalars.at("df"), s->r.scalars.at("rank"));
}

TEST(CmdEstimates, StoreRestoreKeepsSampleThroughSort) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "quietly regress invest mvalue if company <= 3\nestimates store a\n"
                          "quietly regress invest kstock\n"
                          "sort invest\nestimates restore a\n"
                          "count if e(sample)\nscalar n1 = r(N)\n"
                          "count if e(sample) & company <= 3\nscalar n2 = r(N)\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(s->scalars.at("n1").num, 60);
  EXPECT_EQ(s->scalars.at("n2").num, 60);
  EXPECT_EQ(s->e.macros.at("_estimates_name"), "a");
  EXPECT_EQ(s->e.scalars.at("N"), 60);
}

TEST(CmdEstimates, RestoreAfterNewDataDropsSampleWithNote) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld + "quietly regress invest mvalue\nestimates store a\nclear\nset obs 5\n"
                                  "estimates restore a\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_FALSE(s->e.has_sample);
  EXPECT_NE(r.out.find("e(sample) is not available"), std::string::npos);
}

TEST(CmdEstimates, EststoNumbersAndEstaddUpdatesStoredCopy) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "eststo: quietly regress invest mvalue\n"
                          "estadd local fe \"No\"\n"
                          "eststo m2: quietly regress invest mvalue kstock\n"
                          "eststo: quietly regress invest kstock\n"
                          "estadd scalar twice = 2 * e(N): *\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(s->macros.get_global("eststo"), "est1 m2 est3");
  EXPECT_EQ(s->stored_estimates.at(0).e.macros.at("fe"), "No");
  for (const auto& st : s->stored_estimates) EXPECT_EQ(st.e.scalars.at("twice"), 400);
  r = run_script(kGrunfeld + "eststo: quietly regress invest mvalue\neststo clear\n", &s);
  ASSERT_EQ(r.rc, 0);
  EXPECT_TRUE(s->stored_estimates.empty());
  EXPECT_EQ(s->macros.get_global("eststo"), "");
}

TEST(CmdEstimates, EstaddRefusesExistingEntriesUnlessReplace) {
  const std::string fit = kGrunfeld + "quietly regress invest mvalue\nestadd local fe \"No\"\n";
  EXPECT_EQ(run_script(fit + "estadd local fe \"Yes\"\n").rc, 110);
  EXPECT_EQ(run_script(fit + "estadd scalar N = 5\n").rc, 110);
  Session* s = nullptr;
  ASSERT_EQ(run_script(fit + "estadd local fe \"Yes\", replace\nscalar k = 7\nestadd scalar k, prefix(my)\n", &s).rc, 0);
  EXPECT_EQ(s->e.macros.at("fe"), "Yes");
  EXPECT_EQ(s->e.scalars.at("myk"), 7);
}

TEST(CmdEstimates, EstaddYsummMatchesSummarize) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "eststo m1: quietly regress invest mvalue if company < 5\nestadd ysumm\n"
                          "quietly summarize invest if company < 5\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_DOUBLE_EQ(s->e.scalars.at("ymean"), s->r.scalars.at("mean"));
  EXPECT_NEAR(s->e.scalars.at("ysd"), s->r.scalars.at("sd"), 1e-12 * s->r.scalars.at("sd"));
  EXPECT_EQ(s->e.scalars.at("ymin"), s->r.scalars.at("min"));
  EXPECT_EQ(s->stored_estimates.at(0).e.scalars.at("ymax"), s->r.scalars.at("max"));
}

TEST(CmdEstimates, ErrorsCarryStataCodes) {
  EXPECT_EQ(run_script("estimates store a\n").rc, 301);
  EXPECT_EQ(run_script(kGrunfeld + "quietly regress invest mvalue\nestimates restore nosuch\n").rc, 111);
  EXPECT_EQ(run_script(kGrunfeld + "quietly regress invest mvalue, vce(robust)\nestimates store a\n"
                                   "quietly regress invest mvalue kstock\nhausman a\n")
                .rc,
            198);
  EXPECT_EQ(run_script(kGrunfeld + "quietly regress invest mvalue\nestimates store a\nhausman a a\n").rc, 198);
  EXPECT_EQ(run_script(kGrunfeld + "quietly regress invest mvalue\nesttab, beta\n").rc, 198);
  EXPECT_EQ(run_script(kGrunfeld + "quietly regress invest mvalue\nesttab, tex html\n").rc, 198);
}

}  // namespace

#include "../../stdlib/postestimation/tabout.hpp"

namespace {

TEST(CmdEsttab, AdaptiveFormatFollowsEstout) {
  using xtdo::tabout::format_cell;
  // a3: |x| >= 1 keeps max(1, 3 - digits before the point + 1) decimals.
  EXPECT_EQ(format_cell(2.04413, "a3"), "2.044");
  EXPECT_EQ(format_cell(-238.9412, "a3"), "-238.9");
  EXPECT_EQ(format_cell(11253.12, "a3"), "11253.1");
  // |x| < 1: 3 significant digits after the leading zeros, at least one decimal.
  EXPECT_EQ(format_cell(0.000104, "a3"), "0.000104");
  EXPECT_EQ(format_cell(0.5, "a3"), "0.500");
  EXPECT_EQ(format_cell(-0.0768123, "a3"), "-0.0768");
  EXPECT_EQ(format_cell(0.1412, "a2"), "0.14");
  // Integers print without decimals; missing as ".".
  EXPECT_EQ(format_cell(74, "a3"), "74");
  EXPECT_EQ(format_cell(xtdo::missing::kSysmiss, "a3"), ".");
  // # = %(#+9).#f; Stata formats pass through.
  EXPECT_EQ(format_cell(1.5, "3"), "1.500");
  EXPECT_EQ(format_cell(0.123456, "%9.4f"), "0.1235");
  EXPECT_EQ(format_cell(1234567, "%12.0fc"), "1,234,567");
  EXPECT_THROW(format_cell(1, "x3"), xtdo::XtdoError);
}

TEST(CmdEsttab, RowsMergeModelsWithConstantLast) {
  auto r = run_script(kGrunfeld +
                      "eststo a: quietly regress invest mvalue\n"
                      "eststo b: quietly regress invest kstock\n"
                      "esttab, nonumbers nomtitles nonotes noobs not nostar nogaps nolines\n");
  ASSERT_EQ(r.rc, 0) << r.err;
  const size_t mv = r.out.find("mvalue"), ks = r.out.find("kstock"), cons = r.out.find("_cons");
  ASSERT_NE(cons, std::string::npos);
  EXPECT_LT(mv, ks);
  EXPECT_LT(ks, cons);
}

TEST(CmdEsttab, NoBaseLevelsAndNoOmitted) {
  const std::string fit = kGrunfeld + "generate c2 = 2 * mvalue\nquietly regress invest mvalue c2 i.company\n";
  auto r = run_script(fit + "esttab, nobaselevels noomitted\n");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(r.out.find("1b.company"), std::string::npos);
  EXPECT_EQ(r.out.find("o.c2"), std::string::npos);
  EXPECT_NE(r.out.find("2.company"), std::string::npos);
  r = run_script(fit + "esttab\n");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("1b.company"), std::string::npos);
  EXPECT_NE(r.out.find("o.c2"), std::string::npos);
}

TEST(CmdEsttab, ExistingFileNeedsReplaceOrAppend) {
  const std::string file = ::testing::TempDir() + "xtdo_esttab_test.txt";
  std::remove(file.c_str());
  const std::string base = kGrunfeld + "quietly regress invest mvalue\n";
  EXPECT_EQ(run_script(base + "esttab using \"" + file + "\"\n").rc, 0);
  EXPECT_EQ(run_script(base + "esttab using \"" + file + "\"\n").rc, 602);
  EXPECT_EQ(run_script(base + "esttab using \"" + file + "\", replace\n").rc, 0);
  EXPECT_EQ(run_script(base + "esttab using \"" + file + "\", append\n").rc, 0);
  std::remove(file.c_str());
}

}  // namespace
