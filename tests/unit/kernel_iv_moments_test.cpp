// The moment engine (iv_moments.hpp) against the dense IV routines (iv.hpp): every
// estimator, meat and diagnostic on simulated data with two endogenous regressors,
// with and without a constant (the engine shifts columns by their means when there
// is one), one-way clusters both from per-cluster sums (few clusters) and on the
// fly (many), and two-way clusters.
#include <gtest/gtest.h>

#include <random>

#include "xtdo/kernel/iv.hpp"
#include "xtdo/kernel/iv_moments.hpp"

namespace {

using namespace xtdo::kernel;
using Eigen::MatrixXd;
using Eigen::VectorXd;

struct Sim {
  IvData dense;  // x2 carries the constant column when `constant`
  MatrixXd x2_raw;
  std::vector<int32_t> c1, c2;
  int32_t g1 = 0, g2 = 0;
};

Sim simulate(int n, bool constant, int groups, unsigned seed, bool sorted = false) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd;
  Sim s;
  const int l1 = 4, k1 = 2;
  IvData& d = s.dense;
  d.z1.resize(n, l1);
  d.x1.resize(n, k1);
  s.x2_raw.resize(n, 1);
  d.y.resize(n);
  s.g1 = groups;
  s.g2 = 37;
  for (int i = 0; i < n; ++i) {
    // Interleaved clusters, or sorted ones in runs of n/groups rows.
    const int32_t g = sorted ? static_cast<int32_t>(static_cast<int64_t>(i) * groups / n) : i % groups;
    s.c1.push_back(g);
    s.c2.push_back((i / 3) % s.g2);
    for (int j = 0; j < l1; ++j) d.z1(i, j) = nd(rng) + std::cos(0.7 * g + j) + 3.0 * (j == 0);
    const double u = nd(rng) + 0.3 * std::sin(g), w = nd(rng) + 50;
    s.x2_raw(i, 0) = w;
    d.x1(i, 0) = 0.6 * d.z1(i, 0) + 0.3 * d.z1(i, 1) + 0.2 * w + 0.5 * u + nd(rng) + 10;
    d.x1(i, 1) = 0.4 * d.z1(i, 2) - 0.5 * d.z1(i, 3) + 0.3 * d.z1(i, 0) + 0.4 * u + nd(rng);
    d.y(i) = 100 + 0.8 * d.x1(i, 0) - 0.5 * d.x1(i, 1) - 0.4 * w + u * (1 + 0.5 * std::abs(w - 50));
  }
  d.x2 = MatrixXd(n, constant ? 2 : 1);
  d.x2.col(0) = s.x2_raw.col(0);
  if (constant) d.x2.col(1).setOnes();
  return s;
}

IvColumns columns_of(const Sim& s, bool constant) {
  IvColumns c;
  c.n = s.dense.y.size();
  c.y = s.dense.y.data();
  for (Eigen::Index j = 0; j < s.dense.x1.cols(); ++j) c.x1.push_back(s.dense.x1.col(j).data());
  c.x2.push_back(s.x2_raw.col(0).data());
  for (Eigen::Index j = 0; j < s.dense.z1.cols(); ++j) c.z1.push_back(s.dense.z1.col(j).data());
  c.constant = constant;
  return c;
}

void expect_close(double a, double b, const char* what) {
  EXPECT_NEAR(a, b, 1e-9 * std::max(1.0, std::abs(b))) << what;
}
void expect_close(const MatrixXd& a, const MatrixXd& b, const char* what) {
  ASSERT_EQ(a.rows(), b.rows()) << what;
  ASSERT_EQ(a.cols(), b.cols()) << what;
  for (Eigen::Index i = 0; i < a.size(); ++i) expect_close(a.data()[i], b.data()[i], what);
}

struct Case {
  const char* name;
  IvMeat::Kind kind;
  int clusters;  // 0, 1 or 2 codings
  int groups;
  int n = 600;  // ≥ 200,000 rows and ≥ 16,384 clusters take the two-worker paths
  bool sorted = false;  // clusters in runs (the halves' clusters do not overlap)
};

class IvMomentsAgree : public ::testing::TestWithParam<std::tuple<Case, bool>> {};

