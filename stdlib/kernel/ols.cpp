// Weighted least squares with Stata's collinearity rule: normal equations on
// centred columns, an in-order Cholesky that omits dependent columns, and one
// step of iterative refinement against the residuals.
#include "xtdo/kernel/ols.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "cholesky.hpp"

namespace xtdo::kernel {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Rows per block when accumulating cross-products: large enough for BLAS-3
// efficiency, small enough that a centred block stays in cache.
constexpr Index kBlockRows = 2048;

struct CrossProducts {
  MatrixXd xx;  // Σ w (x − mx)(x − mx)'
  VectorXd xy;  // Σ w (x − mx)(y − my)
  double yy = 0;
};

CrossProducts centred_cross(const Eigen::Ref<const MatrixXd>& x,
                            const Eigen::Ref<const VectorXd>& y, const VectorXd& w,
                            const VectorXd& mx, double my) {
  const Index n = x.rows(), p = x.cols();
  CrossProducts cp;
  cp.xx = MatrixXd::Zero(p, p);
  cp.xy = VectorXd::Zero(p);
  for (Index r0 = 0; r0 < n; r0 += kBlockRows) {
    const Index len = std::min(kBlockRows, n - r0);
    MatrixXd xb = x.middleRows(r0, len).rowwise() - mx.transpose();
    VectorXd yb = y.segment(r0, len).array() - my;
    if (w.size()) {
      const auto wb = w.segment(r0, len).array();
      MatrixXd xw = xb.array().colwise() * wb;
      cp.xx.noalias() += xb.transpose() * xw;
      cp.xy.noalias() += xw.transpose() * yb;
      cp.yy += (yb.array().square() * wb).sum();
    } else {
      cp.xx.noalias() += xb.transpose() * xb;
      cp.xy.noalias() += xb.transpose() * yb;
      cp.yy += yb.squaredNorm();
    }
  }
  return cp;
}

// e = (y − my) − (x − mx)[:, kept] b  for every row.
VectorXd centred_residuals(const Eigen::Ref<const MatrixXd>& x, const Eigen::Ref<const VectorXd>& y,
                           const std::vector<Index>& kept, const VectorXd& b_kept,
                           const VectorXd& mx, double my) {
  VectorXd e = y.array() - my;
  for (size_t j = 0; j < kept.size(); ++j) {
    const Index col = kept[j];
    e.array() -= (x.col(col).array() - mx(col)) * b_kept(static_cast<Index>(j));
  }
  return e;
}

}  // namespace

VectorXd normalized_weights(Eigen::Ref<const VectorXd> weights, WeightKind kind) {
  VectorXd w = weights;
  if (w.size() == 0) return w;
  if (kind == WeightKind::kAnalytic || kind == WeightKind::kProbability) {
    // [U] 20.23.1: aweights are rescaled to sum to the number of observations;
    // Stata applies the same rescaling to pweights for the point estimates.
    const double total = w.sum();
    assert(total > 0);
    w *= static_cast<double>(w.size()) / total;
  }
  return w;
}

std::vector<uint8_t> collinear_columns(const MatrixXd& cross, double tolerance) {
  const detail::InOrderCholesky chol =
      detail::in_order_cholesky(cross, cross.diagonal(), tolerance);
  std::vector<uint8_t> omitted(static_cast<size_t>(cross.cols()), 1);
  for (Index j : chol.kept) omitted[static_cast<size_t>(j)] = 0;
  return omitted;
}

