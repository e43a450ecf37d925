// Kernel composite indices and inequality: every formula on small matrices whose
// values can be checked by hand, plus brute-force O(N²) oracles for the sorted
// pairwise sums and reference numbers computed with R (commands in the comments).
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>
#include <vector>

#include "xtdo/kernel/coupling.hpp"
#include "xtdo/kernel/entropy.hpp"
#include "xtdo/kernel/inequality.hpp"
#include "xtdo/kernel/pca.hpp"

using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace xtdo::kernel;

namespace {

constexpr double kTol = 1e-12;

double brute_gini(const std::vector<double>& y) {
  double s = 0, m = 0;
  for (double a : y) {
    m += a;
    for (double b : y) s += std::fabs(a - b);
  }
  const double n = static_cast<double>(y.size());
  return s / (2 * n * n * (m / n));
}

}  // namespace

// --- Standardisation and the entropy weight method -----------------------------

TEST(KernelEntropy, MinMaxDirections) {
  MatrixXd x(3, 2);
  x << 1, 5, 2, 3, 4, 1;
  MatrixXd z = standardize(x, {Direction::kPositive, Direction::kNegative}, Scaling::kMinMax);
  EXPECT_NEAR(z(0, 0), 0, kTol);
  EXPECT_NEAR(z(1, 0), 1.0 / 3, kTol);
  EXPECT_NEAR(z(2, 0), 1, kTol);
  EXPECT_NEAR(z(0, 1), 0, kTol);  // (max − x)/(max − min) = (5 − 5)/4
  EXPECT_NEAR(z(1, 1), 0.5, kTol);
  EXPECT_NEAR(z(2, 1), 1, kTol);
  MatrixXd shifted = standardize(x, {}, Scaling::kMinMax, 0.01);
  EXPECT_NEAR(shifted(0, 0), 0.01, kTol);
}

TEST(KernelEntropy, ZScoreAndVector) {
  MatrixXd x(3, 1);
  x << 1, 2, 3;  // mean 2, sd 1 (N − 1 divisor)
  MatrixXd z = standardize(x, {Direction::kNegative}, Scaling::kZScore);
  EXPECT_NEAR(z(0, 0), 1, kTol);
  EXPECT_NEAR(z(2, 0), -1, kTol);
  MatrixXd v = standardize(x, {}, Scaling::kVector);
  EXPECT_NEAR(v(2, 0), 3 / std::sqrt(14.0), kTol);
}

TEST(KernelEntropy, ConstantColumnsAreFlagged) {
  MatrixXd x(3, 3);
  x << 1, 7, 0, 2, 7, 0, 3, 7, 0;
  EXPECT_EQ(constant_columns(x), (std::vector<int>{1, 2}));
  MatrixXd z = standardize(x, {}, Scaling::kMinMax);
  EXPECT_TRUE(std::isnan(z(0, 1)));
}

// Hand-checked: standardised columns (0, 1/2, 1), (0, 0, 1) — a column with zeros,
// where 0·ln 0 = 0 — and a cost column equal to the first after its reversal.
TEST(KernelEntropy, WeightsByHand) {
  MatrixXd x(3, 3);
  x << 1, 0, 5, 2, 0, 3, 3, 1, 1;
  EntropyIndexOptions opt;
  opt.direction = {Direction::kPositive, Direction::kPositive, Direction::kNegative};
  EntropyIndexResult r = entropy_index(x, opt);
  // p = (0, 1/3, 2/3): e = −(1/ln 3)(1/3 ln 1/3 + 2/3 ln 2/3) = 1/3 + (2/3) ln 1.5 / ln 3.
  const double e1 = 1.0 / 3 + (2.0 / 3) * std::log(1.5) / std::log(3.0);
  EXPECT_NEAR(r.weights.e(0), e1, kTol);
  EXPECT_NEAR(r.weights.e(1), 0, kTol);  // p = (0, 0, 1)
  EXPECT_NEAR(r.weights.e(2), e1, kTol);
  const double sum_d = 2 * (1 - e1) + 1;
  EXPECT_NEAR(r.weights.w(0), (1 - e1) / sum_d, kTol);
  EXPECT_NEAR(r.weights.w(1), 1 / sum_d, kTol);
  EXPECT_NEAR(r.weights.w.sum(), 1, kTol);
  // Score = Σ w z: row 2 has z = (1/2, 0, 1/2).
  EXPECT_NEAR(r.score(1), (1 - e1) / sum_d, kTol);
  EXPECT_NEAR(r.score(2), 1, kTol);
  EXPECT_NEAR(r.score(0), 0, kTol);
}

