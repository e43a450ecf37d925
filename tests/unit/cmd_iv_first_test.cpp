// First-stage regressions of ivreg2 (first/savefirst/savefprefix) and ivregress
// (first) against `regress` of the endogenous regressor on every instrument: the
// same coefficients, and with ivreg2's first-stage convention (always small-sample)
// the same VCE as regress for i.i.d., robust and cluster-robust errors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lang_test_util.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;

const std::string kGriliches = std::string("use \"") + XTDO_SOURCE_DIR +
                               "/tests/reference/data/griliches76.dta\", clear\n";
const std::string kHousing = std::string("import delimited using \"") + XTDO_SOURCE_DIR +
                             "/tests/reference/data/housing.csv\", clear\n"
                             "encode region, generate(reg)\n";

const xtdo::ResultSet& stored(Session* s, const std::string& name) {
  for (const auto& st : s->stored_estimates)
    if (st.name == name) return st.e;
  throw std::runtime_error("no stored estimates " + name);
}

// Every coefficient of `want` (by name) and every V cell equal in `got`.
void expect_same_fit(const xtdo::ResultSet& got, const xtdo::ResultSet& want, double tol) {
  const auto& bg = got.matrices.at("b");
  const auto& bw = want.matrices.at("b");
  const auto& vg = got.matrices.at("V");
  const auto& vw = want.matrices.at("V");
  ASSERT_EQ(bg.cols, bw.cols);
  for (int c = 0; c < bw.cols; ++c) {
    const int gc = bg.col_index(bw.colnames[static_cast<size_t>(c)]);
    ASSERT_GE(gc, 0) << bw.colnames[static_cast<size_t>(c)];
    EXPECT_NEAR(bg.at(0, gc), bw.at(0, c), tol * (1 + std::fabs(bw.at(0, c))))
        << bw.colnames[static_cast<size_t>(c)];
    for (int r = 0; r < bw.cols; ++r) {
      const int gr = bg.col_index(bw.colnames[static_cast<size_t>(r)]);
      EXPECT_NEAR(vg.at(gr, gc), vw.at(r, c), tol * (1e-12 + std::fabs(vw.at(r, c))))
          << bw.colnames[static_cast<size_t>(r)] << "," << bw.colnames[static_cast<size_t>(c)];
    }
  }
}