OlsResult ols(Eigen::Ref<const MatrixXd> x, Eigen::Ref<const VectorXd> y,
              Eigen::Ref<const VectorXd> weights, const OlsOptions& options) {
  const Index n = x.rows(), p = x.cols();
  assert(y.size() == n);
  assert(weights.size() == 0 || weights.size() == n);
  assert(options.reference_ss.size() == 0 || options.reference_ss.size() == p);

  OlsResult fit;
  fit.constant = options.constant;
  fit.weight_kind = weights.size() ? options.weight_kind : WeightKind::kNone;
  fit.weights = normalized_weights(weights, fit.weight_kind);
  const VectorXd& w = fit.weights;
  fit.sum_w = w.size() ? w.sum() : static_cast<double>(n);
  // fweights replicate observations and iweights are taken at face value, so N is
  // their sum; otherwise N is the number of rows ([R] regress, Stored results).
  const bool n_is_weight_sum =
      fit.weight_kind == WeightKind::kFrequency || fit.weight_kind == WeightKind::kImportance;
  fit.nobs = n_is_weight_sum ? fit.sum_w : static_cast<double>(n);

  // --- Means (centring is the constant's sweep, done first: `_rmcoll` gives the
  // constant priority over every regressor).
  fit.x_mean = VectorXd::Zero(p);
  fit.y_mean = 0;
  if (n > 0 && fit.sum_w != 0) {
    if (w.size()) {
      fit.x_mean = (x.transpose() * w) / fit.sum_w;
      fit.y_mean = y.dot(w) / fit.sum_w;
    } else {
      fit.x_mean = x.colwise().mean().transpose();
      fit.y_mean = y.mean();
    }
  }
  const VectorXd mx = options.constant ? fit.x_mean : VectorXd::Zero(p);
  const double my = options.constant ? fit.y_mean : 0.0;

  // --- Normal equations and the collinearity rule.
  CrossProducts cp = centred_cross(x, y, w, mx, my);
  VectorXd reference = options.reference_ss.size() ? options.reference_ss : cp.xx.diagonal();
  detail::InOrderCholesky chol =
      detail::in_order_cholesky(cp.xx, reference, options.collinear_tolerance);
  const Index k = static_cast<Index>(chol.kept.size());

  const MatrixXd& l = chol.lower;
  // Solve (L L') v = rhs.
  auto solve = [&](const VectorXd& rhs) {
    VectorXd z = l.triangularView<Eigen::Lower>().solve(rhs);
    return VectorXd(l.transpose().triangularView<Eigen::Upper>().solve(z));
  };
  VectorXd xy_kept(k);
  for (Index j = 0; j < k; ++j) xy_kept(j) = cp.xy(chol.kept[j]);
  VectorXd b_kept = solve(xy_kept);

  // One step of iterative refinement: the normal equations square the condition
  // number; correcting b with X'We from the actual residuals recovers most of the
  // accuracy a QR factorisation would give, at the cost of one pass over the data.
  VectorXd e;  // its storage is reused for fit.resid below
  if (k > 0) {
    e = centred_residuals(x, y, chol.kept, b_kept, mx, my);
    VectorXd g(k);
    for (Index j = 0; j < k; ++j) {
      const Index col = chol.kept[j];
      auto xc = x.col(col).array() - mx(col);
      g(j) = w.size() ? (xc * e.array() * w.array()).sum() : (xc * e.array()).sum();
    }
    b_kept += solve(g);
  }

  // --- Coefficients in Stata's order: regressors, then _cons.
  const Index n_coef = p + (options.constant ? 1 : 0);
  fit.coef = VectorXd::Zero(n_coef);
  fit.omitted.assign(static_cast<size_t>(n_coef), 1);
  for (Index j = 0; j < k; ++j) {
    fit.coef(chol.kept[j]) = b_kept(j);
    fit.omitted[static_cast<size_t>(chol.kept[j])] = 0;
  }
  double cons = 0;
  VectorXd mx_kept(k);
  for (Index j = 0; j < k; ++j) mx_kept(j) = mx(chol.kept[j]);
  if (options.constant) {
    cons = my - mx_kept.dot(b_kept);
    fit.coef(p) = cons;
    fit.omitted[static_cast<size_t>(p)] = 0;
  }
  fit.rank = static_cast<int>(k) + (options.constant ? 1 : 0);

  // --- (X'WX)^-1 for [X 1] from the centred inverse M = A_c^-1 by the partitioned
  // inverse: [[M, −M x̄], [−x̄'M, 1/Σw + x̄'M x̄]].
  MatrixXd m_inv = MatrixXd::Identity(k, k);
  l.triangularView<Eigen::Lower>().solveInPlace(m_inv);
  l.transpose().triangularView<Eigen::Upper>().solveInPlace(m_inv);
  m_inv = 0.5 * (m_inv + m_inv.transpose());
  fit.xtx_inv = MatrixXd::Zero(n_coef, n_coef);
  for (Index r = 0; r < k; ++r)
    for (Index c = 0; c < k; ++c) fit.xtx_inv(chol.kept[r], chol.kept[c]) = m_inv(r, c);
  if (options.constant) {
    VectorXd cross = -(m_inv * mx_kept);
    for (Index r = 0; r < k; ++r) {
      fit.xtx_inv(chol.kept[r], p) = cross(r);
      fit.xtx_inv(p, chol.kept[r]) = cross(r);
    }
    fit.xtx_inv(p, p) = 1.0 / fit.sum_w + mx_kept.dot(m_inv * mx_kept);
  }

  // --- Residuals and sums of squares.
  fit.resid = std::move(e);
  fit.resid.resize(n);
  fit.resid = y.array() - cons;
  for (Index j = 0; j < k; ++j) fit.resid -= x.col(chol.kept[j]) * b_kept(j);
  fit.rss = w.size() ? (fit.resid.array().square() * w.array()).sum() : fit.resid.squaredNorm();
  fit.tss = cp.yy;  // centred when there is a constant, raw Σ w y² otherwise
  fit.mss = fit.tss - fit.rss;
  fit.df_r = fit.nobs - fit.rank;
  return fit;
}

OlsResult ols(Eigen::Ref<const MatrixXd> x, Eigen::Ref<const VectorXd> y,
              const OlsOptions& options) {
  return ols(x, y, VectorXd(), options);
}

}  // namespace xtdo::kernel
