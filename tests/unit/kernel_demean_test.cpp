// Kernel fixed-effects transforms: group codes, the within transformation and
// alternating projections, each checked against OLS with explicit dummies.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <random>
#include <vector>

#include "xtdo/kernel/demean.hpp"
#include "xtdo/kernel/groups.hpp"
#include "xtdo/kernel/hdfe.hpp"
#include "xtdo/kernel/ols.hpp"

using Eigen::MatrixXd;
using Eigen::VectorXd;
using namespace xtdo::kernel;

namespace {

// Unbalanced panel: `n_id` ids with 2..6 observations, `n_t` time levels.
struct Panel {
  std::vector<int32_t> id, t;
  MatrixXd x;
  VectorXd y, w;
  int32_t n_id = 0, n_t = 0;
};

Panel make_panel(int n_id, int n_t, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Panel p;
  p.n_id = n_id;
  p.n_t = n_t;
  std::vector<double> xs0, xs1, ys, ws;
  for (int i = 0; i < n_id; ++i) {
    const int len = 2 + (i * 5) % 5;
    const double alpha = normal(rng);
    for (int s = 0; s < len; ++s) {
      const int32_t tt = (i + 2 * s) % n_t;
      const double x0 = normal(rng) + alpha, x1 = normal(rng) + 0.3 * tt;
      p.id.push_back(i);
      p.t.push_back(tt);
      xs0.push_back(x0);
      xs1.push_back(x1);
      ys.push_back(1 + 0.5 * x0 - 0.25 * x1 + 2 * alpha + 0.1 * tt + normal(rng));
      ws.push_back(1 + (i + s) % 3);
    }
  }
  const int n = static_cast<int>(ys.size());
  p.x.resize(n, 2);
  p.y.resize(n);
  p.w.resize(n);
  for (int r = 0; r < n; ++r) {
    p.x(r, 0) = xs0[r];
    p.x(r, 1) = xs1[r];
    p.y(r) = ys[r];
    p.w(r) = ws[r];
  }
  return p;
}

MatrixXd dummies(const std::vector<int32_t>& code, int32_t n_levels, bool drop_first) {
  const int first = drop_first ? 1 : 0;
  MatrixXd d = MatrixXd::Zero(static_cast<int>(code.size()), n_levels - first);
  for (size_t r = 0; r < code.size(); ++r)
    if (code[r] >= first) d(static_cast<int>(r), code[r] - first) = 1.0;
  return d;
}

}  // namespace

TEST(KernelGroups, EncodesInAscendingOrder) {
  std::vector<double> v{5, 3, 5, 9, 3, 3};
  auto g = encode_groups(v);
  EXPECT_EQ(g.n_groups, 3);
  EXPECT_EQ(g.code, (std::vector<int32_t>{1, 0, 1, 2, 0, 0}));
  auto counts = group_counts(g.code, g.n_groups);
  EXPECT_EQ(counts, (std::vector<int64_t>{3, 2, 1}));

  std::vector<double> a{1, 1, 2, 2}, b{7, 8, 7, 7};
  auto gt = encode_group_tuples({a, b});
  EXPECT_EQ(gt.n_groups, 3);
  EXPECT_EQ(gt.code, (std::vector<int32_t>{0, 1, 2, 2}));
}

TEST(KernelDemean, WithinEqualsDummyRegression) {
  Panel p = make_panel(40, 6, 11);
  const int n = static_cast<int>(p.y.size());
  MatrixXd data(n, 3);
  data << p.y, p.x;
  demean_within(data, p.id, p.n_id, VectorXd(), WithinOptions{});
  OlsOptions nocons;
  nocons.constant = false;
  auto within = ols(data.rightCols(2), data.col(0), nocons);

  MatrixXd lsdv(n, 2 + p.n_id - 1);
  lsdv << p.x, dummies(p.id, p.n_id, true);
  auto dummy = ols(lsdv, p.y, OlsOptions{});
  EXPECT_NEAR(within.coef(0), dummy.coef(0), 1e-10);
  EXPECT_NEAR(within.coef(1), dummy.coef(1), 1e-10);
  EXPECT_NEAR(within.rss, dummy.rss, 1e-8 * dummy.rss);
}

