// Partialling out several high-dimensional fixed effects by the method of
// alternating projections (Gauss–Seidel sweeps over the factors), the transform
// behind reghdfe: after convergence each column is orthogonal to every factor.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

namespace xtdo::kernel {

/// One absorbed factor: dense codes per observation (0..n_levels-1).
struct FixedEffect {
  std::span<const int32_t> code;
  int32_t n_levels = 0;
};

struct HdfeOptions {
  /// Stop a column when one full sweep changes it by less than tolerance relative
  /// to its size: ‖x_k − x_{k−1}‖₂ ≤ tolerance · ‖x_0 − x̄_0‖₂ (reghdfe's default
  /// tolerance is 1e-8).
  double tolerance = 1e-8;
  int max_iterations = 16000;
};

struct HdfeResult {
  int iterations = 0;     ///< sweeps used by the slowest column
  bool converged = true;  ///< every column met the tolerance
  double max_change = 0;  ///< the largest final relative change over the columns
};

/// Residualise every column of `data` on all the factors (in place), with weights
/// (empty = unweighted). Each sweep projects out one factor after another by
/// subtracting weighted group means: O(N) per factor per sweep, with per-factor
/// arrays of size n_levels only. With one factor a single sweep is exact.
HdfeResult demean_hdfe(Eigen::Ref<Eigen::MatrixXd> data, const std::vector<FixedEffect>& effects,
                       Eigen::Ref<const Eigen::VectorXd> weights, const HdfeOptions& options);

}  // namespace xtdo::kernel
