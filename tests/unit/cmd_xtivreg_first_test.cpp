// xtivreg's `first` and `regress` options, held against the commands xtivreg.ado
// itself runs: the first stages printed are exactly `xtreg x exog inst, fe|be` and
// `regress D.x D.(exog inst)` on the estimation sample, and `regress` (the
// covariates as their own instruments) gives xtreg's fe and (balanced panel) re fits.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lang_test_util.hpp"
#include "xtdo/eval.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;
using xtdo::testing::stored;

const std::string kGrunfeld = std::string("import delimited using \"") + XTDO_SOURCE_DIR +
                              "/tests/reference/data/grunfeld.csv\", clear\n"
                              "xtset company year\n"
                              "generate z = L.kstock\n";

// The coefficient table block of an output: from the first "----" rule line before
// the header through the closing rule.
std::string table_of(const std::string& out, const std::string& depvar_header) {
  const size_t at = out.find(depvar_header);
  if (at == std::string::npos) return "";
  const size_t start = out.rfind("\n---", at);
  const size_t end = out.find("\n\n", at);
  return out.substr(start, end - start);
}

}  // namespace

TEST(XtivregFirst, WithinFirstStageIsXtregFe) {
  auto first = run_script(kGrunfeld + "xtivreg invest kstock (mvalue = z), fe first\n");
  ASSERT_EQ(first.rc, 0) << first.err;
  auto direct = run_script(kGrunfeld + "xtreg mvalue kstock z if !missing(invest, z), fe\n");
  ASSERT_EQ(direct.rc, 0) << direct.err;
  EXPECT_NE(first.out.find("\nFirst-stage within regression\n\nFixed-effects (within) regression"),
            std::string::npos);
  const std::string want = table_of(direct.out, "      mvalue | Coefficient");
  ASSERT_FALSE(want.empty());
  EXPECT_NE(first.out.find(want), std::string::npos) << want;
  // The main table follows, and the dataset is as it was (the sample marker is gone).
  EXPECT_NE(first.out.find("Fixed-effects (within) IV regression"), std::string::npos);
  Session* s = nullptr;
  auto r = run_script(kGrunfeld + "quietly xtivreg invest kstock (mvalue = z), fe first\n", &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(s->data.nvars(), 7u);
  EXPECT_EQ(s->e.macro_or_empty("cmd"), "xtivreg");
}

TEST(XtivregFirst, FirstDifferencedFirstStageIsRegress) {
  auto first =
      run_script(kGrunfeld + "xtivreg invest kstock (mvalue = z), fd first vce(cluster company)\n");
  ASSERT_EQ(first.rc, 0) << first.err;
  auto direct = run_script(kGrunfeld +
                           "regress D.mvalue D.(kstock z) if !missing(D.invest), "
                           "vce(cluster company)\n");
  ASSERT_EQ(direct.rc, 0) << direct.err;
  EXPECT_NE(first.out.find("\nFirst-stage first-differenced regression\n\nLinear regression"),
            std::string::npos);
  const std::string want = table_of(direct.out, "    D.mvalue | Coefficient");
  ASSERT_FALSE(want.empty());
  EXPECT_NE(first.out.find(want), std::string::npos) << want;
}

TEST(XtivregFirst, BetweenFirstStageIsXtregBe) {
  auto first = run_script(kGrunfeld + "xtivreg invest kstock (mvalue = z), be first\n");
  ASSERT_EQ(first.rc, 0) << first.err;
  auto direct = run_script(kGrunfeld + "xtreg mvalue kstock z if !missing(invest, z), be\n");
  ASSERT_EQ(direct.rc, 0) << direct.err;
  EXPECT_NE(first.out.find("\nFirst-stage between regression\n"), std::string::npos);
  const std::string want = table_of(direct.out, "      mvalue | Coefficient");
  ASSERT_FALSE(want.empty());
  EXPECT_NE(first.out.find(want), std::string::npos) << want;
}

// G2SLS first stage: OLS of the GLS-transformed endogenous regressor on the
// transformed instruments and 1 − θ (balanced panel: one θ), written out by hand.
TEST(XtivregFirst, G2slsFirstStageIsOlsOnTransformedData) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "xtivreg invest kstock (mvalue = z), re first\n"
                          "scalar th = e(theta)\n"
                          "keep if !missing(z, invest)\n"
                          "foreach v in mvalue kstock z {\n"
                          "  by company: egen double m_`v' = mean(`v')\n"
                          "  generate double t_`v' = `v' - th * m_`v'\n"
                          "}\n"
                          "generate double c = 1 - th\n"
                          "quietly regress t_mvalue t_kstock t_z c, noconstant\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_NE(r.out.find("\nFirst-stage G2SLS regression\n"), std::string::npos);
  const auto& b = s->e.matrices.at("b");
  const auto& v = s->e.matrices.at("V");
  // The regression's conventional VCE is the first stage's: the same table cells.
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"kstock", "t_kstock"}, {"z", "t_z"}, {"_cons", "c"}};
  for (const auto& [shown, col] : rows) {
    const int c = b.col_index(col);
    ASSERT_GE(c, 0) << col;
    auto trimmed = [](std::string t) { return t.substr(t.find_first_not_of(' ')); };
    const std::string coef = trimmed(xtdo::format_number(b.at(0, c), "%9.0g"));
    const std::string se = trimmed(xtdo::format_number(std::sqrt(v.at(c, c)), "%9.0g"));
    // The first table row of `shown` (the first stage precedes the main table).
    const size_t at = r.out.find(" " + shown + " | ");
    ASSERT_NE(at, std::string::npos) << shown;
    const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    EXPECT_NE(line.find(" " + coef + " "), std::string::npos) << line << " vs " << coef;
    EXPECT_NE(line.find(" " + se + " "), std::string::npos) << line << " vs " << se;
  }
}

TEST(XtivregRegress, EqualsXtregFeAndRe) {
  Session* s = nullptr;
  auto r = run_script(kGrunfeld +
                          "quietly xtivreg invest kstock (mvalue = z), fe regress\n"
                          "estimates store ivfe\n"
                          "quietly xtreg invest kstock mvalue if !missing(z), fe\n"
                          "estimates store fe\n"
                          "quietly xtivreg invest kstock (mvalue = z), re regress\n"
                          "estimates store ivre\n"
                          "quietly xtreg invest kstock mvalue if !missing(z), re\n"
                          "estimates store re\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  xtdo::testing::expect_same_coefficients(stored(s, "ivfe"), stored(s, "fe"),
                                          {"mvalue", "kstock", "_cons"}, 1e-9);
  xtdo::testing::expect_same_coefficients(stored(s, "ivre"), stored(s, "re"),
                                          {"mvalue", "kstock", "_cons"}, 1e-9);
  // The typed instrument z still marks out its missing values, as in xtivreg.ado.
  EXPECT_EQ(stored(s, "ivfe").scalar_or_missing("N"), 190);
}

TEST(XtivregFirst, Errors) {
  for (const char* bad : {"xtivreg invest kstock (mvalue = z), fe first regress\n",
                          "xtivreg invest kstock (mvalue = z), be first vce(robust)\n"}) {
    Session* s = nullptr;
    auto r = run_script(kGrunfeld + bad, &s);
    EXPECT_EQ(r.rc, 198) << bad;
    EXPECT_EQ(s->data.nvars(), 7u) << bad;
  }
}
