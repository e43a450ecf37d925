// Method of alternating projections for several absorbed factors: sweep the
// factors in turn, each sweep subtracting the weighted group means of the current
// residual, until a full cycle changes the column by less than the tolerance.
#include "xtdo/kernel/hdfe.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace xtdo::kernel {

using Eigen::Index;
using Eigen::VectorXd;

namespace {

// Per factor: 1 / Σ_{i∈g} w_i (0 for an empty level), computed once.
std::vector<double> inverse_level_weights(const FixedEffect& fe, const VectorXd& w, Index n) {
  std::vector<double> inv(static_cast<size_t>(fe.n_levels), 0.0);
  for (Index obs = 0; obs < n; ++obs) inv[fe.code[obs]] += w.size() ? w(obs) : 1.0;
  for (double& v : inv) v = v != 0 ? 1.0 / v : 0.0;
  return inv;
}

// x ← x − mean_g(x) for one factor; `sums` is scratch of size n_levels.
void project_out(double* x, Index n, const FixedEffect& fe, const std::vector<double>& inv_w,
                 const VectorXd& w, std::vector<double>& sums) {
  std::fill(sums.begin(), sums.end(), 0.0);
  const int32_t* code = fe.code.data();
  if (w.size()) {
    const double* wp = w.data();
    for (Index obs = 0; obs < n; ++obs) sums[code[obs]] += wp[obs] * x[obs];
  } else {
    for (Index obs = 0; obs < n; ++obs) sums[code[obs]] += x[obs];
  }
  for (size_t g = 0; g < sums.size(); ++g) sums[g] *= inv_w[g];
  for (Index obs = 0; obs < n; ++obs) x[obs] -= sums[code[obs]];
}

}  // namespace

HdfeResult demean_hdfe(Eigen::Ref<Eigen::MatrixXd> data, const std::vector<FixedEffect>& effects,
                       Eigen::Ref<const VectorXd> weights, const HdfeOptions& options) {
  const Index n = data.rows();
  assert(weights.size() == 0 || weights.size() == n);
  for ([[maybe_unused]] const auto& fe : effects) assert(static_cast<Index>(fe.code.size()) == n);
  HdfeResult result;
  if (effects.empty() || n == 0) return result;

  const VectorXd w = weights;
  std::vector<std::vector<double>> inv_w;
  for (const auto& fe : effects) {
    inv_w.push_back(inverse_level_weights(fe, w, n));
  }
  std::vector<double> sums;
  VectorXd previous(n);

  for (Index col = 0; col < data.cols(); ++col) {
    double* x = data.col(col).data();
    // Convergence is judged against the size of the column net of its mean (the
    // first projection of any factor removes the mean), so a column the factors
    // absorb entirely still converges and the criterion is scale-free.
    const double mean = w.size() ? data.col(col).dot(w) / w.sum() : data.col(col).mean();
    const double norm0 = (data.col(col).array() - mean).matrix().norm();
    int iter = 0;
    double change = 0;
    bool converged = false;
    while (iter < options.max_iterations) {
      previous = data.col(col);
      for (size_t f = 0; f < effects.size(); ++f) {
        sums.resize(static_cast<size_t>(effects[f].n_levels));
        project_out(x, n, effects[f], inv_w[f], w, sums);
      }
      ++iter;
      // One factor: a single projection is exact.
      if (effects.size() == 1) {
        change = 0;
        converged = true;
        break;
      }
      change = norm0 > 0 ? (data.col(col) - previous).norm() / norm0 : 0.0;
      if (change <= options.tolerance) {
        converged = true;
        break;
      }
    }
    result.iterations = std::max(result.iterations, iter);
    result.max_change = std::max(result.max_change, change);
    result.converged = result.converged && converged;
  }
  return result;
}

}  // namespace xtdo::kernel
