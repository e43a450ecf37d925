// The reghdfe kernel pieces against hand computations: CG partialling on a hard
// (chain) design, singleton dropping, mobility groups, intersections, and the
// multi-way cluster VCE against an explicit Cameron–Gelbach–Miller sum.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>
#include <vector>

#include "xtdo/kernel/hdfe.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/kernel/vce.hpp"

using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace xtdo::kernel;

namespace {

MatrixXd dummies(const std::vector<int32_t>& code, int32_t levels, bool drop_first) {
  const int n = static_cast<int>(code.size());
  MatrixXd d = MatrixXd::Zero(n, levels - (drop_first ? 1 : 0));
  for (int r = 0; r < n; ++r) {
    const int c = code[r] - (drop_first ? 1 : 0);
    if (c >= 0) d(r, c) = 1;
  }
  return d;
}

}  // namespace

namespace {

// Workers move only between adjacent firms: plain alternating projections mix
// slowly here. With `blocks` = 2 the workers and firms split into two
// disconnected halves (two mobility groups: the normal equations have a second
// redundant level, so the direct solve is refused and CG takes over).
void check_chain(int blocks, bool weighted) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  const int n_worker = 120, n_firm = 30, periods = 5;
  const int firms_per_block = n_firm / blocks, workers_per_block = n_worker / blocks;
  std::vector<int32_t> worker, firm;
  std::vector<double> xs, ys, ws;
  for (int i = 0; i < n_worker; ++i) {
    const int block = i / workers_per_block;
    int f = i % firms_per_block;
    for (int s = 0; s < periods; ++s) {
      if (s > 0 && (i + s) % 4 == 0) f = std::min(firms_per_block - 1, f + 1);
      worker.push_back(i);
      firm.push_back(block * firms_per_block + f);
      const double x = normal(rng) + 0.1 * f;
      xs.push_back(x);
      ys.push_back(0.7 * x + 0.05 * i + 0.2 * f + normal(rng));
      ws.push_back(1 + (i + s) % 3);
    }
  }
  const int n = static_cast<int>(ys.size());
  MatrixXd data(n, 2);
  VectorXd w(n);
  for (int r = 0; r < n; ++r) data(r, 0) = ys[r], data(r, 1) = xs[r], w(r) = ws[r];
  if (!weighted) w = VectorXd();
  VectorXd y0 = data.col(0), x0 = data.col(1);
  HdfeOptions opt;
  opt.tolerance = 1e-12;
  auto res = demean_hdfe(data, {FixedEffect{worker, n_worker}, FixedEffect{firm, n_firm}}, w, opt);
  EXPECT_TRUE(res.converged);
  OlsOptions nocons;
  nocons.constant = false;
  nocons.weight_kind = weighted ? WeightKind::kFrequency : WeightKind::kNone;
  auto hd = ols(data.rightCols(1), data.col(0), w, nocons);
  MatrixXd lsdv(n, 1 + (n_worker - 1) + (n_firm - 1));
  lsdv << x0, dummies(worker, n_worker, true), dummies(firm, n_firm, true);
  OlsOptions o;
  o.weight_kind = nocons.weight_kind;
  auto dummy = ols(lsdv, y0, w, o);
  EXPECT_NEAR(hd.coef(0), dummy.coef(0), 1e-9) << blocks << weighted;
  EXPECT_NEAR(hd.rss, dummy.rss, 1e-8 * dummy.rss) << blocks << weighted;
  EXPECT_EQ(mobility_groups({worker, n_worker}, {firm, n_firm}), blocks);
}

}  // namespace

TEST(KernelHdfeSlow, ChainDesignEqualsDummies) {
  check_chain(1, false);
  check_chain(1, true);
  check_chain(2, false);
  check_chain(2, true);
}

