// The IV kernel against identities: just-identified 2SLS = (Z'X)⁻¹Z'y, LIML with as
// many instruments as endogenous regressors = 2SLS (λ = 1), k-class with k = 0 = OLS,
// two-way clustering on one variable twice = one-way, and with one endogenous
// regressor the Kleibergen-Paap rk Wald statistic = the robust Wald test of the
// excluded instruments in the first stage.
#include <gtest/gtest.h>

#include <random>

#include "xtdo/kernel/iv.hpp"

namespace {

using xtdo::kernel::IvData;
using xtdo::kernel::IvEstimator;
using xtdo::kernel::IvMeat;
using xtdo::kernel::IvOptions;

IvData simulate(int n, int l1, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd;
  IvData d;
  d.z1.resize(n, l1);
  d.x1.resize(n, 1);
  d.x2.resize(n, 2);
  d.y.resize(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < l1; ++j) d.z1(i, j) = nd(rng);
    const double u = nd(rng), w = nd(rng);
    d.x2(i, 0) = w;
    d.x2(i, 1) = 1;
    d.x1(i, 0) = 0.6 * d.z1(i, 0) + (l1 > 1 ? 0.3 * d.z1(i, 1) : 0) + 0.2 * w + 0.5 * u + nd(rng);
    d.y(i) = 1 + 0.8 * d.x1(i, 0) - 0.4 * w + u * (1 + 0.5 * std::abs(w));
  }
  return d;
}

Eigen::MatrixXd hcat(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd out(a.rows(), a.cols() + b.cols());
  out << a, b;
  return out;
}

TEST(KernelIv, JustIdentifiedIsIndirectLeastSquares) {
  const IvData d = simulate(400, 1, 7);
  const Eigen::MatrixXd x = hcat(d.x1, d.x2), z = hcat(d.z1, d.x2);
  const Eigen::VectorXd b = (z.transpose() * x).lu().solve(z.transpose() * d.y);
  const auto fit = xtdo::kernel::iv_fit(d, IvOptions{});
  EXPECT_LT((fit.coef - b).norm(), 1e-10 * b.norm());
}

TEST(KernelIv, LimlWithOneInstrumentIs2sls) {
  const IvData d = simulate(300, 1, 11);
  IvOptions liml;
  liml.estimator = IvEstimator::kLiml;
  const auto a = xtdo::kernel::iv_fit(d, IvOptions{});
  const auto b = xtdo::kernel::iv_fit(d, liml);
  EXPECT_NEAR(b.lambda, 1.0, 1e-10);
  EXPECT_LT((a.coef - b.coef).norm(), 1e-9);
  EXPECT_LT((a.v - b.v).norm(), 1e-9 * a.v.norm());
}

TEST(KernelIv, KclassZeroIsOls) {
  const IvData d = simulate(300, 2, 13);
  IvOptions k0;
  k0.estimator = IvEstimator::kKclass;
  k0.kclass = 0;
  const auto fit = xtdo::kernel::iv_fit(d, k0);
  const Eigen::MatrixXd x = hcat(d.x1, d.x2);
  const Eigen::VectorXd b = (x.transpose() * x).ldlt().solve(x.transpose() * d.y);
  EXPECT_LT((fit.coef - b).norm(), 1e-10 * b.norm());
}

TEST(KernelIv, TwoWayClusterOnTheSameVariableIsOneWay) {
  const IvData d = simulate(200, 2, 17);
  std::vector<int32_t> g(200);
  for (int i = 0; i < 200; ++i) g[static_cast<size_t>(i)] = i / 10;
  Eigen::MatrixXd s = hcat(d.z1, d.x2);
  IvMeat one, two;
  one.kind = two.kind = IvMeat::Kind::kCluster;
  one.cluster = {g};
  one.n_clusters = {20};
  two.cluster = {g, g};
  two.n_clusters = {20, 20};
  const Eigen::MatrixXd a = xtdo::kernel::iv_meat(s, one), b = xtdo::kernel::iv_meat(s, two);
  EXPECT_LT((a - b).norm(), 1e-10 * a.norm());
}

TEST(KernelIv, KleibergenPaapWaldWithOneEndogenousIsRobustFirstStageWald) {
  const IvData d = simulate(500, 3, 19);
  IvMeat robust;
  robust.kind = IvMeat::Kind::kRobust;
  const auto id = xtdo::kernel::iv_identification(d, robust);
  // Robust Wald test of Z1 in the regression of X1 on [Z1 X2] (no small-sample factor).
  const Eigen::MatrixXd z = hcat(d.z1, d.x2);
  const Eigen::MatrixXd zz_inv = (z.transpose() * z).inverse();
  const Eigen::VectorXd pi = zz_inv * z.transpose() * d.x1.col(0);
  const Eigen::VectorXd e = d.x1.col(0) - z * pi;
  const Eigen::MatrixXd sc = z.array().colwise() * e.array();
  const Eigen::MatrixXd v = zz_inv * (sc.transpose() * sc) * zz_inv;
  const Eigen::VectorXd p1 = pi.head(3);
  const double wald = p1.dot(v.topLeftCorner(3, 3).ldlt().solve(p1));
  EXPECT_NEAR(id.kp_wald / wald, 1.0, 1e-8);
}

}  // namespace
