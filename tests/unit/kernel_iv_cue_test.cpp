// CUE and ivreg2's kernels against oracles: the i.i.d. CUE is LIML (ivreg2's help:
// "CUE with i.i.d. errors is LIML"), an exactly identified CUE is 2SLS with J = 0,
// the robust CUE's J is below two-step GMM's and its gradient vanishes; the analytic
// gradient matches finite differences under every meat; the spectral-window HAC sum
// equals a brute-force double sum over all pairs; bw(auto) equals a hand computation
// of Newey and West (1994) as ivreg2's abw does it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "xtdo/kernel/iv.hpp"

namespace {

using xtdo::kernel::IvData;
using xtdo::kernel::IvEstimator;
using xtdo::kernel::IvMeat;
using xtdo::kernel::IvOptions;

// y = 1 + 0.8 x1 − 0.4 w + u with heteroskedastic, AR(1) errors over `n` periods.
IvData simulate(int n, int l1, unsigned seed, double rho = 0.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd;
  IvData d;
  d.z1.resize(n, l1);
  d.x1.resize(n, 1);
  d.x2.resize(n, 2);
  d.y.resize(n);
  double u_prev = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < l1; ++j) d.z1(i, j) = nd(rng);
    const double u = rho * u_prev + nd(rng), w = nd(rng);
    u_prev = u;
    d.x2(i, 0) = w;
    d.x2(i, 1) = 1;
    d.x1(i, 0) = 0.5 * d.z1(i, 0) + (l1 > 1 ? 0.3 * d.z1(i, 1) : 0) +
                 (l1 > 2 ? 0.2 * d.z1(i, 2) : 0) + 0.2 * w + 0.5 * u + nd(rng);
    d.y(i) = 1 + 0.8 * d.x1(i, 0) - 0.4 * w + u * (1 + 0.5 * std::abs(w));
  }
  return d;
}

Eigen::MatrixXd hcat(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd out(a.rows(), a.cols() + b.cols());
  out << a, b;
  return out;
}

double rel(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(1.0, b.cwiseAbs().maxCoeff());
}

IvMeat time_meat(IvMeat::Kind kind, IvMeat::Kernel kernel, double bw, int n) {
  IvMeat m;
  m.kind = kind;
  m.kernel = kernel;
  m.bandwidth = bw;
  m.spectral_lags = n - 1;
  for (int i = 0; i < n; ++i) m.time.push_back(i + (i >= n / 2 ? 3 : 0));  // one gap
  return m;
}

TEST(KernelIvCue, IidCueIsLiml) {
  for (unsigned seed : {3u, 17u, 29u}) {
    const IvData d = simulate(400, 3, seed);
    IvOptions liml, cue;
    liml.estimator = IvEstimator::kLiml;
    cue.estimator = IvEstimator::kCue;
    const auto a = xtdo::kernel::iv_fit(d, liml);
    const auto b = xtdo::kernel::iv_fit(d, cue);
    ASSERT_TRUE(b.ok);
    EXPECT_TRUE(b.converged);
    EXPECT_LT(rel(b.coef, a.coef), 1e-9) << "seed " << seed;
    // At LIML, e'e = e'M_X2 e and e'M_Z e/e'e = 1/λ, so J = N(1 − 1/λ).
    EXPECT_NEAR(b.j, 400 * (1 - 1 / a.lambda), 1e-9 * b.j);
    // V = σ̂²(X'P_Z X)⁻¹ at the estimate.
    const Eigen::MatrixXd x = hcat(d.x1, d.x2), z = hcat(d.z1, d.x2);
    const Eigen::MatrixXd zx = z.transpose() * x;
    const Eigen::MatrixXd xpzx = zx.transpose() * (z.transpose() * z).ldlt().solve(zx);
    const Eigen::MatrixXd v = b.rss / 400 * xpzx.inverse();
    EXPECT_LT((b.v - v).norm(), 1e-9 * v.norm());
  }
}

TEST(KernelIvCue, ExactlyIdentifiedIs2slsWithZeroJ) {
  const IvData d = simulate(300, 1, 5);
  IvOptions tsls, cue;
  tsls.meat.kind = IvMeat::Kind::kRobust;
  cue.meat.kind = IvMeat::Kind::kRobust;
  cue.estimator = IvEstimator::kCue;
  IvOptions gmm = tsls;
  gmm.estimator = IvEstimator::kGmm2s;
  const auto a = xtdo::kernel::iv_fit(d, tsls);
  const auto b = xtdo::kernel::iv_fit(d, cue);
  const auto c = xtdo::kernel::iv_fit(d, gmm);
  EXPECT_LT(rel(b.coef, a.coef), 1e-10);
  EXPECT_LT(rel(c.coef, a.coef), 1e-10);
  EXPECT_EQ(b.j, 0.0);
  EXPECT_LT((b.v - c.v).norm(), 1e-9 * c.v.norm());
}