TEST_P(IvMomentsAgree, EveryEstimatorAndDiagnostic) {
  const auto [c, constant] = GetParam();
  const Sim s = simulate(c.n, constant, c.groups, 17u + static_cast<unsigned>(c.groups), c.sorted);
  IvMeat meat;
  meat.kind = c.kind;
  meat.dofminus = 3;
  meat.sdofminus = 2;
  if (c.clusters >= 1) {
    meat.cluster.push_back(s.c1);
    meat.n_clusters.push_back(s.g1);
  }
  if (c.clusters == 2) {
    meat.cluster.push_back(s.c2);
    meat.n_clusters.push_back(s.g2);
  }
  const IvMoments m(columns_of(s, constant), meat);
  const IvRoles& r = m.roles();
  for (IvEstimator est : {IvEstimator::kTsls, IvEstimator::kLiml, IvEstimator::kFuller,
                          IvEstimator::kKclass, IvEstimator::kGmm2s}) {
    for (bool small : {false, true}) {
      IvOptions o;
      o.estimator = est;
      o.fuller = 1;
      o.kclass = 0.7;
      o.small = small;
      o.meat = meat;
      const IvFit dense = iv_fit(s.dense, o);
      VectorXd rc, fc;
      const IvFit mom = iv_fit(m, r, o, &rc, &fc);
      expect_close(mom.coef, dense.coef, "coef");
      expect_close(mom.v, dense.v, "V");
      expect_close(mom.rss, dense.rss, "rss");
      expect_close(mom.sigma2, dense.sigma2, "sigma2");
      expect_close(mom.lambda, dense.lambda, "lambda");
      if (!small) {
        const IvOverid od = iv_overid(
            s.dense, dense.first_step_resid.size() ? dense.first_step_resid : dense.resid, meat);
        const IvOverid om = iv_overid(m, r, fc.size() ? fc : rc);
        expect_close(om.stat, od.stat, "J");
        EXPECT_EQ(om.df, od.df);
        const IvOverid cd = iv_orthog_test(s.dense, dense.resid, {1, 3}, {0}, meat);
        const IvOverid cm = iv_orthog_test(m, r, rc, {1, 3}, {0});
        expect_close(cm.stat, cd.stat, "orthog C");
      }
    }
  }
  const IvIdentification id = iv_identification(s.dense, meat);
  const IvIdentification im = iv_identification(m, r);
  expect_close(im.canon_corr2, id.canon_corr2, "canonical correlations");
  expect_close(im.anderson_lm, id.anderson_lm, "Anderson LM");
  expect_close(im.cragg_donald_f, id.cragg_donald_f, "Cragg-Donald F");
  expect_close(im.kp_lm, id.kp_lm, "KP LM");
  expect_close(im.kp_wald, id.kp_wald, "KP Wald");
  expect_close(im.kp_f, id.kp_f, "KP F");
  const IvAndersonRubin ad = iv_anderson_rubin(s.dense, meat);
  const IvAndersonRubin am = iv_anderson_rubin(m, r);
  expect_close(am.chi2, ad.chi2, "AR chi2");
  expect_close(am.f, ad.f, "AR F");
  expect_close(am.df_r, ad.df_r, "AR df_r");
  const IvFirstStage fd = iv_first_stage(s.dense, meat);
  const IvFirstStage fm = iv_first_stage(m, r);
  expect_close(fm.partial_r2, fd.partial_r2, "partial R2");
  expect_close(fm.shea_r2, fd.shea_r2, "Shea R2");
  expect_close(fm.f, fd.f, "first-stage F");
  expect_close(fm.sw_f, fd.sw_f, "SW F");
  expect_close(fm.rmse, fd.rmse, "first-stage RMSE");
  expect_close(fm.sw_r2, fd.sw_r2, "SW R2");
  expect_close(fm.ap_f, fd.ap_f, "AP F");
  expect_close(fm.ap_r2, fd.ap_r2, "AP R2");
  for (std::vector<int> suspect : {std::vector<int>{1}, std::vector<int>{1, 0}}) {
    const IvOverid ed = iv_endog_test(s.dense, suspect, meat);
    const IvOverid em = iv_endog_test(m, r, suspect);
    expect_close(em.stat, ed.stat, "endog C");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Meats, IvMomentsAgree,
    ::testing::Combine(::testing::Values(Case{"iid", IvMeat::Kind::kIid, 0, 5},
                                         Case{"robust", IvMeat::Kind::kRobust, 0, 5},
                                         Case{"cluster_sums", IvMeat::Kind::kCluster, 1, 40},
                                         Case{"cluster_fly", IvMeat::Kind::kCluster, 1, 300},
                                         Case{"two_way", IvMeat::Kind::kCluster, 2, 40},
                                         Case{"cluster_sums_two_workers", IvMeat::Kind::kCluster, 1,
                                              20000, 200000},
                                         Case{"cluster_sorted_two_workers", IvMeat::Kind::kCluster,
                                              1, 20000, 200000, true},
                                         Case{"cluster_sorted", IvMeat::Kind::kCluster, 1, 50, 600,
                                              true},
                                         Case{"robust_two_workers", IvMeat::Kind::kRobust, 0, 5,
                                              200000}),
                       ::testing::Bool()),
    [](const auto& info) {
      return std::string(std::get<0>(info.param).name) +
             (std::get<1>(info.param) ? "_constant" : "_noconstant");
    });

TEST(IvMoments, KernelWeightedMeatsAreRefused) {
  const Sim s = simulate(50, true, 5, 1);
  IvMeat meat;
  meat.kind = IvMeat::Kind::kRobust;
  meat.bandwidth = 2;
  EXPECT_THROW(IvMoments(columns_of(s, true), meat), std::invalid_argument);
}

}  // namespace
