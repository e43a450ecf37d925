// Conventional, heteroskedasticity-robust and cluster-robust VCEs for a linear
// fit, with the small-sample factors Stata documents in [R] regress and [U] 20.22.
#include "xtdo/kernel/vce.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "cholesky.hpp"
#include "xtdo/kernel/hdfe.hpp"

namespace xtdo::kernel {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr Index kBlockRows = 2048;

// The estimated coefficients in OlsResult order and, for each, the column of x it
// belongs to (-1 for the constant).
struct KeptTerms {
  std::vector<Index> coef;  // index into OlsResult::coef
  std::vector<Index> xcol;  // column of x, or -1 for _cons
};

KeptTerms kept_terms(const OlsResult& fit, Index p) {
  KeptTerms t;
  for (Index j = 0; j < static_cast<Index>(fit.omitted.size()); ++j) {
    if (fit.omitted[static_cast<size_t>(j)]) continue;
    t.coef.push_back(j);
    t.xcol.push_back(j < p ? j : -1);
  }
  return t;
}

// Rows [r0, r0+len) of the design restricted to the kept terms (constant = 1).
MatrixXd design_block(const Eigen::Ref<const MatrixXd>& x, const KeptTerms& t, Index r0,
                      Index len) {
  MatrixXd z(len, static_cast<Index>(t.xcol.size()));
  for (size_t j = 0; j < t.xcol.size(); ++j) {
    if (t.xcol[j] < 0) {
      z.col(static_cast<Index>(j)).setOnes();
    } else {
      z.col(static_cast<Index>(j)) = x.col(t.xcol[j]).segment(r0, len);
    }
  }
  return z;
}

MatrixXd bread(const OlsResult& fit, const KeptTerms& t) {
  const Index k = static_cast<Index>(t.coef.size());
  MatrixXd b(k, k);
  for (Index r = 0; r < k; ++r)
    for (Index c = 0; c < k; ++c) b(r, c) = fit.xtx_inv(t.coef[r], t.coef[c]);
  return b;
}

// Scatter a kept-terms matrix into the full OlsResult order (zeros elsewhere).
MatrixXd pad(const MatrixXd& v, const KeptTerms& t, Index n_coef) {
  MatrixXd full = MatrixXd::Zero(n_coef, n_coef);
  for (size_t r = 0; r < t.coef.size(); ++r)
    for (size_t c = 0; c < t.coef.size(); ++c)
      full(t.coef[r], t.coef[c]) = v(static_cast<Index>(r), static_cast<Index>(c));
  return full;
}

MatrixXd sandwich(const MatrixXd& b, const MatrixXd& meat) {
  MatrixXd v = b * meat * b;
  return 0.5 * (v + v.transpose());
}

}  // namespace

VceResult vce_conventional(const OlsResult& fit, double df_r) {
  VceResult out;
  out.scale = df_r > 0 ? fit.rss / df_r : 0.0;
  out.v = out.scale * fit.xtx_inv;
  return out;
}

VceResult vce_robust(Eigen::Ref<const MatrixXd> x, const OlsResult& fit,
                     const RobustOptions& options) {
  const Index n = x.rows(), p = x.cols();
  assert(fit.resid.size() == n);
  const KeptTerms t = kept_terms(fit, p);
  const Index k = static_cast<Index>(t.coef.size());
  const MatrixXd b = bread(fit, t);
  const VectorXd& w = fit.weights;
  const bool fweight = fit.weight_kind == WeightKind::kFrequency;

  MatrixXd meat = MatrixXd::Zero(k, k);
  for (Index r0 = 0; r0 < n; r0 += kBlockRows) {
    const Index len = std::min(kBlockRows, n - r0);
    MatrixXd z = design_block(x, t, r0, len);
    VectorXd c = fit.resid.segment(r0, len).array().square();
    if (w.size()) {
      // Score w·e·x per observation; an fweight of m stands for m identical
      // observations, each contributing e²·x x', so the weight enters once.
      const auto wb = w.segment(r0, len).array();
      if (fweight) {
        c.array() *= wb;
      } else {
        c.array() *= wb * wb;
      }
    }
    if (options.kind != RobustKind::kHC1) {
      // Leverage h = w x'(X'WX)^-1 x of each observation.
      VectorXd h = ((z * b).array() * z.array()).rowwise().sum();
      if (w.size()) h.array() *= w.segment(r0, len).array();
      const Eigen::ArrayXd one_minus_h = 1.0 - h.array();
      if (options.kind == RobustKind::kHC2) {
        c.array() /= one_minus_h;
      } else {
        c.array() /= one_minus_h.square();
      }
    }
    MatrixXd zc = z.array().colwise() * c.array();
    meat.noalias() += z.transpose() * zc;
  }

  VceResult out;
  out.scale = 1;
  if (options.kind == RobustKind::kHC1) {
    // HC1: N/(N−k) ([R] regress, Methods and formulas, "robust").
    const double nn = options.nobs >= 0 ? options.nobs : fit.nobs;
    const double kk = options.dof_k >= 0 ? options.dof_k : fit.rank;
    out.scale = nn > kk ? nn / (nn - kk) : 0.0;
  }
  out.v = pad(out.scale * sandwich(b, meat), t, static_cast<Index>(fit.coef.size()));
  return out;
}