void expect_minimum(const IvData& d, const IvMeat& meat) {
  IvOptions cue, gmm;
  cue.estimator = IvEstimator::kCue;
  gmm.estimator = IvEstimator::kGmm2s;
  cue.meat = gmm.meat = meat;
  const auto b = xtdo::kernel::iv_fit(d, cue);
  const auto g = xtdo::kernel::iv_fit(d, gmm);
  ASSERT_TRUE(b.ok);
  EXPECT_TRUE(b.converged);
  const double j_gmm = xtdo::kernel::iv_cue_objective(d, meat, g.coef, nullptr);
  EXPECT_LE(b.j, j_gmm);
  Eigen::VectorXd grad;
  const double j = xtdo::kernel::iv_cue_objective(d, meat, b.coef, &grad);
  ASSERT_EQ(grad.size(), b.coef.size());
  EXPECT_NEAR(j, b.j, 1e-12 * std::max(1.0, j));
  for (Eigen::Index k = 0; k < grad.size(); ++k)
    EXPECT_LT(std::fabs(grad(k)) * std::max(1.0, std::fabs(b.coef(k))), 1e-7 * std::max(1.0, j))
        << "coefficient " << k;
  // A second start (2SLS) reaches the same minimum.
  IvOptions tsls;
  tsls.meat = meat;
  Eigen::VectorXd g2;
  const auto t = xtdo::kernel::iv_fit(d, tsls);
  EXPECT_GE(xtdo::kernel::iv_cue_objective(d, meat, t.coef, &g2), b.j);
}

TEST(KernelIvCue, RobustCueMinimises) {
  IvMeat m;
  m.kind = IvMeat::Kind::kRobust;
  expect_minimum(simulate(500, 3, 41), m);
}

TEST(KernelIvCue, ClusterAndHacCueMinimise) {
  const IvData d = simulate(240, 3, 43, 0.5);
  std::vector<int32_t> code(240);
  for (int i = 0; i < 240; ++i) code[static_cast<size_t>(i)] = i / 8;
  IvMeat cl;
  cl.kind = IvMeat::Kind::kCluster;
  cl.cluster = {code};
  cl.n_clusters = {30};
  expect_minimum(d, cl);
  expect_minimum(d, time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kBartlett, 4, 240));
  expect_minimum(d, time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kQuadraticSpectral, 3, 240));
  IvMeat ac = time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kParzen, 5, 240);
  ac.autocorrelation_only = true;
  expect_minimum(d, ac);
}

TEST(KernelIvCue, AnalyticGradientMatchesDifferences) {
  const IvData d = simulate(120, 3, 47, 0.4);
  std::vector<int32_t> c1(120), c2(120);
  for (int i = 0; i < 120; ++i) c1[static_cast<size_t>(i)] = i / 6, c2[static_cast<size_t>(i)] = i % 7;
  std::vector<IvMeat> meats;
  meats.emplace_back();  // i.i.d.
  meats.emplace_back();
  meats.back().kind = IvMeat::Kind::kRobust;
  meats.emplace_back();
  meats.back().kind = IvMeat::Kind::kCluster;
  meats.back().cluster = {c1, c2};
  meats.back().n_clusters = {20, 7};
  meats.push_back(time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kTent, 6, 120));
  meats.push_back(time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kDaniell, 6, 120));
  meats.push_back(time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kBartlett, 3, 120));
  meats.back().autocorrelation_only = true;
  meats.push_back(time_meat(IvMeat::Kind::kRobust, IvMeat::Kernel::kQuadraticSpectral, 2, 120));
  meats.back().autocorrelation_only = true;
  meats.back().dofminus = 4;
  Eigen::VectorXd b(3);
  b << 0.7, -0.3, 1.2;
  for (size_t m = 0; m < meats.size(); ++m) {
    Eigen::VectorXd grad;
    const double j = xtdo::kernel::iv_cue_objective(d, meats[m], b, &grad);
    ASSERT_TRUE(std::isfinite(j)) << "meat " << m;
    ASSERT_EQ(grad.size(), 3);
    for (Eigen::Index k = 0; k < 3; ++k) {
      Eigen::VectorXd up = b, down = b;
      up(k) += 1e-6;
      down(k) -= 1e-6;
      const double fd = (xtdo::kernel::iv_cue_objective(d, meats[m], up, nullptr) -
                         xtdo::kernel::iv_cue_objective(d, meats[m], down, nullptr)) /
                        2e-6;
      EXPECT_NEAR(grad(k), fd, 1e-5 * std::max(1.0, std::fabs(fd))) << "meat " << m << " k " << k;
    }
  }
}

