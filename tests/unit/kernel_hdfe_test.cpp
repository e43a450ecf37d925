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

namespace {

// Random unbalanced two- or three-way design: `n` observations drawn from levels.
struct Design3 {
  std::vector<std::vector<int32_t>> codes;
  std::vector<int32_t> levels;
  MatrixXd x;  // n × cols
};
Design3 random_design(int n, const std::vector<int32_t>& levels, int cols, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Design3 d;
  d.levels = levels;
  for (int32_t l : levels) {
    std::uniform_int_distribution<int32_t> pick(0, l - 1);
    std::vector<int32_t> c(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r)
      c[static_cast<size_t>(r)] = r < l ? r : pick(rng);  // every level used
    d.codes.push_back(std::move(c));
  }
  d.x.resize(n, cols);
  for (int r = 0; r < n; ++r)
    for (int j = 0; j < cols; ++j)
      d.x(r, j) = normal(rng) + 0.3 * (d.codes[0][static_cast<size_t>(r)] % 7) +
                  (j + 1) * 0.1 * d.codes.back()[static_cast<size_t>(r)];
  return d;
}

std::vector<FixedEffect> effects_of(const Design3& d) {
  std::vector<FixedEffect> fe;
  for (size_t f = 0; f < d.codes.size(); ++f) fe.push_back({d.codes[f], d.levels[f]});
  return fe;
}

// Residual of column c from the coefficients (rows optionally indexed).
VectorXd coefficient_residual(const HdfeCoefficients& hc, const Design3& d, const double* x,
                              const int64_t* rows, size_t c) {
  const Eigen::Index n = d.x.rows();
  VectorXd out(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double v = x[rows ? rows[i] : i];
    for (size_t f = 0; f < d.codes.size(); ++f)
      v -= hc.coef[c][f][static_cast<size_t>(d.codes[f][static_cast<size_t>(i)])];
    out(i) = v;
  }
  return out;
}

}  // namespace

// The coefficient form equals demean_hdfe's residuals (same iterates) and the
// residuals of OLS on the dummies, for one, two and three factors, on one worker
// and on two, with the data read in place or through a row index.
TEST(KernelHdfeCoefficients, EqualInPlaceSweepsAndDummyRegression) {
  for (const auto& levels : std::vector<std::vector<int32_t>>{{40}, {300, 12}, {200, 9, 5}}) {
    for (int n : {1500, 30000}) {
      const Design3 d = random_design(n, levels, 5, 11u + static_cast<unsigned>(n));
      const auto fe = effects_of(d);
      HdfeOptions o;
      o.tolerance = 1e-12;
      MatrixXd inplace = d.x;
      const HdfeResult hr = demean_hdfe(inplace, fe, VectorXd(), o);
      ASSERT_TRUE(hr.converged);
      std::vector<const double*> cols;
      for (Eigen::Index j = 0; j < d.x.cols(); ++j) cols.push_back(d.x.col(j).data());
      const HdfeCoefficients hc = hdfe_coefficients(cols, nullptr, n, fe, o);
      ASSERT_TRUE(hc.complete);
      EXPECT_TRUE(hc.result.converged);
      EXPECT_EQ(hc.result.iterations, hr.iterations);
      // The same data spread out with a row index: rows 2i of a longer column.
      MatrixXd spread = MatrixXd::Zero(2 * n, d.x.cols());
      std::vector<int64_t> rows(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) {
        rows[static_cast<size_t>(i)] = 2 * i;
        spread.row(2 * i) = d.x.row(i);
      }
      std::vector<const double*> scols;
      for (Eigen::Index j = 0; j < spread.cols(); ++j) scols.push_back(spread.col(j).data());
      const HdfeCoefficients hs = hdfe_coefficients(scols, rows.data(), n, fe, o);
      ASSERT_TRUE(hs.complete);
      // OLS on all the dummies (the first factor's full set, the others less one).
      MatrixXd dm(n, 0);
      for (size_t f = 0; f < levels.size(); ++f) {
        const MatrixXd df = dummies(d.codes[f], levels[f], f > 0);
        MatrixXd both(n, dm.cols() + df.cols());
        both << dm, df;
        dm = both;
      }
      const Eigen::ColPivHouseholderQR<MatrixXd> qr(dm);
      for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
        const VectorXd r =
            coefficient_residual(hc, d, d.x.col(j).data(), nullptr, static_cast<size_t>(j));
        const VectorXd rs =
            coefficient_residual(hs, d, spread.col(j).data(), rows.data(), static_cast<size_t>(j));
        const VectorXd exact = d.x.col(j) - dm * qr.solve(VectorXd(d.x.col(j)));
        const double scale = d.x.col(j).norm();
        EXPECT_LT((r - inplace.col(j)).norm(), 1e-12 * scale)
            << "levels " << levels.size() << " n " << n;
        EXPECT_LT((rs - r).norm(), 1e-13 * scale);
        EXPECT_LT((r - exact).norm(), 1e-9 * scale);
      }
    }
  }
}

// A design the plain sweeps mix slowly on (a chain of firms) is reported as not
// complete, so that the caller falls back to demean_hdfe's phase 2.
TEST(KernelHdfeCoefficients, SlowDesignIsIncomplete) {
  const int firms = 60, n = 2 * firms;
  std::vector<int32_t> worker(n), firm(n);
  for (int f = 0; f < firms; ++f) {
    worker[2 * f] = f;
    firm[2 * f] = f;
    worker[2 * f + 1] = f;
    firm[2 * f + 1] = (f + 1) % firms;
  }
  VectorXd x = VectorXd::LinSpaced(n, 0, 1).array().square();
  HdfeOptions o;
  o.tolerance = 1e-12;
  const HdfeCoefficients hc =
      hdfe_coefficients({x.data()}, nullptr, n, {{worker, firms}, {firm, firms}}, o);
  EXPECT_FALSE(hc.complete);
}