TEST(KernelEntropy, UniformColumnHasNoInformation) {
  MatrixXd z(4, 2);
  z << 1, 0, 1, 1, 1, 2, 1, 3;  // column 0: p uniform, e = 1, d = 0
  EntropyWeights w = entropy_weights(z);
  EXPECT_NEAR(w.e(0), 1, kTol);
  EXPECT_NEAR(w.w(0), 0, kTol);
  EXPECT_NEAR(w.w(1), 1, kTol);
}

TEST(KernelEntropy, AllZeroColumnIsDegenerate) {
  MatrixXd z(3, 2);
  z << 0, 1, 0, 2, 0, 3;
  EntropyWeights w = entropy_weights(z);
  EXPECT_TRUE(std::isnan(w.e(0)));
  EXPECT_TRUE(std::isnan(w.w(1)));  // Σ d is undefined, so every weight is
}

TEST(KernelEntropy, ShiftKeepsLogsFinite) {
  MatrixXd x(3, 1);
  x << 1, 2, 3;
  EntropyIndexOptions opt;
  opt.shift = 0.5;  // z = (0.5, 1, 1.5), p = (1/6, 1/3, 1/2)
  EntropyIndexResult r = entropy_index(x, opt);
  const double plogp = (1.0 / 6) * std::log(1.0 / 6) + (1.0 / 3) * std::log(1.0 / 3) + 0.5 * std::log(0.5);
  EXPECT_NEAR(r.weights.e(0), -plogp / std::log(3.0), kTol);
  EXPECT_NEAR(r.score(0), 0.5, kTol);  // one indicator: weight 1, score = z
}

// --- TOPSIS ---------------------------------------------------------------------

// Min–max, given weights (1/4, 3/4), a cost column, and two tied alternatives.
TEST(KernelTopsis, TiesByHand) {
  MatrixXd x(4, 2);
  x << 1, 4, 3, 0, 2, 2, 2, 2;
  TopsisOptions opt;
  opt.direction = {Direction::kPositive, Direction::kNegative};
  opt.weights = (VectorXd(2) << 0.25, 0.75).finished();
  TopsisResult r = topsis(x, opt);
  EXPECT_NEAR(r.ideal_pos(0), 0.25, kTol);
  EXPECT_NEAR(r.ideal_pos(1), 0.75, kTol);
  EXPECT_NEAR(r.ideal_neg(0), 0, kTol);
  EXPECT_NEAR(r.closeness(0), 0, kTol);
  EXPECT_NEAR(r.closeness(1), 1, kTol);
  EXPECT_NEAR(r.closeness(2), 0.5, kTol);  // halfway between the ideals
  EXPECT_EQ(r.closeness(2), r.closeness(3));
  EXPECT_NEAR(r.d_pos(2), std::hypot(0.125, 0.375), kTol);
}

// Vector normalisation keeps the scale; the cost column's ideal is its minimum.
TEST(KernelTopsis, VectorNormalization) {
  MatrixXd x(2, 2);
  x << 3, 4, 4, 3;  // z = (0.6, 0.8), (0.8, 0.6)
  TopsisOptions opt;
  opt.direction = {Direction::kPositive, Direction::kNegative};
  opt.normalization = Scaling::kVector;
  opt.weights = (VectorXd(2) << 0.5, 0.5).finished();
  TopsisResult r = topsis(x, opt);
  EXPECT_NEAR(r.ideal_pos(0), 0.4, kTol);
  EXPECT_NEAR(r.ideal_pos(1), 0.3, kTol);
  EXPECT_NEAR(r.closeness(0), 0, kTol);
  EXPECT_NEAR(r.closeness(1), 1, kTol);
}