MatrixXd cluster_meat(Eigen::Ref<const MatrixXd> x, const OlsResult& fit,
                      std::span<const int32_t> cluster, int32_t n_clusters) {
  const Index n = x.rows(), p = x.cols();
  assert(static_cast<Index>(cluster.size()) == n);
  const KeptTerms t = kept_terms(fit, p);
  const Index k = static_cast<Index>(t.coef.size());
  const VectorXd& w = fit.weights;

  // Per-observation score factor s_i = w_i e_i (fweights too: the replicates of an
  // observation are in the same cluster, so their scores simply add up), formed on
  // the fly so that no N-vector is allocated.
  const double* e = fit.resid.data();
  const double* wp = w.size() ? w.data() : nullptr;

  // u_g = Σ_{i∈g} s_i z_i, accumulated one term at a time so x is read by column.
  MatrixXd u = MatrixXd::Zero(n_clusters, k);
  for (Index j = 0; j < k; ++j) {
    double* uj = u.col(j).data();
    const Index xc = t.xcol[static_cast<size_t>(j)];
    for (Index obs = 0; obs < n; ++obs) {
      const double s = wp ? wp[obs] * e[obs] : e[obs];
      uj[cluster[static_cast<size_t>(obs)]] += xc < 0 ? s : s * x(obs, xc);
    }
  }
  return u.transpose() * u;
}

VceResult vce_cluster(Eigen::Ref<const MatrixXd> x, const OlsResult& fit,
                      std::span<const int32_t> cluster, int32_t n_clusters,
                      const ClusterOptions& options) {
  const KeptTerms t = kept_terms(fit, x.cols());
  const MatrixXd b = bread(fit, t);
  const MatrixXd meat = cluster_meat(x, fit, cluster, n_clusters);

  VceResult out;
  out.n_clusters = n_clusters;
  out.scale = 1;
  if (options.small_sample) {
    // qc = G/(G−1) · (N−1)/(N−k) ([R] regress, Methods and formulas; [U] 20.22).
    const double nn = options.nobs >= 0 ? options.nobs : fit.nobs;
    const double kk = options.dof_k >= 0 ? options.dof_k : fit.rank;
    const double g = n_clusters;
    out.scale = (g > 1 && nn > kk) ? (g / (g - 1)) * ((nn - 1) / (nn - kk)) : 0.0;
  }
  out.v = pad(out.scale * sandwich(b, meat), t, static_cast<Index>(fit.coef.size()));
  return out;
}

namespace {

// Replace the negative eigenvalues of a symmetric matrix by zero; true if any was.
bool clip_negative_eigenvalues(MatrixXd& v) {
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(v);
  if (es.eigenvalues().minCoeff() >= 0) return false;
  const VectorXd lambda = es.eigenvalues().cwiseMax(0.0);
  v = es.eigenvectors() * lambda.asDiagonal() * es.eigenvectors().transpose();
  v = 0.5 * (v + v.transpose());
  return true;
}

}  // namespace