TEST(KernelHdfeSingletons, DroppedIteratively) {
  // a: levels 0 0 1 1 2 ; b: levels 0 1 0 2 2
  // Row 4 is alone in a=2 → dropped; then b=2 has only row 3 → dropped; then a=1 has
  // only row 2 → dropped; then b=0 has only row 0 → dropped; then a=0 has row 1 only.
  std::vector<int32_t> a = {0, 0, 1, 1, 2}, b = {0, 1, 0, 2, 2};
  auto keep = drop_singletons({FixedEffect{a, 3}, FixedEffect{b, 3}}, VectorXd());
  EXPECT_EQ(keep, (std::vector<uint8_t>{0, 0, 0, 0, 0}));
  std::vector<int32_t> c = {0, 0, 1, 1, 1, 2}, d = {0, 1, 0, 1, 1, 0};
  keep = drop_singletons({FixedEffect{c, 3}, FixedEffect{d, 2}}, VectorXd());
  EXPECT_EQ(keep, (std::vector<uint8_t>{1, 1, 1, 1, 1, 0}));
  // A frequency weight of 2 makes a single row a pair.
  VectorXd fw = VectorXd::Ones(6);
  fw(5) = 2;
  keep = drop_singletons({FixedEffect{c, 3}, FixedEffect{d, 2}}, fw);
  EXPECT_EQ(keep, (std::vector<uint8_t>{1, 1, 1, 1, 1, 1}));
  int32_t levels = 0;
  auto compact = compact_codes(c, 3, {1, 1, 0, 0, 0, 1}, &levels);
  EXPECT_EQ(levels, 2);
  EXPECT_EQ(compact, (std::vector<int32_t>{0, 0, 1}));
}

TEST(KernelHdfeDof, MobilityGroupsAndIntersections) {
  // Two disconnected blocks: {a0,a1} x {b0,b1} and {a2} x {b2}.
  std::vector<int32_t> a = {0, 0, 1, 1, 2, 2}, b = {0, 1, 1, 0, 2, 2};
  EXPECT_EQ(mobility_groups({a, 3}, {b, 3}), 2);
  int32_t cells = 0;
  auto ab = intersect_codes({a, 3}, {b, 3}, &cells);
  EXPECT_EQ(cells, 5);
  EXPECT_EQ(ab, (std::vector<int32_t>{0, 1, 3, 2, 4, 4}));
}

TEST(KernelVceMultiway, TwoWayEqualsHandComputation) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal;
  const int n = 240;
  std::vector<int32_t> c1(n), c2(n);
  MatrixXd x(n, 2);
  VectorXd y(n);
  for (int r = 0; r < n; ++r) {
    c1[r] = r % 12;
    c2[r] = (r / 12 + r % 5) % 9;
    x(r, 0) = normal(rng);
    x(r, 1) = normal(rng) + 0.1 * c1[r];
    y(r) = 1 + x(r, 0) - x(r, 1) + 0.3 * c1[r] + normal(rng);
  }
  auto fit = ols(x, y, OlsOptions{});
  ClusterOptions co;
  co.dof_k = 3;
  auto one = vce_cluster_multiway(x, fit, {ClusterCodes{c1, 12}}, co);
  auto ref = vce_cluster(x, fit, c1, 12, co);
  EXPECT_LT((one.v - ref.v).norm(), 1e-14 * ref.v.norm());

  // By hand: scores s_i = e_i z_i with z = (x, 1); meats over c1, c2 and c1∩c2.
  MatrixXd z(n, 3);
  z << x, VectorXd::Ones(n);
  auto meat = [&](const std::vector<int32_t>& code, int levels) {
    MatrixXd u = MatrixXd::Zero(levels, 3);
    for (int r = 0; r < n; ++r) u.row(code[r]) += fit.resid(r) * z.row(r);
    return MatrixXd(u.transpose() * u);
  };
  std::vector<int32_t> c12(n);
  for (int r = 0; r < n; ++r) c12[r] = c1[r] * 9 + c2[r];
  const MatrixXd bread = (z.transpose() * z).inverse();
  const MatrixXd m = meat(c1, 12) + meat(c2, 9) - meat(c12, 108);
  const double q = (9.0 / 8.0) * (n - 1.0) / (n - 3.0);  // G = min(12, 9)
  MatrixXd hand = q * bread * m * bread;
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(hand);
  auto two = vce_cluster_multiway(x, fit, {ClusterCodes{c1, 12}, ClusterCodes{c2, 9}}, co);
  EXPECT_EQ(two.n_clusters, 9);
  if (es.eigenvalues().minCoeff() >= 0) {
    EXPECT_FALSE(two.psd_fixed);
    EXPECT_LT((two.v - hand).norm(), 1e-10 * hand.norm());
  } else {
    EXPECT_TRUE(two.psd_fixed);
  }
}
