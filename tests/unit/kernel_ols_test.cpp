// Kernel OLS: coefficients against a dense QR, Stata's collinearity order,
// and the four weight types.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>

#include "xtdo/kernel/ols.hpp"

using Eigen::MatrixXd;
using Eigen::VectorXd;
using xtdo::kernel::ols;
using xtdo::kernel::OlsOptions;
using xtdo::kernel::WeightKind;

namespace {

MatrixXd with_constant(const MatrixXd& x) {
  MatrixXd z(x.rows(), x.cols() + 1);
  z << x, VectorXd::Ones(x.rows());
  return z;
}

struct Data {
  MatrixXd x;
  VectorXd y;
};

Data simulated_data(int n, int p, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Data d{MatrixXd(n, p), VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < p; ++j) d.x(i, j) = normal(rng) + 10.0 * j;
    d.y(i) = 1.5 + normal(rng);
    for (int j = 0; j < p; ++j) d.y(i) += (j + 1) * 0.5 * d.x(i, j);
  }
  return d;
}

}  // namespace

TEST(KernelOls, MatchesDenseQr) {
  Data d = simulated_data(200, 3, 1);
  auto fit = ols(d.x, d.y, OlsOptions{});
  MatrixXd z = with_constant(d.x);
  VectorXd b = z.colPivHouseholderQr().solve(d.y);
  ASSERT_EQ(fit.coef.size(), 4);
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(fit.coef(j), b(j), 1e-10 * (1 + std::abs(b(j))));
  MatrixXd inv = (z.transpose() * z).inverse();
  EXPECT_LT((fit.xtx_inv - inv).norm() / inv.norm(), 1e-9);
  VectorXd e = d.y - z * b;
  EXPECT_NEAR(fit.rss, e.squaredNorm(), 1e-9 * e.squaredNorm());
  EXPECT_NEAR(fit.tss, (d.y.array() - d.y.mean()).square().sum(), 1e-9 * fit.tss);
  EXPECT_DOUBLE_EQ(fit.nobs, 200);
  EXPECT_EQ(fit.rank, 4);
  EXPECT_DOUBLE_EQ(fit.df_r, 196);
  EXPECT_NEAR(fit.mss, fit.tss - fit.rss, 1e-9 * fit.tss);
}

TEST(KernelOls, NoConstantUsesUncentredTss) {
  Data d = simulated_data(50, 2, 2);
  OlsOptions o;
  o.constant = false;
  auto fit = ols(d.x, d.y, o);
  VectorXd b = d.x.colPivHouseholderQr().solve(d.y);
  ASSERT_EQ(fit.coef.size(), 2);
  EXPECT_NEAR(fit.coef(0), b(0), 1e-10);
  EXPECT_NEAR(fit.coef(1), b(1), 1e-10);
  EXPECT_NEAR(fit.tss, d.y.squaredNorm(), 1e-9 * fit.tss);
  EXPECT_EQ(fit.rank, 2);
}

TEST(KernelOls, LaterCollinearColumnIsOmitted) {
  Data d = simulated_data(40, 2, 3);
  MatrixXd x(40, 3);
  x << d.x.col(0), d.x.col(1), d.x.col(0) * 2.0 - d.x.col(1);  // x3 = 2 x1 − x2
  auto fit = ols(x, d.y, OlsOptions{});
  ASSERT_EQ(fit.omitted.size(), 4u);
  EXPECT_EQ(fit.omitted[0], 0);
  EXPECT_EQ(fit.omitted[1], 0);
  EXPECT_EQ(fit.omitted[2], 1);
  EXPECT_EQ(fit.omitted[3], 0);
  EXPECT_EQ(fit.coef(2), 0.0);
  EXPECT_EQ(fit.xtx_inv.row(2).norm(), 0.0);
  EXPECT_EQ(fit.rank, 3);
  auto reduced = ols(d.x, d.y, OlsOptions{});
  EXPECT_NEAR(fit.coef(0), reduced.coef(0), 1e-10);
  EXPECT_NEAR(fit.coef(3), reduced.coef(2), 1e-9);

  // Reversed order: again the last of the dependent set is dropped.
  MatrixXd xr(40, 3);
  xr << x.col(2), x.col(1), x.col(0);
  auto rev = ols(xr, d.y, OlsOptions{});
  EXPECT_EQ(rev.omitted[2], 1);
  EXPECT_EQ(rev.omitted[0], 0);
}

TEST(KernelOls, ConstantHasPriorityOverDummies) {
  // Three dummies that sum to one: with a constant, the last dummy goes (as Stata).
  const int n = 30;
  MatrixXd x = MatrixXd::Zero(n, 4);
  VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(i, i % 3) = 1.0;
    x(i, 3) = i * 0.1;
    y(i) = (i % 3) + 0.2 * i + 0.01 * ((i * 7) % 5);
  }
  auto fit = ols(x, y, OlsOptions{});
  EXPECT_EQ(fit.omitted[0], 0);
  EXPECT_EQ(fit.omitted[1], 0);
  EXPECT_EQ(fit.omitted[2], 1);
  EXPECT_EQ(fit.omitted[3], 0);
  EXPECT_EQ(fit.omitted[4], 0);  // _cons kept

  // An all-zero column and a constant column are omitted too.
  MatrixXd x2(n, 3);
  x2 << VectorXd::Zero(n), VectorXd::Constant(n, 5.0), x.col(3);
  auto fit2 = ols(x2, y, OlsOptions{});
  EXPECT_EQ(fit2.omitted[0], 1);
  EXPECT_EQ(fit2.omitted[1], 1);
  EXPECT_EQ(fit2.omitted[2], 0);
}