TEST(KernelTopsis, EntropyWeightsByDefault) {
  MatrixXd x(3, 2);
  x << 1, 0, 2, 0, 3, 1;
  TopsisResult r = topsis(x, {});
  EntropyIndexResult e = entropy_index(x, {});
  EXPECT_NEAR((r.w - e.weights.w).norm(), 0, kTol);
  EXPECT_NEAR(r.closeness(2), 1, kTol);  // best on every indicator
  EXPECT_NEAR(r.closeness(0), 0, kTol);
}

// --- PCA, KMO, Bartlett ---------------------------------------------------------

TEST(KernelPca, TwoByTwoCorrelation) {
  const double rho = 0.6;
  MatrixXd r(2, 2);
  r << 1, rho, rho, 1;
  SymEigen e = sym_eigen_descending(r);
  EXPECT_NEAR(e.values(0), 1 + rho, kTol);
  EXPECT_NEAR(e.values(1), 1 - rho, kTol);
  const double s = 1 / std::sqrt(2.0);
  EXPECT_NEAR(e.vectors(0, 0), s, kTol);  // sum positive
  EXPECT_NEAR(e.vectors(1, 0), s, kTol);
  // (1, −1)/√2 sums to 0: the largest |element| (the first, on a tie) is positive.
  EXPECT_NEAR(e.vectors(0, 1), s, kTol);
  EXPECT_NEAR(e.vectors(1, 1), -s, kTol);
}

TEST(KernelPca, ThreeByThreeBlock) {
  MatrixXd r(3, 3);
  r << 1, 0.6, 0, 0.6, 1, 0, 0, 0, 1;  // eigenvalues 1.6, 1, 0.4
  SymEigen e = sym_eigen_descending(r);
  EXPECT_NEAR(e.values(0), 1.6, kTol);
  EXPECT_NEAR(e.values(1), 1.0, kTol);
  EXPECT_NEAR(e.values(2), 0.4, kTol);
  EXPECT_NEAR(std::fabs(e.vectors(2, 1)), 1, kTol);
  EXPECT_GT(e.vectors.col(0).sum(), 0);
  EXPECT_NEAR((e.vectors.transpose() * e.vectors - MatrixXd::Identity(3, 3)).norm(), 0, 1e-12);
}

TEST(KernelPca, DataScoresHaveEigenvalueVariance) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  MatrixXd x(200, 3);
  for (int i = 0; i < 200; ++i) {
    const double f = normal(rng);
    x.row(i) << f + normal(rng), 2 * f + normal(rng), 10 + 0.5 * normal(rng);
  }
  PcaResult res = pca(x, {});
  MatrixXd s = pca_scores(x, res, 3, false);
  for (int k = 0; k < 3; ++k) {
    const double var = (s.col(k).array() - s.col(k).mean()).square().sum() / 199;
    EXPECT_NEAR(var, res.eigen.values(k), 1e-10);
  }
  EXPECT_NEAR(res.eigen.values.sum(), 3, 1e-12);  // trace of a correlation matrix
}

// KMO of two variables is 1/2 whatever r: the partial correlation equals r.
TEST(KernelPca, KmoTwoVariables) {
  MatrixXd r(2, 2);
  r << 1, 0.3, 0.3, 1;
  Kmo k = kmo(r);
  ASSERT_TRUE(k.ok);
  EXPECT_NEAR(k.overall, 0.5, kTol);
  EXPECT_NEAR(k.partial(0, 1), 0.3, kTol);
}

