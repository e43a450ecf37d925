// Heteroskedasticity- and autocorrelation-consistent (HAC) "meats" with the
// Bartlett kernel: Newey–West within series (newey) and, applied to the
// cross-sectional sums of the scores per period, Driscoll–Kraay (xtscc).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>

#include "xtdo/kernel/ols.hpp"

namespace xtdo::kernel {

/// Per-observation scores s_i = w_i e_i z_i of a least-squares fit, N × p, where
/// z_i is the row of x followed by 1 when the fit has a constant (OlsResult
/// order) and w_i the weights the fit used (1 when unweighted).
Eigen::MatrixXd ols_scores(Eigen::Ref<const Eigen::MatrixXd> x, const OlsResult& fit);

/// Column sums of `scores` by group code (0..n_groups-1): n_groups × p.
Eigen::MatrixXd group_score_sums(Eigen::Ref<const Eigen::MatrixXd> scores,
                                 std::span<const int32_t> group, int32_t n_groups);

/// Bartlett-weighted long-run sum of the scores
///   S = Σ_i s_i s_i' + Σ_{l=1}^{m} (1 − l/(m+1)) Σ_{(i,j): series_i = series_j,
///       time_i − time_j = l} (s_i s_j' + s_j s_i'),
/// where `time` is the integer period (already divided by the time delta). Pairs
/// are found by sorting on (series, time), so gaps are respected: observations
/// l periods apart are paired only when both are present.
Eigen::MatrixXd bartlett_meat(Eigen::Ref<const Eigen::MatrixXd> scores,
                              std::span<const int32_t> series, std::span<const int64_t> time,
                              int lags);

/// Sandwich (X'WX)^-1 S (X'WX)^-1 with the fit's zero-padded inverse: omitted
/// coefficients get zero rows and columns.
Eigen::MatrixXd hac_sandwich(const OlsResult& fit, const Eigen::MatrixXd& meat);

}  // namespace xtdo::kernel