TEST(KernelOls, ReferenceSumsOfSquaresCatchAbsorbedColumns) {
  // A column of rounding noise: omitted only when judged against its original size.
  Data d = simulated_data(30, 2, 4);
  MatrixXd x = d.x;
  for (int i = 0; i < 30; ++i) x(i, 1) = 1e-17 * ((i * 13) % 7);
  auto plain = ols(x, d.y, OlsOptions{});
  EXPECT_EQ(plain.omitted[1], 0);
  OlsOptions o;
  o.reference_ss = VectorXd::Constant(2, 100.0);
  auto fit = ols(x, d.y, o);
  EXPECT_EQ(fit.omitted[1], 1);
}

TEST(KernelOls, FrequencyWeightsReplicateObservations) {
  Data d = simulated_data(20, 2, 5);
  VectorXd fw(20);
  for (int i = 0; i < 20; ++i) fw(i) = 1 + (i % 3);
  const int total = static_cast<int>(fw.sum());
  MatrixXd xr(total, 2);
  VectorXd yr(total);
  int row = 0;
  for (int i = 0; i < 20; ++i)
    for (int r = 0; r < fw(i); ++r) {
      xr.row(row) = d.x.row(i);
      yr(row++) = d.y(i);
    }
  OlsOptions o;
  o.weight_kind = WeightKind::kFrequency;
  auto fit = ols(d.x, d.y, fw, o);
  auto rep = ols(xr, yr, OlsOptions{});
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(fit.coef(j), rep.coef(j), 1e-10);
  EXPECT_DOUBLE_EQ(fit.nobs, total);
  EXPECT_NEAR(fit.rss, rep.rss, 1e-9);
  EXPECT_NEAR(fit.tss, rep.tss, 1e-9);
  EXPECT_DOUBLE_EQ(fit.df_r, total - 3);
  EXPECT_LT((fit.xtx_inv - rep.xtx_inv).norm(), 1e-10);
}

TEST(KernelOls, AnalyticWeightsAreRescaledToN) {
  Data d = simulated_data(25, 2, 6);
  VectorXd aw(25);
  for (int i = 0; i < 25; ++i) aw(i) = 0.5 + (i % 4);
  OlsOptions o;
  o.weight_kind = WeightKind::kAnalytic;
  auto fit = ols(d.x, d.y, aw, o);
  VectorXd wn = aw * 25.0 / aw.sum();
  MatrixXd z = with_constant(d.x);
  MatrixXd zw = z.array().colwise() * wn.array();
  VectorXd b = (z.transpose() * zw).ldlt().solve(zw.transpose() * d.y);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(fit.coef(j), b(j), 1e-10);
  VectorXd e = d.y - z * b;
  EXPECT_NEAR(fit.rss, (e.array().square() * wn.array()).sum(), 1e-9);
  EXPECT_DOUBLE_EQ(fit.nobs, 25);
  EXPECT_NEAR(fit.sum_w, 25, 1e-12);
  EXPECT_LT((fit.xtx_inv - (z.transpose() * zw).inverse()).norm(), 1e-9);
  // The scale of aweights does not matter.
  auto fit3 = ols(d.x, d.y, VectorXd(aw * 3.0), o);
  EXPECT_NEAR(fit3.rss, fit.rss, 1e-9);

  // iweights are used as given: N is their sum.
  o.weight_kind = WeightKind::kImportance;
  auto fiti = ols(d.x, d.y, aw, o);
  EXPECT_DOUBLE_EQ(fiti.nobs, aw.sum());
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(fiti.coef(j), b(j), 1e-10);
}

TEST(KernelOls, IllConditionedButFullRank) {
  // Columns with large means and a small spread: centring keeps this accurate.
  const int n = 100;
  MatrixXd x(n, 2);
  VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = 1e6 + i;
    x(i, 1) = 1e6 + (i * 37) % 11;
    y(i) = 3 + 2e-3 * x(i, 0) - 1e-3 * x(i, 1) + 0.01 * ((i * 17) % 5);
  }
  auto fit = ols(x, y, OlsOptions{});
  MatrixXd z = with_constant(x);
  VectorXd b = z.colPivHouseholderQr().solve(y);
  EXPECT_EQ(fit.rank, 3);
  EXPECT_NEAR(fit.coef(0), b(0), 1e-9);
  EXPECT_NEAR(fit.coef(1), b(1), 1e-9);
  EXPECT_NEAR(fit.coef(2), b(2), 1e-6 * std::abs(b(2)));
}
