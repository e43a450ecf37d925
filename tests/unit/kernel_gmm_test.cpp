// Kernel GMM: the invsym() generalized inverse, one-step GMM with H = I as
// 2SLS, the just-identified case as IV, and the one-step robust sandwich.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>

#include "xtdo/kernel/gmm.hpp"

using Eigen::MatrixXd;
using Eigen::VectorXd;
using xtdo::kernel::GmmOptions;
using xtdo::kernel::GmmSystem;

namespace {

struct Data {
  MatrixXd x, z;
  VectorXd y;
};

// n groups of `rows` observations: y = x b + e, x correlated with e, z exogenous.
Data simulate(int n, int rows, int instruments, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd;
  const int m = n * rows;
  Data d;
  d.z.resize(m, instruments);
  d.x.resize(m, 2);
  d.y.resize(m);
  for (int i = 0; i < m; ++i) {
    for (int c = 0; c < instruments; ++c) d.z(i, c) = nd(rng);
    const double e = nd(rng);
    d.x(i, 0) = d.z.row(i).sum() + 0.5 * e + nd(rng);
    d.x(i, 1) = d.z(i, 0) - d.z(i, instruments - 1) + nd(rng);
    d.y(i) = 1.5 * d.x(i, 0) - 0.7 * d.x(i, 1) + e;
  }
  return d;
}

GmmSystem system_of(const Data& d, int rows) {
  GmmSystem sys;
  sys.rows_per_group = rows;
  sys.x = d.x;
  sys.y = d.y;
  sys.z = d.z;
  sys.h = MatrixXd::Identity(rows, rows);
  sys.sigma_rows = VectorXd::Ones(rows);
  sys.sigma_divisor = static_cast<double>(d.y.size());
  return sys;
}

}  // namespace

TEST(KernelGmm, InvsymInvertsAndDropsDependentColumnsInOrder) {
  MatrixXd a(3, 3);
  a << 4, 1, 0, 1, 3, 1, 0, 1, 2;
  auto full = xtdo::kernel::invsym(a);
  EXPECT_EQ(full.dropped, 0);
  EXPECT_LT((full.inv - a.inverse()).norm(), 1e-12);

  MatrixXd b(4, 2);
  b << 1, 2, 3, 1, 0, 1, 2, 2;
  MatrixXd x(4, 3);
  x << b, b.col(0) + b.col(1);  // third column depends on the first two
  const MatrixXd s = x.transpose() * x;
  auto g = xtdo::kernel::invsym(s);
  EXPECT_EQ(g.dropped, 1);
  EXPECT_EQ(g.kept[2], 0);
  EXPECT_EQ(xtdo::kernel::diag0cnt(g.inv), 1);
  EXPECT_LT((s * g.inv * s - s).norm(), 1e-9);  // a generalized inverse
}

TEST(KernelGmm, OneStepWithIdentityHIs2SLS) {
  const Data d = simulate(60, 3, 4, 7);
  auto fit = xtdo::kernel::gmm_fit(system_of(d, 3), GmmOptions{});
  const MatrixXd pz = d.z * (d.z.transpose() * d.z).inverse() * d.z.transpose();
  const VectorXd b2sls = (d.x.transpose() * pz * d.x).ldlt().solve(d.x.transpose() * pz * d.y);
  EXPECT_LT((fit.b - b2sls).norm(), 1e-10);
  // σ² = e'e / N and V = σ²(X'Pz X)^-1, the 2SLS VCE.
  const VectorXd e = d.y - d.x * b2sls;
  const MatrixXd v = e.squaredNorm() / d.y.size() * (d.x.transpose() * pz * d.x).inverse();
  EXPECT_LT((fit.v - v).norm(), 1e-10 * v.norm());
  EXPECT_EQ(fit.j0, 4);
}

TEST(KernelGmm, JustIdentifiedIsIVWithZeroJ) {
  Data d = simulate(50, 2, 2, 11);
  GmmOptions two;
  two.twostep = true;
  two.robust = true;
  auto fit = xtdo::kernel::gmm_fit(system_of(d, 2), two);
  const VectorXd biv = (d.z.transpose() * d.x).lu().solve(d.z.transpose() * d.y);
  EXPECT_LT((fit.b - biv).norm(), 1e-9);
  EXPECT_NEAR(fit.sargan, 0, 1e-9);
  EXPECT_NEAR(fit.hansen, 0, 1e-9);
}

TEST(KernelGmm, OneStepRobustIsTheClusteredSandwich) {
  const int rows = 4;
  const Data d = simulate(40, rows, 3, 5);
  GmmOptions robust;
  robust.robust = true;
  auto fit = xtdo::kernel::gmm_fit(system_of(d, rows), robust);
  const MatrixXd a = (d.z.transpose() * d.z).inverse();
  const MatrixXd xz = d.x.transpose() * d.z;
  const MatrixXd bread = (xz * a * xz.transpose()).inverse() * xz * a;
  const VectorXd e = d.y - d.x * fit.b;
  MatrixXd meat = MatrixXd::Zero(3, 3);
  for (int g = 0; g < 40; ++g) {
    const VectorXd u = d.z.middleRows(g * rows, rows).transpose() * e.segment(g * rows, rows);
    meat += u * u.transpose();
  }
  const MatrixXd v = bread * meat * bread.transpose();
  EXPECT_LT((fit.v - v).norm(), 1e-10 * v.norm());
  EXPECT_TRUE(fit.has_hansen);
}
