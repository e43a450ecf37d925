// Kernel VCEs against the textbook formulas written out with dense matrices.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <vector>

#include "xtdo/kernel/ols.hpp"
#include "xtdo/kernel/vce.hpp"

using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace xtdo::kernel;

namespace {

// A tiny data set: 8 observations in 3 clusters.
struct Tiny {
  MatrixXd x{8, 1};
  VectorXd y{8};
  std::vector<int32_t> cl{0, 0, 0, 1, 1, 2, 2, 2};
  Tiny() {
    x << 1, 2, 3, 4, 5, 6, 7, 9;
    y << 2.1, 3.9, 6.2, 7.8, 10.5, 11.7, 14.4, 17.0;
  }
  MatrixXd z() const {
    MatrixXd out(8, 2);
    out << x, VectorXd::Ones(8);
    return out;
  }
};

double rel(const MatrixXd& a, const MatrixXd& b) { return (a - b).norm() / b.norm(); }

}  // namespace

TEST(KernelVce, ConventionalIsS2TimesInverse) {
  Tiny t;
  auto fit = ols(t.x, t.y, OlsOptions{});
  MatrixXd z = t.z();
  VectorXd b = (z.transpose() * z).ldlt().solve(z.transpose() * t.y);
  VectorXd e = t.y - z * b;
  MatrixXd v = e.squaredNorm() / 6.0 * (z.transpose() * z).inverse();
  auto out = vce_conventional(fit, fit.df_r);
  EXPECT_LT(rel(out.v, v), 1e-10);
}

TEST(KernelVce, Hc1ByHand) {
  Tiny t;
  auto fit = ols(t.x, t.y, OlsOptions{});
  MatrixXd z = t.z();
  MatrixXd inv = (z.transpose() * z).inverse();
  VectorXd e = t.y - z * (inv * z.transpose() * t.y);
  MatrixXd meat = z.transpose() * e.array().square().matrix().asDiagonal() * z;
  MatrixXd v = inv * meat * inv * (8.0 / 6.0);
  auto out = vce_robust(t.x, fit, RobustOptions{});
  EXPECT_LT(rel(out.v, v), 1e-10);
  EXPECT_NEAR(out.scale, 8.0 / 6.0, 1e-15);

  // A different k in N/(N−k).
  RobustOptions o;
  o.dof_k = 4;
  auto out4 = vce_robust(t.x, fit, o);
  EXPECT_LT(rel(out4.v, inv * meat * inv * (8.0 / 4.0)), 1e-10);
}

TEST(KernelVce, Hc2Hc3ByHand) {
  Tiny t;
  auto fit = ols(t.x, t.y, OlsOptions{});
  MatrixXd z = t.z();
  MatrixXd inv = (z.transpose() * z).inverse();
  MatrixXd hat = z * inv * z.transpose();
  VectorXd e = t.y - hat * t.y;
  VectorXd c2 = e.array().square() / (1 - hat.diagonal().array());
  VectorXd c3 = e.array().square() / (1 - hat.diagonal().array()).square();
  MatrixXd v2 = inv * (z.transpose() * c2.asDiagonal() * z) * inv;
  MatrixXd v3 = inv * (z.transpose() * c3.asDiagonal() * z) * inv;
  RobustOptions o;
  o.kind = RobustKind::kHC2;
  EXPECT_LT(rel(vce_robust(t.x, fit, o).v, v2), 1e-10);
  o.kind = RobustKind::kHC3;
  EXPECT_LT(rel(vce_robust(t.x, fit, o).v, v3), 1e-10);
}

