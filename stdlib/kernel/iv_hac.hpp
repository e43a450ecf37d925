// Kernel-weighted (HAC, AC) sums shared by iv.cpp and iv_cue.cpp; private to the kernel.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "xtdo/kernel/iv.hpp"

namespace xtdo::kernel::detail {

/// HAC meat of rows `s` observed at (group, time): Σ_i s_i s_i' +
/// Σ_τ k(τ/bw) Σ_{pairs τ apart in a group} (s_t s_{t−τ}' + s_{t−τ} s_t'),
/// τ = 1..iv_max_lag(meat). `group` empty = one series.
Eigen::MatrixXd hac_sum(const Eigen::MatrixXd& s, const std::vector<int32_t>& group,
                        const std::vector<double>& time, const IvMeat& meat);

/// AC meat: Σ_τ k(τ) (Σ^vv_τ ⊗ C_τ + its transpose), Σ^vv_τ = Σ_t v_t v_{t−τ}'/N
/// (m × m), C_τ = Σ_t b_t b_{t−τ}' over pairs in the same panel; τ = 0 enters once.
Eigen::MatrixXd ac_sum(const Eigen::MatrixXd& b, const Eigen::MatrixXd& v, const IvMeat& meat);

/// Kronecker product a ⊗ b.
Eigen::MatrixXd kron(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

}  // namespace xtdo::kernel::detail
