// ivreg2's absorb() reads plain variables in place and holds the fixed effects as
// level coefficients (the columns are never copied); factor variables and weights
// take the materialised path, and designs the plain sweeps mix slowly on fall back
// to it. These tests hold the paths against each other:
//  - a subsample chosen by `if` and by missing values (the data read through the
//    sample's row index) equals the same model on the data with those rows dropped;
//  - absorb(firm year) equals absorb(firm) with i.year as regressors (materialised):
//    same coefficients and, with cluster errors (no dof factor), the same VCE;
//  - a worker–firm chain (plain sweeps too slow: the columns are then copied and
//    solved directly) equals the model with i.firm as regressors.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "lang_test_util.hpp"

namespace {

using xtdo::Session;
using xtdo::testing::run_script;
using xtdo::testing::stored;

void expect_same_scalars(const xtdo::ResultSet& got, const xtdo::ResultSet& want,
                         const std::vector<std::string>& names, double tol) {
  for (const auto& k : names) {
    const double g = got.scalar_or_missing(k), w = want.scalar_or_missing(k);
    EXPECT_NEAR(g, w, tol * (1 + std::fabs(w))) << k;
  }
}

// An unbalanced firm-year panel with an endogenous x, two instruments and some
// missing values in z2.
const std::string kPanel =
    "clear\n"
    "set seed 4711\n"
    "quietly set obs 3000\n"
    "generate firm = ceil(_n / 12)\n"
    "generate year = 2000 + mod(_n * 7, 15)\n"
    "generate a = mod(firm, 13) / 13\n"
    "generate z1 = rnormal() + a\n"
    "generate z2 = rnormal() if mod(_n, 17) != 0\n"
    "generate w = rnormal() + 0.05 * year\n"
    "generate u = rnormal()\n"
    "generate x = 0.6 * z1 + 0.4 * z2 + 0.3 * w + 0.5 * u + a + rnormal()\n"
    "generate y = 1 + 0.8 * x - 0.3 * w + u + a + 0.02 * year\n";

const std::vector<std::string> kStats = {"N",      "rss", "r2",  "widstat", "cdf",
                                         "idstat", "j",   "arf", "N_clust", "df_a"};

}  // namespace

// Clustered errors read the columns in place throughout (one pass forms the
// per-cluster sums); robust errors take a pass per meat, so the residualised columns
// are written out once first. Both equal the fit on the data with the rows dropped.
void check_subsample(const std::string& vce) {
  Session* s = nullptr;
  auto r = run_script(
      kPanel + "quietly ivreg2 y w (x = z1 z2) if year != 2003, absorb(firm year) " + vce +
          " first\n"
          "estimates store sub\n"
          "drop if year == 2003 | missing(z2)\n"
          "quietly ivreg2 y w (x = z1 z2), absorb(firm year) " +
          vce +
          " first\n"
          "estimates store kept\n",
      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto& sub = stored(s, "sub");
  const auto& kept = stored(s, "kept");
  EXPECT_LT(sub.scalar_or_missing("N"), 3000 - 150);
  xtdo::testing::expect_same_coefficients(sub, kept, {"x", "w"}, 1e-10);
  expect_same_scalars(sub, kept, kStats, 1e-10);
}

TEST(Ivreg2Absorb, SubsampleReadInPlaceEqualsDroppedRows) { check_subsample("cluster(firm)"); }
TEST(Ivreg2Absorb, SubsampleWrittenOutEqualsDroppedRows) { check_subsample("robust"); }

TEST(Ivreg2Absorb, CoefficientsEqualDummyRegressors) {
  Session* s = nullptr;
  auto r = run_script(kPanel +
                          "quietly ivreg2 y w (x = z1 z2), absorb(firm year) cluster(firm)\n"
                          "estimates store two\n"
                          "quietly ivreg2 y w i.year (x = z1 z2), absorb(firm) cluster(firm)\n"
                          "estimates store dummies\n",
                      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  xtdo::testing::expect_same_coefficients(stored(s, "two"), stored(s, "dummies"), {"x", "w"}, 1e-9);
}

TEST(Ivreg2Absorb, SlowChainFallsBackToTheDirectSolve) {
  Session* s = nullptr;
  // Worker k is seen at firms k and k + 1 (a chain): alternating projections mix
  // slowly, so the coefficient sweeps give up and the columns are solved directly.
  auto r = run_script(
      "clear\n"
      "set seed 99\n"
      "quietly set obs 1200\n"
      "generate worker = ceil(_n / 4)\n"
      "generate firm = worker + mod(_n, 2)\n"
      "generate z1 = rnormal() + worker / 300\n"
      "generate z2 = rnormal()\n"
      "generate u = rnormal()\n"
      "generate x = z1 + 0.5 * z2 + 0.5 * u + firm / 100 + rnormal()\n"
      "generate y = 2 + 0.7 * x + u + worker / 50 - firm / 80\n"
      "quietly ivreg2 y (x = z1 z2), absorb(worker firm) robust\n"
      "estimates store chain\n"
      "quietly ivreg2 y i.firm (x = z1 z2), absorb(worker) robust\n"
      "estimates store dummies\n",
      &s);
  ASSERT_EQ(r.rc, 0) << r.err;
  const auto& chain = stored(s, "chain");
  const auto& dummies = stored(s, "dummies");
  const auto& bc = chain.matrices.at("b");
  const auto& bd = dummies.matrices.at("b");
  EXPECT_NEAR(bc.at(0, bc.col_index("x")), bd.at(0, bd.col_index("x")), 1e-9);
  EXPECT_NEAR(chain.scalar_or_missing("rss"), dummies.scalar_or_missing("rss"),
              1e-9 * dummies.scalar_or_missing("rss"));
  EXPECT_NEAR(chain.scalar_or_missing("widstat"), dummies.scalar_or_missing("widstat"),
              1e-8 * dummies.scalar_or_missing("widstat"));
}