// Three variables, by hand: R⁻¹ from the adjugate, a_ij = −R⁻¹_ij/sqrt(R⁻¹_ii R⁻¹_jj).
TEST(KernelPca, KmoAndBartlettThreeVariables) {
  MatrixXd r(3, 3);
  r << 1, 0.5, 0.4, 0.5, 1, 0.3, 0.4, 0.3, 1;
  // Adjugate entries: C11 = 1 − .09, C22 = 1 − .16, C33 = 1 − .25,
  // C12 = −(.5 − .12), C13 = .15 − .4, C23 = −(.3 − .2).
  const double c11 = 0.91, c22 = 0.84, c33 = 0.75, c12 = -0.38, c13 = -0.25, c23 = -0.10;
  const double a12 = -c12 / std::sqrt(c11 * c22), a13 = -c13 / std::sqrt(c11 * c33),
               a23 = -c23 / std::sqrt(c22 * c33);
  const double r2 = 0.25 + 0.16 + 0.09, a2 = a12 * a12 + a13 * a13 + a23 * a23;
  Kmo k = kmo(r);
  ASSERT_TRUE(k.ok);
  EXPECT_NEAR(k.overall, r2 / (r2 + a2), kTol);
  EXPECT_NEAR(k.per_variable(0), (0.25 + 0.16) / (0.25 + 0.16 + a12 * a12 + a13 * a13), kTol);
  // R: R <- matrix(c(1,.5,.4,.5,1,.3,.4,.3,1),3); Ri <- solve(R)
  //    A <- -Ri/sqrt(outer(diag(Ri),diag(Ri))); diag(A) <- 0; R0 <- R; diag(R0) <- 0
  //    sum(R0^2)/(sum(R0^2)+sum(A^2))  # 0.6278611324060891
  EXPECT_NEAR(k.overall, 0.6278611324060891, 1e-14);
  // |R| = 1 + 2(.5)(.4)(.3) − .25 − .16 − .09 = 0.62; N = 50.
  Bartlett b = bartlett_sphericity(r, 50);
  ASSERT_TRUE(b.ok);
  EXPECT_NEAR(b.log_det, std::log(0.62), kTol);
  EXPECT_NEAR(b.chi2, -(50 - 1 - 11.0 / 6) * std::log(0.62), 1e-10);
  EXPECT_EQ(b.df, 3);
}

TEST(KernelPca, SingularCorrelationIsRejected) {
  MatrixXd r(2, 2);
  r << 1, 1, 1, 1;
  EXPECT_FALSE(kmo(r).ok);
  EXPECT_FALSE(bartlett_sphericity(r, 10).ok);
}

// --- Inequality -----------------------------------------------------------------

TEST(KernelInequality, UniformVectorHasNoInequality) {
  std::vector<double> y(7, 3.5);
  Inequality q = inequality(y, {});
  EXPECT_NEAR(q.gini, 0, kTol);
  EXPECT_NEAR(q.theil, 0, kTol);
  EXPECT_NEAR(q.mld, 0, kTol);
  EXPECT_NEAR(q.cv, 0, kTol);
  EXPECT_NEAR(q.atkinson_1, 0, kTol);
}

TEST(KernelInequality, OneHasEverything) {
  for (int n : {2, 5, 40}) {
    std::vector<double> y(static_cast<size_t>(n), 0.0);
    y.back() = 1;
    Inequality q = inequality(y, {});
    EXPECT_NEAR(q.gini, (n - 1.0) / n, kTol);
    EXPECT_NEAR(q.theil, std::log(static_cast<double>(n)), kTol);  // (1/n)·n ln n
    EXPECT_EQ(q.n_zero, n - 1);
    EXPECT_TRUE(std::isnan(q.mld));
  }
}

// (1, 3): μ = 2, r = (1/2, 3/2).
TEST(KernelInequality, TwoIncomesByHand) {
  Inequality q = inequality(std::vector<double>{3, 1}, {});
  EXPECT_NEAR(q.gini, 0.25, kTol);  // |1 − 3|·2 / (2·4·2)
  EXPECT_NEAR(q.theil, 0.5 * (0.5 * std::log(0.5) + 1.5 * std::log(1.5)), kTol);
  EXPECT_NEAR(q.mld, -0.5 * (std::log(0.5) + std::log(1.5)), kTol);
  EXPECT_NEAR(q.cv, 0.5, kTol);
  EXPECT_NEAR(q.ge2, 0.125, kTol);
  EXPECT_NEAR(q.atkinson_half, 1 - std::pow((std::sqrt(0.5) + std::sqrt(1.5)) / 2, 2), kTol);
  EXPECT_NEAR(q.atkinson_1, 1 - std::sqrt(3.0) / 2, kTol);
  EXPECT_NEAR(q.atkinson_2, 0.25, kTol);  // harmonic mean 1.5
}