TEST(KernelIvHac, KernelWeights) {
  using K = IvMeat::Kernel;
  // sandwich::kweights(c(0.5, 1, 1.5), "Quadratic Spectral")
  EXPECT_NEAR(xtdo::kernel::iv_kernel_weight(K::kQuadraticSpectral, 1, 2), 0.6869307, 1e-7);
  EXPECT_NEAR(xtdo::kernel::iv_kernel_weight(K::kQuadraticSpectral, 3, 3), 0.1378606, 1e-7);
  EXPECT_NEAR(xtdo::kernel::iv_kernel_weight(K::kQuadraticSpectral, 3, 2), -0.0856502, 1e-7);
  EXPECT_NEAR(xtdo::kernel::iv_kernel_weight(K::kDaniell, 1, 2), 2 / M_PI, 1e-15);
  // ivreg2's tent at τ = 2, bw = 4: 2(1 − cos(2 · 0.5))/0.5².
  EXPECT_NEAR(xtdo::kernel::iv_kernel_weight(K::kTent, 2, 4), 8 * (1 - std::cos(1.0)), 1e-15);
  EXPECT_EQ(xtdo::kernel::iv_kernel_weight(K::kBartlett, 3, 3), 0.0);
  EXPECT_EQ(xtdo::kernel::iv_kernel_weight(K::kTruncated, 3, 3), 1.0);
  IvMeat m;
  m.kernel = K::kQuadraticSpectral;
  m.bandwidth = 2.5;
  m.spectral_lags = 19;
  EXPECT_EQ(xtdo::kernel::iv_max_lag(m), 19);
  m.kernel = K::kParzen;
  EXPECT_EQ(xtdo::kernel::iv_max_lag(m), 2);
}

TEST(KernelIvHac, SpectralHacIsTheFullDoubleSum) {
  const int n = 50;
  std::mt19937 rng(9);
  std::normal_distribution<double> nd;
  Eigen::MatrixXd s(n, 3);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < 3; ++j) s(i, j) = nd(rng);
  for (int layout = 0; layout < 3; ++layout)
  for (auto kernel : {IvMeat::Kernel::kQuadraticSpectral, IvMeat::Kernel::kDaniell,
                      IvMeat::Kernel::kTent, IvMeat::Kernel::kParzen}) {
    IvMeat m = time_meat(IvMeat::Kind::kRobust, kernel, 3.5, n);
    m.spectral_lags = n + 2;  // every pair (the series spans n + 3 periods)
    m.panel.assign(n, 0);
    if (layout == 0) {
      // Two panels: rows alternate between them, each with its own (gappy) time line.
      for (int i = 0; i < n; ++i) m.panel[static_cast<size_t>(i)] = i % 2;
    } else {
      // One or two gap-free series, rows in reverse time order.
      for (int i = 0; i < n; ++i) {
        m.time[static_cast<size_t>(i)] = layout == 1 ? n - i : (i < 20 ? 20 - i : 70 - i);
        m.panel[static_cast<size_t>(i)] = layout == 1 ? 0 : i < 20;
      }
    }
    Eigen::MatrixXd brute = s.transpose() * s;
    const int top = xtdo::kernel::iv_max_lag(m);
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b) {
        if (m.panel[static_cast<size_t>(a)] != m.panel[static_cast<size_t>(b)]) continue;
        const double lag = m.time[static_cast<size_t>(a)] - m.time[static_cast<size_t>(b)];
        if (lag < 1 || lag > top) continue;
        brute += xtdo::kernel::iv_kernel_weight(kernel, lag, 3.5) *
                 (s.row(a).transpose() * s.row(b) + s.row(b).transpose() * s.row(a));
      }
    const Eigen::MatrixXd got = xtdo::kernel::iv_meat(s, m);
    EXPECT_LT((got - brute).norm(), 1e-12 * brute.norm());
  }
}

