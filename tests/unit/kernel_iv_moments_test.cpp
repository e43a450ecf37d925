// The moment engine (iv_moments.hpp), both as ivreg2 uses it (columns in place,
// constant implicit, columns shifted by their means) and through the IvData routines
// of iv.hpp (constant as a column, no shift), against the textbook N-row formulas
// written out here: 2SLS with i.i.d., robust, one- and two-way cluster sandwiches,
// two-step GMM, Hansen's J / Sargan, the Anderson-Rubin Wald test and the LIML
// eigenvalue. Clusters interleaved and sorted, few (per-cluster sums) and many (on
// the fly), small and large data (the two-worker paths).
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <random>

#include "xtdo/kernel/hdfe.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/kernel/iv_moments.hpp"

namespace {

using namespace xtdo::kernel;
using Eigen::MatrixXd;
using Eigen::VectorXd;

struct Sim {
  IvData dense;  // x2 = [w, 1]
  MatrixXd w;    // the exogenous regressor alone
  std::vector<int32_t> c1, c2;
  int32_t g1 = 0, g2 = 0;
};

Sim simulate(int n, int groups, unsigned seed, bool sorted) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd;
  Sim s;
  const int l1 = 4, k1 = 2;
  IvData& d = s.dense;
  d.z1.resize(n, l1);
  d.x1.resize(n, k1);
  d.x2.resize(n, 2);
  s.w.resize(n, 1);
  d.y.resize(n);
  s.g1 = groups;
  s.g2 = 37;
  for (int i = 0; i < n; ++i) {
    // Interleaved clusters, or sorted ones in runs of n/groups rows.
    const int32_t g =
        sorted ? static_cast<int32_t>(static_cast<int64_t>(i) * groups / n) : i % groups;
    s.c1.push_back(g);
    s.c2.push_back((i / 3) % s.g2);
    for (int j = 0; j < l1; ++j) d.z1(i, j) = nd(rng) + std::cos(0.7 * g + j) + 3.0 * (j == 0);
    const double u = nd(rng) + 0.3 * std::sin(g), w = nd(rng) + 50;
    s.w(i, 0) = w;
    d.x1(i, 0) = 0.6 * d.z1(i, 0) + 0.3 * d.z1(i, 1) + 0.2 * w + 0.5 * u + nd(rng) + 10;
    d.x1(i, 1) = 0.4 * d.z1(i, 2) - 0.5 * d.z1(i, 3) + 0.3 * d.z1(i, 0) + 0.4 * u + nd(rng);
    d.y(i) = 100 + 0.8 * d.x1(i, 0) - 0.5 * d.x1(i, 1) - 0.4 * w + u * (1 + 0.5 * std::abs(w - 50));
  }
  d.x2.col(0) = s.w.col(0);
  d.x2.col(1).setOnes();
  return s;
}

IvColumns in_place(const Sim& s) {
  IvColumns c;
  c.n = s.dense.y.size();
  c.y = s.dense.y.data();
  for (Eigen::Index j = 0; j < s.dense.x1.cols(); ++j) c.x1.push_back(s.dense.x1.col(j).data());
  c.x2.push_back(s.w.col(0).data());
  for (Eigen::Index j = 0; j < s.dense.z1.cols(); ++j) c.z1.push_back(s.dense.z1.col(j).data());
  c.constant = true;
  return c;
}

MatrixXd hcat(const MatrixXd& a, const MatrixXd& b) {
  MatrixXd out(a.rows(), a.cols() + b.cols());
  out << a, b;
  return out;
}

// The textbook sandwich meat Σ_units (Σ_{i∈unit} s_i)(Σ s_i)' of scores s (N × p).
MatrixXd sum_meat(const MatrixXd& s, const std::vector<int32_t>& code, int32_t groups) {
  MatrixXd sums = MatrixXd::Zero(groups, s.cols());
  for (Eigen::Index i = 0; i < s.rows(); ++i) sums.row(code[static_cast<size_t>(i)]) += s.row(i);
  return sums.transpose() * sums;
}
MatrixXd textbook_meat(const MatrixXd& s, const Sim& sim, const IvMeat& meat) {
  if (meat.kind != IvMeat::Kind::kCluster) return s.transpose() * s;
  MatrixXd m = sum_meat(s, sim.c1, sim.g1);
  if (meat.cluster.size() == 2) {
    std::vector<int32_t> both(sim.c1.size());
    for (size_t i = 0; i < both.size(); ++i) both[i] = sim.c1[i] * sim.g2 + sim.c2[i];
    m += sum_meat(s, sim.c2, sim.g2) - sum_meat(s, both, sim.g1 * sim.g2);
  }
  return m;
}