VceResult vce_cluster_multiway(Eigen::Ref<const MatrixXd> x, const OlsResult& fit,
                               const std::vector<ClusterCodes>& clusters,
                               const ClusterOptions& options) {
  assert(!clusters.empty());
  const KeptTerms t = kept_terms(fit, x.cols());
  const MatrixXd b = bread(fit, t);
  const size_t q = clusters.size();
  MatrixXd meat = MatrixXd::Zero(b.rows(), b.cols());
  int32_t g_min = clusters.front().n_clusters;
  for (const auto& c : clusters) g_min = std::min(g_min, c.n_clusters);
  // Every non-empty subset of the clusterings, by bit mask; the sign alternates
  // with the subset's size (inclusion–exclusion).
  for (uint32_t mask = 1; mask < (1u << q); ++mask) {
    std::vector<int32_t> code;
    int32_t n_groups = 0;
    int members = 0;
    for (size_t j = 0; j < q; ++j) {
      if (!(mask & (1u << j))) continue;
      ++members;
      if (members == 1) {
        code.assign(clusters[j].code.begin(), clusters[j].code.end());
        n_groups = clusters[j].n_clusters;
      } else {
        FixedEffect left{code, n_groups};
        FixedEffect right{clusters[j].code, clusters[j].n_clusters};
        int32_t n_new = 0;
        std::vector<int32_t> joined = intersect_codes(left, right, &n_new);
        code = std::move(joined);
        n_groups = n_new;
      }
    }
    const double sign = members % 2 ? 1.0 : -1.0;
    meat += sign * cluster_meat(x, fit, code, n_groups);
  }

  VceResult out;
  out.n_clusters = g_min;
  out.scale = 1;
  if (options.small_sample) {
    const double nn = options.nobs >= 0 ? options.nobs : fit.nobs;
    const double kk = options.dof_k >= 0 ? options.dof_k : fit.rank;
    const double g = g_min;
    out.scale = (g > 1 && nn > kk) ? (g / (g - 1)) * ((nn - 1) / (nn - kk)) : 0.0;
  }
  MatrixXd v = out.scale * sandwich(b, meat);
  if (q > 1) {
    // Cameron, Gelbach and Miller (2011, section 2.3): a non-PSD estimate is
    // repaired by zeroing its negative eigenvalues. With a constant (the last kept
    // term) the slope block is repaired separately, so that the slopes' variances
    // do not depend on the constant's.
    const Index k = v.rows();
    const bool has_cons = !t.xcol.empty() && t.xcol.back() < 0;
    MatrixXd slopes = has_cons && k > 1 ? MatrixXd(v.topLeftCorner(k - 1, k - 1)) : MatrixXd();
    out.psd_fixed = clip_negative_eigenvalues(v);
    if (out.psd_fixed && slopes.size()) {
      clip_negative_eigenvalues(slopes);
      v.topLeftCorner(k - 1, k - 1) = slopes;
    }
  }
  out.v = pad(v, t, static_cast<Index>(fit.coef.size()));
  return out;
}

WaldResult wald_test(Eigen::Ref<const VectorXd> b, Eigen::Ref<const MatrixXd> v,
                     const std::vector<uint8_t>& select) {
  assert(static_cast<Index>(select.size()) == b.size());
  std::vector<Index> idx;
  for (Index j = 0; j < b.size(); ++j)
    if (select[static_cast<size_t>(j)] && v(j, j) > 0) idx.push_back(j);
  const Index m = static_cast<Index>(idx.size());
  WaldResult out;
  if (m == 0) return out;

  // Work on the correlation scale so the rank decision does not depend on units.
  VectorXd sd(m), bs(m);
  MatrixXd r(m, m);
  for (Index a = 0; a < m; ++a) {
    sd(a) = std::sqrt(v(idx[a], idx[a]));
    bs(a) = b(idx[a]);
  }
  for (Index a = 0; a < m; ++a)
    for (Index c = 0; c < m; ++c) r(a, c) = v(idx[a], idx[c]) / (sd(a) * sd(c));
  // A VCE of rank below the number of terms (more regressors than clusters) has
  // pivots at rounding level; 1e-12 on the correlation scale separates them.
  const detail::InOrderCholesky chol = detail::in_order_cholesky(r, VectorXd::Ones(m), 1e-12);
  const Index k = static_cast<Index>(chol.kept.size());
  VectorXd z(k);
  for (Index a = 0; a < k; ++a) z(a) = bs(chol.kept[a]) / sd(chol.kept[a]);
  VectorXd y = chol.lower.triangularView<Eigen::Lower>().solve(z);
  out.statistic = y.squaredNorm();
  out.rank = static_cast<int>(k);
  return out;
}

}  // namespace xtdo::kernel