// Frequency weights equal replicated observations: (1, 2, 3) × (1, 2, 1) = (1, 2, 2, 3).
TEST(KernelInequality, WeightsReplicate) {
  Inequality w = inequality(std::vector<double>{3, 1, 2}, std::vector<double>{1, 1, 2});
  Inequality r = inequality(std::vector<double>{1, 2, 2, 3}, {});
  EXPECT_NEAR(w.gini, 0.1875, kTol);  // 12 / (2·16·2)
  EXPECT_NEAR(w.gini, r.gini, kTol);
  EXPECT_NEAR(w.theil, r.theil, kTol);
  EXPECT_NEAR(w.mld, r.mld, kTol);
  EXPECT_NEAR(w.atkinson_2, r.atkinson_2, kTol);
}

TEST(KernelInequality, SortedPairSumsMatchBruteForce) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> small(0, 9);  // many ties
  for (int rep = 0; rep < 20; ++rep) {
    std::vector<double> a(static_cast<size_t>(1 + rep)), b(static_cast<size_t>(3 + 2 * rep));
    for (double& v : a) v = small(rng);
    for (double& v : b) v = small(rng) * 0.5;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    double within = 0, between = 0;
    for (double x : a)
      for (double z : a) within += std::fabs(x - z);
    for (double x : a)
      for (double z : b) between += std::fabs(x - z);
    EXPECT_NEAR(static_cast<double>(sum_abs_diff_within(a)), within, 1e-9);
    EXPECT_NEAR(static_cast<double>(sum_abs_diff_between(a, b)), between, 1e-9);
    EXPECT_NEAR(static_cast<double>(sum_abs_diff_between(b, a)), between, 1e-9);
  }
}

TEST(KernelInequality, TheilDecompositionAddsUp) {
  // Groups (1, 3) and (2, 6): μ_1 = 2, μ_2 = 4, μ = 3; income shares 1/3, 2/3.
  std::vector<double> y{1, 3, 2, 6};
  std::vector<int32_t> g{0, 0, 1, 1};
  TheilDecomposition d = theil_decomposition(y, {}, g, 2);
  EXPECT_NEAR(d.theil_within + d.theil_between, d.total.theil, kTol);
  EXPECT_NEAR(d.mld_within + d.mld_between, d.total.mld, kTol);
  EXPECT_NEAR(d.theil_between, (1.0 / 3) * std::log(2.0 / 3) + (2.0 / 3) * std::log(4.0 / 3), kTol);
  EXPECT_NEAR(d.mld_between, 0.5 * std::log(3.0 / 2) + 0.5 * std::log(3.0 / 4), kTol);
  // Both groups have the same relative spread (1:3), so the same Theil T.
  EXPECT_NEAR(d.group[0].theil, d.group[1].theil, kTol);
  EXPECT_NEAR(d.theil_within, d.group[0].theil, kTol);
}

// --- Dagum ----------------------------------------------------------------------

// A = (1, 2, 3), B = (4, 6): every b exceeds every a, so there is no transvariation.
TEST(KernelDagum, SeparatedGroupsByHand) {
  std::vector<double> y{1, 4, 2, 6, 3};
  std::vector<int32_t> g{0, 1, 0, 1, 0};
  Dagum d = dagum(y, g, 2);
  EXPECT_NEAR(d.g(0, 1), 3.0 / 7, kTol);  // Δ = 18/6 = 3, μ_A + μ_B = 7
  EXPECT_NEAR(d.d(0, 1), 1, kTol);
  EXPECT_NEAR(d.transvariation, 0, kTol);
  EXPECT_NEAR(d.g(0, 0), (8.0 / 9) / 4, kTol);  // Δ_AA = 8/9, G = Δ/(2μ)
  EXPECT_NEAR(d.gini, brute_gini(y), kTol);
  EXPECT_NEAR(d.within + d.net_between + d.transvariation, d.gini, kTol);
}