TEST(KernelIvHac, AutoBandwidthByHand) {
  const int n = 80;
  std::mt19937 rng(21);
  std::normal_distribution<double> nd;
  Eigen::VectorXd u(n);
  Eigen::MatrixXd z(n, 2);
  std::vector<double> time(n);
  double prev = 0;
  for (int i = 0; i < n; ++i) {
    prev = 0.6 * prev + nd(rng);
    u(i) = prev;
    z(i, 0) = nd(rng);
    z(i, 1) = 1 + 0.5 * nd(rng);
    time[static_cast<size_t>(i)] = i;
  }
  struct Case {
    IvMeat::Kernel kernel;
    double expo, q, c;
  };
  for (const Case& k : {Case{IvMeat::Kernel::kBartlett, 2.0 / 9, 1, 1.1447},
                        Case{IvMeat::Kernel::kParzen, 4.0 / 25, 2, 2.6614},
                        Case{IvMeat::Kernel::kQuadraticSpectral, 2.0 / 25, 2, 1.3221}}) {
    // By hand: f_t = u_t (z_t1 + z_t2); σ_j = Σ_t f_t f_{t−j}/n, j ≤ m* = ⌊20(T/100)^e⌋.
    const int mstar = static_cast<int>(20 * std::pow(n / 100.0, k.expo));
    std::vector<double> sig(static_cast<size_t>(mstar) + 1, 0.0);
    for (int j = 0; j <= mstar; ++j)
      for (int t = j; t < n; ++t)
        sig[static_cast<size_t>(j)] +=
            u(t) * (z(t, 0) + z(t, 1)) * u(t - j) * (z(t - j, 0) + z(t - j, 1)) / n;
    double s0 = sig[0], sq = 0;
    for (int j = 1; j <= mstar; ++j) {
      s0 += 2 * sig[static_cast<size_t>(j)];
      sq += 2 * sig[static_cast<size_t>(j)] * std::pow(j, k.q);
    }
    const double m = k.c * std::pow(sq / s0 * (sq / s0), 1 / (2 * k.q + 1)) *
                     std::pow(static_cast<double>(n), 1 / (2 * k.q + 1));
    const double want = (k.kernel == IvMeat::Kernel::kQuadraticSpectral
                             ? std::min<double>(m, mstar)
                             : std::min<double>(std::floor(m), mstar)) +
                        1;
    const auto got = xtdo::kernel::iv_auto_bandwidth(u, z, time, k.kernel, n);
    EXPECT_EQ(got.mstar, mstar);
    EXPECT_NEAR(got.bw, want, 1e-12 * want);
  }
  EXPECT_FALSE(
      xtdo::kernel::iv_auto_bandwidth(u, z, time, IvMeat::Kernel::kTruncated, n).ok);
}

}  // namespace

namespace {

TEST(KernelIvHac, AcMeatIsTheLagSum) {
  const int n = 40;
  std::mt19937 rng(13);
  std::normal_distribution<double> nd;
  Eigen::MatrixXd b(n, 2);
  Eigen::VectorXd v(n);
  for (int i = 0; i < n; ++i) b(i, 0) = nd(rng), b(i, 1) = 1, v(i) = nd(rng);
  for (bool gap : {false, true}) {
    IvMeat m;
    m.kind = IvMeat::Kind::kRobust;
    m.autocorrelation_only = true;
    m.kernel = IvMeat::Kernel::kQuadraticSpectral;
    m.bandwidth = 2.5;
    m.spectral_lags = n + 5;
    for (int i = 0; i < n; ++i) m.time.push_back(gap && i > 10 ? i + 4 : i);
    Eigen::MatrixXd brute = v.squaredNorm() / n * (b.transpose() * b);
    for (int tau = 1; tau <= n + 5; ++tau) {
      double sigma = 0;
      Eigen::MatrixXd c = Eigen::MatrixXd::Zero(2, 2);
      for (int a = 0; a < n; ++a)
        for (int z = 0; z < n; ++z)
          if (m.time[static_cast<size_t>(a)] - m.time[static_cast<size_t>(z)] == tau) {
            sigma += v(a) * v(z);
            c += b.row(a).transpose() * b.row(z);
          }
      brute += xtdo::kernel::iv_kernel_weight(m.kernel, tau, 2.5) * sigma / n *
               (c + c.transpose());
    }
    const Eigen::MatrixXd got = xtdo::kernel::iv_omega(b, v, m);
    EXPECT_LT((got - brute).norm(), 1e-12 * brute.norm()) << "gap " << gap;
  }
}

}  // namespace