TEST(KernelVce, ClusterByHand) {
  Tiny t;
  auto fit = ols(t.x, t.y, OlsOptions{});
  MatrixXd z = t.z();
  MatrixXd inv = (z.transpose() * z).inverse();
  VectorXd e = t.y - z * (inv * z.transpose() * t.y);
  MatrixXd meat = MatrixXd::Zero(2, 2);
  for (int g = 0; g < 3; ++g) {
    VectorXd u = VectorXd::Zero(2);
    for (int i = 0; i < 8; ++i)
      if (t.cl[i] == g) u += z.row(i).transpose() * e(i);
    meat += u * u.transpose();
  }
  const double qc = (3.0 / 2.0) * (7.0 / 6.0);
  MatrixXd v = qc * inv * meat * inv;
  auto out = vce_cluster(t.x, fit, t.cl, 3, ClusterOptions{});
  EXPECT_LT(rel(out.v, v), 1e-10);
  EXPECT_EQ(out.n_clusters, 3);
  EXPECT_NEAR(out.scale, qc, 1e-15);

  // Every observation its own cluster = HC1 with factor (N−1)/(N−k)·N/(N−1) = N/(N−k).
  std::vector<int32_t> own{0, 1, 2, 3, 4, 5, 6, 7};
  auto each = vce_cluster(t.x, fit, own, 8, ClusterOptions{});
  EXPECT_LT(rel(each.v, vce_robust(t.x, fit, RobustOptions{}).v), 1e-10);
}

TEST(KernelVce, WeightedRobustAndCluster) {
  Tiny t;
  VectorXd w(8);
  w << 1, 2, 1, 3, 1, 2, 2, 1;
  OlsOptions o;
  o.weight_kind = WeightKind::kAnalytic;
  auto fit = ols(t.x, t.y, w, o);
  VectorXd wn = w * 8.0 / w.sum();
  MatrixXd z = t.z();
  MatrixXd zw = z.array().colwise() * wn.array();
  MatrixXd inv = (z.transpose() * zw).inverse();
  VectorXd e = t.y - z * (inv * zw.transpose() * t.y);
  VectorXd c = (wn.array() * e.array()).square();
  MatrixXd v = inv * (z.transpose() * c.asDiagonal() * z) * inv * (8.0 / 6.0);
  EXPECT_LT(rel(vce_robust(t.x, fit, RobustOptions{}).v, v), 1e-10);

  MatrixXd meat = MatrixXd::Zero(2, 2);
  for (int g = 0; g < 3; ++g) {
    VectorXd u = VectorXd::Zero(2);
    for (int i = 0; i < 8; ++i)
      if (t.cl[i] == g) u += z.row(i).transpose() * wn(i) * e(i);
    meat += u * u.transpose();
  }
  MatrixXd vc = (1.5 * 7.0 / 6.0) * inv * meat * inv;
  EXPECT_LT(rel(vce_cluster(t.x, fit, t.cl, 3, ClusterOptions{}).v, vc), 1e-10);
}

TEST(KernelVce, OmittedTermsHaveZeroVariance) {
  Tiny t;
  MatrixXd x(8, 2);
  x << t.x, t.x * 3.0;
  auto fit = ols(x, t.y, OlsOptions{});
  ASSERT_EQ(fit.omitted[1], 1);
  auto rob = vce_robust(x, fit, RobustOptions{});
  EXPECT_EQ(rob.v.row(1).norm(), 0.0);
  auto ref = vce_robust(t.x, ols(t.x, t.y, OlsOptions{}), RobustOptions{});
  EXPECT_NEAR(rob.v(0, 0), ref.v(0, 0), 1e-12);
  EXPECT_NEAR(rob.v(2, 2), ref.v(1, 1), 1e-10);
}

TEST(KernelVce, WaldTestAndRank) {
  VectorXd b(3);
  b << 1.0, 2.0, 3.0;
  MatrixXd v = MatrixXd::Identity(3, 3) * 0.25;
  auto w = wald_test(b, v, {1, 1, 0});
  EXPECT_NEAR(w.statistic, (1.0 + 4.0) / 0.25, 1e-12);
  EXPECT_EQ(w.rank, 2);
  // A singular V (second term a copy of the first) has rank 1.
  MatrixXd vs(2, 2);
  vs << 1, 1, 1, 1;
  VectorXd b2(2);
  b2 << 2, 2;
  auto ws = wald_test(b2, vs, {1, 1});
  EXPECT_EQ(ws.rank, 1);
  EXPECT_NEAR(ws.statistic, 4.0, 1e-12);
}