TEST(KernelDagum, ComponentsSumToGini) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> income(0, 0.8);
  for (int k : {2, 3, 5}) {
    std::vector<double> y;
    std::vector<int32_t> g;
    for (int i = 0; i < 300; ++i) {
      const int32_t group = i % k;
      g.push_back(group);
      y.push_back(income(rng) * (1 + group));  // overlapping groups: transvariation > 0
    }
    y[0] = 0;  // a zero income is allowed
    Dagum d = dagum(y, g, k);
    EXPECT_NEAR(d.gini, brute_gini(y), 1e-12);
    EXPECT_NEAR(d.within + d.net_between + d.transvariation, d.gini, 1e-13);
    EXPECT_GT(d.transvariation, 0);
    for (int j = 0; j < k; ++j) {
      std::vector<double> yj;
      for (size_t i = 0; i < y.size(); ++i)
        if (g[i] == j) yj.push_back(y[i]);
      EXPECT_NEAR(d.g(j, j), brute_gini(yj), 1e-12);
    }
  }
}

// Dagum's d_jh and p_jh by brute force: D_jh = (d − p)/(d + p).
TEST(KernelDagum, RelativeAffluenceMatchesDefinition) {
  std::vector<double> a{1, 5, 7}, b{2, 3, 9, 4};
  std::vector<double> y;
  std::vector<int32_t> g;
  for (double v : a) y.push_back(v), g.push_back(0);
  for (double v : b) y.push_back(v), g.push_back(1);
  // Group 1 has the larger mean (18/4 > 13/3): d = E(y_1 − y_0)+, p = E(y_0 − y_1)+.
  double dp = 0, pp = 0;
  for (double x : b)
    for (double z : a) dp += std::max(x - z, 0.0), pp += std::max(z - x, 0.0);
  Dagum d = dagum(y, g, 2);
  EXPECT_NEAR(d.d(0, 1), (dp - pp) / (dp + pp), kTol);
}

TEST(KernelDagum, OneMemberGroupAndZeroGroup) {
  std::vector<double> y{5, 0, 0, 1, 2};
  std::vector<int32_t> g{0, 1, 1, 2, 2};
  Dagum d = dagum(y, g, 3);
  EXPECT_EQ(d.g(0, 0), 0);  // one member
  EXPECT_EQ(d.g(1, 1), 0);  // all zero: defined as 0
  EXPECT_NEAR(d.within + d.net_between + d.transvariation, d.gini, kTol);
  EXPECT_FALSE(std::isnan(d.g(0, 1)));
}

// --- Coupling coordination ------------------------------------------------------

TEST(KernelCoupling, StandardFormByHand) {
  MatrixXd u(3, 2);
  u << 0.25, 0.25, 0.1, 0.4, 0, 0.5;
  VectorXd alpha = VectorXd::Constant(2, 0.5);
  Coupling c = coupling(u, alpha, CouplingFormula::kStandard);
  EXPECT_NEAR(c.c(0), 1, kTol);                    // equal subsystems
  EXPECT_NEAR(c.c(1), 2 * std::sqrt(0.04) / 0.5, kTol);  // 0.8
  EXPECT_NEAR(c.c(2), 0, kTol);
  EXPECT_NEAR(c.t(1), 0.25, kTol);
  EXPECT_NEAR(c.d(1), std::sqrt(0.8 * 0.25), kTol);
  MatrixXd u3(1, 3);
  u3 << 0.2, 0.4, 0.8;
  Coupling c3 = coupling(u3, VectorXd::Constant(3, 1.0 / 3), CouplingFormula::kStandard);
  EXPECT_NEAR(c3.c(0), 3 * std::cbrt(0.064) / 1.4, kTol);  // 3·0.4/1.4
}

TEST(KernelCoupling, WangFormByHand) {
  MatrixXd u(1, 2);
  u << 0.2, 0.8;
  Coupling c = coupling(u, VectorXd::Constant(2, 0.5), CouplingFormula::kWang);
  // sqrt{[1 − |0.2 − 0.8| / 1] × (0.2/0.8 · 0.8/0.8)^(1/1)} = sqrt(0.4 · 0.25)
  EXPECT_NEAR(c.c(0), std::sqrt(0.1), kTol);
  MatrixXd z(1, 2);
  z << 0, 0;
  EXPECT_TRUE(std::isnan(coupling(z, VectorXd::Constant(2, 0.5), CouplingFormula::kStandard).c(0)));
}
