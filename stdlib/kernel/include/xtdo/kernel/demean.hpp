// The within transformation for one fixed effect: weighted group means and
// demeaning (xtreg, fe; areg), with Stata's option to add back the grand mean.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

namespace xtdo::kernel {

/// Weighted sums of the weights per group, Σ_{i∈g} w_i (counts when unweighted).
std::vector<double> group_weight_sums(std::span<const int32_t> group, int32_t n_groups,
                                      Eigen::Ref<const Eigen::VectorXd> weights);

/// Weighted group means of every column: an n_groups × columns matrix with
/// mean_g = Σ_{i∈g} w_i x_i / Σ_{i∈g} w_i. `weights` empty = unweighted.
Eigen::MatrixXd group_means(Eigen::Ref<const Eigen::MatrixXd> data, std::span<const int32_t> group,
                            int32_t n_groups, Eigen::Ref<const Eigen::VectorXd> weights);

struct WithinOptions {
  /// xtreg, fe convention ([XT] xtreg, Methods and formulas): transform
  /// x_it − x̄_i + x̿ so that a regression with a constant reports
  /// _cons = ȳ − x̄'b (the grand means of the estimation sample).
  bool add_grand_mean = false;
};

struct WithinResult {
  Eigen::VectorXd grand_mean;  ///< weighted mean of each column before the transform
  Eigen::MatrixXd group_mean;  ///< n_groups × columns, before the transform
};

/// Replace each column x by x − x̄_g(i) (+ x̿ with add_grand_mean), in place.
/// One pass to accumulate, one to subtract: O(N) per column.
WithinResult demean_within(Eigen::Ref<Eigen::MatrixXd> data, std::span<const int32_t> group,
                           int32_t n_groups, Eigen::Ref<const Eigen::VectorXd> weights,
                           const WithinOptions& options);

}  // namespace xtdo::kernel