void check_against_regress(const std::string& ivopt, const std::string& regopt) {
  Session* s = nullptr;
  auto r = run_script(kGriliches + "quietly regress s med kww age mrt expr" + regopt +
                          "\nestimates store rs\n"
                          "quietly regress iq med kww age mrt expr" +
                          regopt +
                          "\nestimates store riq\n"
                          "quietly ivreg2 lw expr (s iq = med kww age mrt), savefirst " +
                          ivopt + "\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(s->e.macro_or_empty("firsteqs"), "_ivreg2_s _ivreg2_iq");
  expect_same_fit(stored(s, "_ivreg2_s"), stored(s, "rs"), 1e-9);
  expect_same_fit(stored(s, "_ivreg2_iq"), stored(s, "riq"), 1e-9);
  const auto& fs = stored(s, "_ivreg2_s");
  EXPECT_EQ(fs.macro_or_empty("cmd"), "ivreg2");
  EXPECT_EQ(fs.macro_or_empty("model"), "first");
  EXPECT_EQ(fs.macro_or_empty("depvar"), "s");
  EXPECT_EQ(fs.scalar_or_missing("N"), 758);
  EXPECT_EQ(fs.scalar_or_missing("df_r"), 758 - 6);  // N − L, also with clusters
  EXPECT_NEAR(fs.scalar_or_missing("rmse"), stored(s, "rs").scalar_or_missing("rmse"), 1e-9);
}

TEST(IvFirst, Ivreg2FirstStageEqualsRegressIid) { check_against_regress("", ""); }

TEST(IvFirst, Ivreg2FirstStageEqualsRegressRobust) {
  check_against_regress("robust", ", vce(robust)");
}

TEST(IvFirst, Ivreg2FirstStageEqualsRegressCluster) {
  check_against_regress("cluster(year)", ", vce(cluster year)");
}

// ivreg2's reduced form (rf / saverf / saverfprefix): y on every instrument with the
// first stages' conventions, so again regress's coefficients and VCE.
void check_reduced_form(const std::string& ivopt, const std::string& regopt) {
  Session* s = nullptr;
  auto r = run_script(kGriliches + "quietly regress lw med kww age mrt expr" + regopt +
                          "\nestimates store rlw\n"
                          "quietly ivreg2 lw expr (s iq = med kww age mrt), saverf " +
                          ivopt + "\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(s->e.macro_or_empty("rfeq"), "_ivreg2_lw");
  EXPECT_EQ(s->e.macros.count("firsteqs"), 0u);
  const auto& rf = stored(s, "_ivreg2_lw");
  expect_same_fit(rf, stored(s, "rlw"), 1e-9);
  EXPECT_EQ(rf.macro_or_empty("model"), "rf");
  EXPECT_EQ(rf.macro_or_empty("depvar"), "lw");
  EXPECT_EQ(rf.scalar_or_missing("df_r"), 758 - 6);
  EXPECT_NEAR(rf.scalar_or_missing("rmse"), stored(s, "rlw").scalar_or_missing("rmse"), 1e-9);
}

TEST(IvFirst, Ivreg2ReducedFormEqualsRegressIid) { check_reduced_form("", ""); }
TEST(IvFirst, Ivreg2ReducedFormEqualsRegressRobust) {
  check_reduced_form("robust", ", vce(robust)");
}
TEST(IvFirst, Ivreg2ReducedFormEqualsRegressCluster) {
  check_reduced_form("cluster(year)", ", vce(cluster year)");
}

TEST(IvFirst, RfShowsAndDropsSaverfprefixKeeps) {
  Session* s = nullptr;
  auto r = run_script(kGriliches + "ivreg2 lw expr (s iq = med kww age mrt), rf first\n", &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(s->stored_estimates.empty());
  EXPECT_EQ(s->e.macros.count("rfeq"), 0u);
  const size_t rf_at = r.out.find("Reduced-form regression: lw\n---------------------------\n");
  const size_t first_at = r.out.find("First-stage regressions");
  ASSERT_NE(rf_at, std::string::npos);
  EXPECT_LT(rf_at, first_at);  // as ivreg2: the reduced form before the first stages
  r = run_script(kGriliches +
                     "quietly ivreg2 lw expr (s iq = med kww age mrt), saverfprefix(red_) "
                     "savefirst\n",
                 &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(s->e.macro_or_empty("rfeq"), "red_lw");
  EXPECT_EQ(s->e.macro_or_empty("firsteqs"), "_ivreg2_s _ivreg2_iq");
  EXPECT_EQ(stored(s, "red_lw").macro_or_empty("model"), "rf");
  r = run_script(kGriliches + "ivreg2 lw expr (s iq = med kww age mrt), saverfprefix(1bad)\n", &s);
  EXPECT_EQ(r.rc, 198);
}

TEST(IvFirst, FirstAloneDoesNotStore) {
  Session* s = nullptr;
  auto r = run_script(kGriliches + "ivreg2 lw expr (s iq = med kww age mrt), first\n", &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(s->stored_estimates.empty());
  EXPECT_EQ(s->e.macros.count("firsteqs"), 0u);
  EXPECT_NE(r.out.find("First-stage regression of iq:"), std::string::npos);
  EXPECT_NE(r.out.find("Summary results for first-stage regressions"), std::string::npos);
}

TEST(IvFirst, SavefprefixRestoresFirstStage) {
  Session* s = nullptr;
  auto r = run_script(kGriliches +
                          "quietly ivreg2 lw expr (s iq = med kww age mrt), savefprefix(fs_)\n"
                          "quietly regress iq med kww age mrt expr\n"
                          "estimates store riq\n"
                          "estimates restore fs_iq\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  expect_same_fit(s->e, stored(s, "riq"), 1e-9);
  EXPECT_EQ(s->e.macro_or_empty("model"), "first");
  EXPECT_EQ(s->e.macro_or_empty("depvar"), "iq");
  ASSERT_EQ(s->stored_estimates.size(), 3u);
  EXPECT_EQ(s->stored_estimates[0].title, "First-stage regression: s");
}

TEST(IvFirst, Ivreg2PartialKeepsFirstStageCoefficients) {
  // partial(expr) partials expr and the constant out; the instruments' first-stage
  // coefficients and standard errors are unchanged (sdofminus counts them).
  Session* s = nullptr;
  auto r = run_script(kGriliches +
                          "quietly regress iq med kww age mrt expr\nestimates store riq\n"
                          "quietly ivreg2 lw expr (s iq = med kww age mrt), partial(expr) "
                          "savefirst\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto& fs = stored(s, "_ivreg2_iq");
  const auto& rg = stored(s, "riq");
  for (const char* v : {"med", "kww", "age", "mrt"}) {
    const auto& b = fs.matrices.at("b");
    const auto& vb = fs.matrices.at("V");
    const auto& b0 = rg.matrices.at("b");
    const auto& v0 = rg.matrices.at("V");
    const int c = b.col_index(v), c0 = b0.col_index(v);
    EXPECT_NEAR(b.at(0, c), b0.at(0, c0), 1e-9 * std::fabs(b0.at(0, c0))) << v;
    EXPECT_NEAR(vb.at(c, c), v0.at(c0, c0), 1e-8 * v0.at(c0, c0)) << v;
  }
  EXPECT_EQ(fs.matrices.at("b").cols, 4);
  EXPECT_EQ(fs.scalar_or_missing("df_r"), 758 - 6);
}

// The printed coefficient table after `header` in `text` (through its closing rule).
std::string table_after(const std::string& text, size_t from) {
  const size_t start = text.find("Coefficient", from);
  // The rule under the column titles, then the closing rule.
  const size_t stop = text.find("\n---", text.find("\n---", start) + 1);
  return text.substr(start, stop - start);
}

void check_ivregress_first(const std::string& opt) {
  auto iv = run_script(kHousing + "ivregress 2sls rent pcturban (hsngval = faminc i.reg), first " +
                       opt + "\n");
  ASSERT_EQ(iv.rc, 0) << iv.err;
  auto reg = run_script(kHousing + "regress hsngval pcturban faminc i.reg, " + opt + "\n");
  ASSERT_EQ(reg.rc, 0) << reg.err;
  const size_t at = iv.out.find("First-stage regressions");
  ASSERT_NE(at, std::string::npos);
  const std::string want = table_after(reg.out, 0);
  EXPECT_GT(want.size(), 400u);
  EXPECT_EQ(table_after(iv.out, at), want);
  // The header's F(5, 44) or F(5, 8) statistic as regress prints it.
  const size_t f = reg.out.find("F(5, ");
  ASSERT_NE(f, std::string::npos);
  const std::string fline = reg.out.substr(f, reg.out.find('\n', f) - f);
  const std::string fval = fline.substr(fline.find('=') + 1);
  EXPECT_NE(iv.out.find(fval), std::string::npos) << fline;
}

TEST(IvFirst, IvregressFirstEqualsRegress) { check_ivregress_first(""); }
TEST(IvFirst, IvregressFirstRobustEqualsRegress) { check_ivregress_first("vce(robust)"); }
TEST(IvFirst, IvregressFirstClusterEqualsRegress) { check_ivregress_first("vce(cluster division)"); }

}  // namespace

namespace {

// e(first) and the Stock-Wright S statistic: with i.i.d. errors S = N·R and the
// Anderson-Rubin chi2 = N·R/(1 − R) for the same R (the share of e = M_X2 y explained
// by the excluded instruments), so S = N·AR/(N + AR); with one endogenous regressor the
// SW and AP statistics equal the first-stage F; S equals the J (an LM statistic here)
// of the equation without endogenous regressors once X2 is partialled out.
TEST(IvFirst, StockWrightAndFirstMatrix) {
  Session* s = nullptr;
  auto r = run_script(kGriliches +
                          "quietly ivreg2 lw expr (s iq = med kww age mrt), ffirst\n"
                          "scalar s_iid = e(sstat)\nscalar ar_iid = e(archi2)\n"
                          "matrix f2 = e(first)\n"
                          "quietly ivreg2 lw expr (iq = med kww age mrt), robust ffirst\n"
                          "matrix f1 = e(first)\n"
                          "quietly ivreg2 lw expr (s iq = med kww age mrt), robust ffirst "
                          "partial(expr)\n"
                          "scalar s_rob = e(sstat)\n"
                          "quietly ivreg2 lw expr (= med kww age mrt), robust partial(expr)\n"
                          "scalar j_rob = e(j)\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const double n = 758, ar = s->scalar("ar_iid")->num;
  EXPECT_NEAR(s->scalar("s_iid")->num, n * ar / (n + ar), 1e-8 * ar);
  EXPECT_NEAR(s->scalar("s_rob")->num, s->scalar("j_rob")->num, 1e-8 * s->scalar("j_rob")->num);
  const xtdo::Matrix& f1 = *s->matrix("f1");
  ASSERT_EQ(f1.rows, 21);
  for (const char* row : {"SWF", "APF"})
    EXPECT_NEAR(f1.at(f1.row_index(row), 0), f1.at(f1.row_index("F"), 0), 1e-12) << row;
  EXPECT_NEAR(f1.at(f1.row_index("SWr2"), 0), f1.at(f1.row_index("pr2"), 0), 1e-12);
  // SW chi2 = SW F · df1 · (N − dofminus)/(N − L − dofminus − sdofminus) (no clusters).
  const xtdo::Matrix& f2 = *s->matrix("f2");
  for (int j = 0; j < 2; ++j) {
    const double swf = f2.at(f2.row_index("SWF"), j);
    EXPECT_NEAR(f2.at(f2.row_index("SWchi2"), j), swf * 3 * n / (n - 6), 1e-9 * swf);
    // The AP residual differs from SW's but both are tested on the same instruments.
    EXPECT_GT(f2.at(f2.row_index("APF"), j), 0);
    EXPECT_EQ(f2.at(f2.row_index("APFdf1"), j), 3);
  }
}

}  // namespace

namespace {

// xtivreg2 stores its first stages as _xtivreg2_<x> (xtivreg2's default prefix), with
// the within-transformed first stage's degrees of freedom N − L − N_g.
TEST(IvFirst, Xtivreg2DefaultPrefix) {
  Session* s = nullptr;
  auto r = run_script(std::string("import delimited using \"") + XTDO_SOURCE_DIR +
                          "/tests/reference/data/grunfeld.csv\", clear\nxtset company year\n"
                          "quietly xtivreg2 invest (mvalue = L.mvalue) kstock, fe savefirst\n"
                          "quietly xtreg mvalue L.mvalue kstock, fe\nestimates store xt\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto& fs = stored(s, "_xtivreg2_mvalue");
  const auto& xt = stored(s, "xt");
  EXPECT_EQ(fs.scalar_or_missing("df_r"), 190 - 2 - 10);
  for (const char* v : {"L.mvalue", "kstock"}) {
    const auto& b = fs.matrices.at("b");
    const auto& b0 = xt.matrices.at("b");
    const int c = b.col_index(v), c0 = b0.col_index(v);
    ASSERT_GE(c, 0) << v;
    ASSERT_GE(c0, 0) << v;
    EXPECT_NEAR(b.at(0, c), b0.at(0, c0), 1e-9 * std::fabs(b0.at(0, c0))) << v;
    EXPECT_NEAR(fs.matrices.at("V").at(c, c), xt.matrices.at("V").at(c0, c0),
                1e-8 * xt.matrices.at("V").at(c0, c0))
        << v;
  }
}

}  // namespace