void expect_close(double a, double b, const char* what) {
  EXPECT_NEAR(a, b, 1e-8 * std::max(1.0, std::abs(b))) << what;
}
void expect_close(const MatrixXd& a, const MatrixXd& b, const char* what) {
  ASSERT_EQ(a.rows(), b.rows()) << what;
  ASSERT_EQ(a.cols(), b.cols()) << what;
  const double scale = std::max(1.0, b.cwiseAbs().maxCoeff());
  for (Eigen::Index i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a.data()[i], b.data()[i], 1e-8 * scale) << what << " element " << i;
}

struct Case {
  const char* name;
  IvMeat::Kind kind;
  int clusters;  // 0, 1 or 2 codings
  int groups;
  int n = 600;          // ≥ 200,000 rows and ≥ 16,384 clusters take the two-worker paths
  bool sorted = false;  // clusters in runs (the halves' clusters do not overlap)
};

class IvMomentsTextbook : public ::testing::TestWithParam<Case> {};

TEST_P(IvMomentsTextbook, MatchesTheNRowFormulas) {
  const Case c = GetParam();
  const Sim s = simulate(c.n, c.groups, 17u + static_cast<unsigned>(c.groups), c.sorted);
  IvMeat meat;
  meat.kind = c.kind;
  meat.dofminus = 3;
  if (c.clusters >= 1) {
    meat.cluster.push_back(s.c1);
    meat.n_clusters.push_back(s.g1);
  }
  if (c.clusters == 2) {
    meat.cluster.push_back(s.c2);
    meat.n_clusters.push_back(s.g2);
  }
  const IvData& d = s.dense;
  const double n = static_cast<double>(d.y.size()), dm = meat.dofminus;
  const MatrixXd x = hcat(d.x1, d.x2), z = hcat(d.z1, d.x2);
  const bool iid = c.kind == IvMeat::Kind::kIid, cluster = c.kind == IvMeat::Kind::kCluster;

  // --- Textbook 2SLS and its sandwich (large-sample: robust × N/(N − d)).
  const MatrixXd xhat = z * z.colPivHouseholderQr().solve(x);
  const MatrixXd h_inv = (xhat.transpose() * x).inverse();
  const VectorXd b = h_inv * (xhat.transpose() * d.y);
  const VectorXd u = d.y - x * b;
  MatrixXd v;
  if (iid) {
    v = u.squaredNorm() / (n - dm) * (xhat.transpose() * xhat).inverse();
  } else {
    v = h_inv * textbook_meat(xhat.array().colwise() * u.array(), s, meat) * h_inv.transpose();
    if (!cluster) v *= n / (n - dm);
  }
  // Two-step GMM and Hansen's J (or Sargan) from the 2SLS residuals.
  const MatrixXd sz = textbook_meat(z.array().colwise() * u.array(), s, meat);
  const MatrixXd sz_inv = sz.inverse();
  const MatrixXd a_gmm = x.transpose() * z * sz_inv * z.transpose() * x;
  const VectorXd b_gmm = a_gmm.ldlt().solve(x.transpose() * z * sz_inv * z.transpose() * d.y);
  double j;
  if (iid) {
    const VectorXd zu = z.transpose() * u;
    j = zu.dot((z.transpose() * z).ldlt().solve(zu)) / (u.squaredNorm() / (n - dm));
  } else {
    const VectorXd g = z.transpose() * (d.y - x * b_gmm);
    j = g.dot(sz_inv * g) * (cluster ? 1.0 : (n - dm) / n);
  }
  // Anderson-Rubin: Wald test of Z1 in the regression of y on Z.
  const MatrixXd zz_inv = (z.transpose() * z).inverse();
  const VectorXd bz = zz_inv * (z.transpose() * d.y);
  const VectorXd ez = d.y - z * bz;
  const MatrixXd vz = iid ? MatrixXd(ez.squaredNorm() / n * zz_inv)
                          : MatrixXd(zz_inv * textbook_meat(z.array().colwise() * ez.array(), s, meat) *
                                     zz_inv);
  const VectorXd b1 = bz.head(4);
  const double ar = b1.dot(vz.topLeftCorner(4, 4).ldlt().solve(b1)) * (cluster ? 1.0 : (n - dm) / n);
  // LIML: the smallest root of |Y'M_X2 Y − λ Y'M_Z Y| = 0, Y = [y X1].
  const MatrixXd yy = hcat(d.y, d.x1);
  const MatrixXd m2y = yy - d.x2 * d.x2.colPivHouseholderQr().solve(yy);
  const MatrixXd mzy = yy - z * z.colPivHouseholderQr().solve(yy);
  Eigen::GeneralizedSelfAdjointEigenSolver<MatrixXd> ges(m2y.transpose() * m2y,
                                                         mzy.transpose() * mzy);
  const double lambda = ges.eigenvalues().minCoeff();

  // --- The engine, in place (shifted) and through IvData (unshifted).
  const IvMoments m(in_place(s), meat);
  for (bool through_data : {false, true}) {
    SCOPED_TRACE(through_data ? "through IvData" : "in place");
    IvOptions o;
    o.meat = meat;
    VectorXd rc, fc;
    const IvFit fit = through_data ? iv_fit(d, o) : iv_fit(m, m.roles(), o, &rc, &fc);
    expect_close(fit.coef, b, "2SLS coefficients");
    expect_close(fit.v, v, "2SLS VCE");
    expect_close(fit.rss, u.squaredNorm(), "RSS");
    const IvOverid over = through_data ? iv_overid(d, fit.resid, meat) : iv_overid(m, m.roles(), rc);
    expect_close(over.stat, j, iid ? "Sargan" : "Hansen J");
    EXPECT_EQ(over.df, 2);
    const IvAndersonRubin arm = through_data ? iv_anderson_rubin(d, meat) : iv_anderson_rubin(m, m.roles());
    expect_close(arm.chi2, ar, "Anderson-Rubin chi2");
    o.estimator = IvEstimator::kLiml;
    const IvFit liml = through_data ? iv_fit(d, o) : iv_fit(m, m.roles(), o, nullptr, nullptr);
    expect_close(liml.lambda, lambda, "LIML lambda");
    if (!iid) {
      o.estimator = IvEstimator::kGmm2s;
      const IvFit gmm = through_data ? iv_fit(d, o) : iv_fit(m, m.roles(), o, nullptr, nullptr);
      expect_close(gmm.coef, b_gmm, "GMM2S coefficients");
      expect_close(gmm.v, MatrixXd(a_gmm.inverse() * (cluster ? 1.0 : n / (n - dm))), "GMM2S VCE");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Meats, IvMomentsTextbook,
    ::testing::Values(Case{"iid", IvMeat::Kind::kIid, 0, 5},
                      Case{"robust", IvMeat::Kind::kRobust, 0, 5},
                      Case{"cluster_sums", IvMeat::Kind::kCluster, 1, 40},
                      Case{"cluster_sorted", IvMeat::Kind::kCluster, 1, 50, 600, true},
                      Case{"cluster_fly", IvMeat::Kind::kCluster, 1, 300},
                      Case{"two_way", IvMeat::Kind::kCluster, 2, 40},
                      Case{"cluster_sums_two_workers", IvMeat::Kind::kCluster, 1, 20000, 200000},
                      Case{"cluster_sorted_two_workers", IvMeat::Kind::kCluster, 1, 20000, 200000,
                           true},
                      Case{"robust_two_workers", IvMeat::Kind::kRobust, 0, 5, 200000}),
    [](const auto& info) { return std::string(info.param.name); });

// Columns read through a row index with absorbed fixed effects held as level
// coefficients (how ivreg2's absorb() feeds the engine) give the statistics of the
// same engine on the residualised columns written out, under every one-way meat.
TEST(IvMoments, RowIndexAndAbsorbedCoefficientsEqualWrittenOutColumns) {
  const int n = 600;
  const Sim s = simulate(n, 20, 5, true);
  std::vector<int32_t> period(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) period[static_cast<size_t>(i)] = (i * 7) % 10;
  const std::vector<FixedEffect> fe = {{s.c1, s.g1}, {period, 10}};
  // The stored columns y, x1, w, z1 spread over rows 3i of longer columns.
  std::vector<VectorXd> plain = {s.dense.y, s.dense.x1.col(0), s.dense.x1.col(1), s.w.col(0)};
  for (Eigen::Index j = 0; j < s.dense.z1.cols(); ++j) plain.push_back(s.dense.z1.col(j));
  std::vector<VectorXd> spread;
  std::vector<int64_t> rows(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) rows[static_cast<size_t>(i)] = 3 * i + 1;
  std::vector<const double*> src;
  for (const auto& v : plain) {
    VectorXd w = VectorXd::Constant(3 * n, 1e6);
    for (int i = 0; i < n; ++i) w(3 * i + 1) = v(i);
    spread.push_back(w);
  }
  for (const auto& w : spread) src.push_back(w.data());
  HdfeOptions ho;
  ho.tolerance = 1e-12;
  const HdfeCoefficients hc = hdfe_coefficients(src, rows.data(), n, fe, ho);
  ASSERT_TRUE(hc.complete);
  // Written out: x − Σ_f α_f[level].
  std::vector<VectorXd> out;
  for (size_t k = 0; k < plain.size(); ++k) {
    VectorXd v = plain[k];
    for (int i = 0; i < n; ++i)
      for (size_t f = 0; f < fe.size(); ++f)
        v(i) -= hc.coef[k][f][static_cast<size_t>(fe[f].code[static_cast<size_t>(i)])];
    out.push_back(v);
  }
  auto columns = [&](const std::vector<const double*>& p) {
    IvColumns c;
    c.n = n;
    c.y = p[0];
    c.x1 = {p[1], p[2]};
    c.x2 = {p[3]};
    c.z1 = {p[4], p[5], p[6], p[7]};
    return c;
  };
  std::vector<const double*> written;
  for (const auto& v : out) written.push_back(v.data());
  IvColumns indexed = columns(src);
  indexed.rows = rows.data();
  indexed.fe_code = {s.c1.data(), period.data()};
  for (size_t k = 0; k < plain.size(); ++k)
    indexed.fe_coef.push_back({hc.coef[k][0].data(), hc.coef[k][1].data()});
  for (const IvMeat::Kind kind :
       {IvMeat::Kind::kIid, IvMeat::Kind::kRobust, IvMeat::Kind::kCluster}) {
    IvMeat meat;
    meat.kind = kind;
    if (kind == IvMeat::Kind::kCluster) {
      meat.cluster = {s.c1};
      meat.n_clusters = {s.g1};
    }
    const IvMoments a(columns(written), meat), b(indexed, meat);
    IvOptions o;
    o.meat = meat;
    const IvFit fa = iv_fit(a, a.roles(), o, nullptr, nullptr);
    const IvFit fb = iv_fit(b, b.roles(), o, nullptr, nullptr);
    ASSERT_TRUE(fa.ok && fb.ok);
    expect_close(fb.coef, fa.coef, "coefficients");
    expect_close(fb.v, fa.v, "VCE");
    expect_close(fb.rss, fa.rss, "rss");
    const IvIdentification ia = iv_identification(a, a.roles()),
                           ib = iv_identification(b, b.roles());
    expect_close(ib.kp_wald, ia.kp_wald, "rk Wald");
    expect_close(ib.cragg_donald_f, ia.cragg_donald_f, "Cragg-Donald");
    expect_close(b.mean(0), a.mean(0), "mean of y");
  }
}

TEST(IvMoments, KernelWeightedMeatIsTheDenseOneOnTheRows) {
  // HAC: the engine forms the N-row scores and uses iv_meat.
  const Sim s = simulate(200, 5, 3, false);
  IvMeat meat;
  meat.kind = IvMeat::Kind::kRobust;
  meat.bandwidth = 3;
  meat.time.resize(200);
  for (int i = 0; i < 200; ++i) meat.time[static_cast<size_t>(i)] = i;
  const IvMoments m(in_place(s), meat);
  const MatrixXd z = m.select({5, 6, 7, 8, 3, 4});
  VectorXd e = VectorXd::Zero(m.p());
  e(0) = 1;
  e(1) = -0.8;
  const MatrixXd zz = hcat(s.dense.z1, s.dense.x2);
  const VectorXd ee = s.dense.y - 0.8 * s.dense.x1.col(0);
  expect_close(m.meat(z, e), iv_omega(zz, ee, meat), "HAC meat");
}

}  // namespace