TEST(KernelDemean, WeightedWithinAndGrandMean) {
  Panel p = make_panel(30, 5, 12);
  const int n = static_cast<int>(p.y.size());
  // Weights constant within id, as xtreg requires.
  VectorXd w(n);
  for (int r = 0; r < n; ++r) w(r) = 1 + p.id[r] % 4;
  MatrixXd data(n, 3);
  data << p.y, p.x;
  WithinOptions opt;
  opt.add_grand_mean = true;
  auto res = demean_within(data, p.id, p.n_id, w, opt);
  OlsOptions o;
  o.weight_kind = WeightKind::kAnalytic;
  auto fe = ols(data.rightCols(2), data.col(0), w, o);

  MatrixXd lsdv(n, 2 + p.n_id - 1);
  lsdv << p.x, dummies(p.id, p.n_id, true);
  auto dummy = ols(lsdv, p.y, w, o);
  EXPECT_NEAR(fe.coef(0), dummy.coef(0), 1e-10);
  EXPECT_NEAR(fe.coef(1), dummy.coef(1), 1e-10);
  // With the grand mean added back, _cons = ȳ − x̄'b over the weighted sample.
  const double cons =
      res.grand_mean(0) - res.grand_mean(1) * fe.coef(0) - res.grand_mean(2) * fe.coef(1);
  EXPECT_NEAR(fe.coef(2), cons, 1e-10);
  EXPECT_NEAR(fe.rss, dummy.rss, 1e-8 * dummy.rss);
}

TEST(KernelHdfe, OneFactorMatchesWithinInOneSweep) {
  Panel p = make_panel(25, 4, 13);
  const int n = static_cast<int>(p.y.size());
  MatrixXd a(n, 3), b(n, 3);
  a << p.y, p.x;
  b = a;
  demean_within(a, p.id, p.n_id, VectorXd(), WithinOptions{});
  auto res = demean_hdfe(b, {FixedEffect{p.id, p.n_id}}, VectorXd(), HdfeOptions{});
  EXPECT_TRUE(res.converged);
  EXPECT_EQ(res.iterations, 1);
  EXPECT_LT((a - b).norm(), 1e-12 * a.norm());
}

TEST(KernelHdfe, TwoFactorsEqualTwoSetsOfDummies) {
  for (bool weighted : {false, true}) {
    Panel p = make_panel(60, 7, 14);
    const int n = static_cast<int>(p.y.size());
    VectorXd w = weighted ? p.w : VectorXd();
    MatrixXd data(n, 3);
    data << p.y, p.x;
    HdfeOptions opt;
    opt.tolerance = 1e-12;
    auto res = demean_hdfe(data, {FixedEffect{p.id, p.n_id}, FixedEffect{p.t, p.n_t}}, w, opt);
    EXPECT_TRUE(res.converged);
    EXPECT_GT(res.iterations, 1);
    OlsOptions nocons;
    nocons.constant = false;
    nocons.weight_kind = weighted ? WeightKind::kFrequency : WeightKind::kNone;
    auto hd = ols(data.rightCols(2), data.col(0), w, nocons);

    MatrixXd lsdv(n, 2 + (p.n_id - 1) + (p.n_t - 1));
    lsdv << p.x, dummies(p.id, p.n_id, true), dummies(p.t, p.n_t, true);
    OlsOptions o;
    o.weight_kind = nocons.weight_kind;
    auto dummy = ols(lsdv, p.y, w, o);
    EXPECT_NEAR(hd.coef(0), dummy.coef(0), 1e-8);
    EXPECT_NEAR(hd.coef(1), dummy.coef(1), 1e-8);
    EXPECT_NEAR(hd.rss, dummy.rss, 1e-7 * dummy.rss);
  }
}

TEST(KernelHdfe, ReportsNonConvergence) {
  Panel p = make_panel(60, 7, 15);
  const int n = static_cast<int>(p.y.size());
  MatrixXd data(n, 1);
  data << p.y;
  HdfeOptions opt;
  opt.tolerance = 1e-15;
  opt.max_iterations = 2;
  auto res =
      demean_hdfe(data, {FixedEffect{p.id, p.n_id}, FixedEffect{p.t, p.n_t}}, VectorXd(), opt);
  EXPECT_FALSE(res.converged);
  EXPECT_EQ(res.iterations, 2);
  EXPECT_GT(res.max_change, 1e-15);
}
