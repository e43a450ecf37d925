// Inequality measures of a non-negative variable: Gini, the generalised-entropy
// family (Theil T = GE(1), mean log deviation = GE(0), GE(2)), the coefficient of
// variation and Atkinson indices; Theil's within/between decomposition by group and
// Dagum's (1997) decomposition of the Gini coefficient. Every pairwise sum of
// absolute differences is computed from sorted values in O(N log N), never O(N²).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

namespace xtdo::kernel {

/// Σ_i Σ_j |a_i − a_j| over ordered pairs of one sorted (ascending) sample.
long double sum_abs_diff_within(std::span<const double> a_sorted);

/// Σ_i Σ_j |a_i − b_j| over all pairs of two sorted (ascending) samples, by a merge.
long double sum_abs_diff_between(std::span<const double> a_sorted, std::span<const double> b_sorted);

/// Measures of one sample. Values must be ≥ 0 and weights (if any) > 0. Measures
/// that need logarithms or negative powers of y (mld, atkinson_1, atkinson_2) are
/// NaN when some y = 0; every measure is NaN when the mean is 0.
struct Inequality {
  double n = 0;      ///< observations
  double sum_w = 0;  ///< sum of weights (n when unweighted)
  double mean = 0;   ///< μ = Σ w y / Σ w
  double gini = 0;   ///< Σ_i Σ_j w_i w_j |y_i − y_j| / (2 W² μ)
  double theil = 0;  ///< GE(1) = (1/W) Σ w (y/μ) ln(y/μ), 0·ln 0 = 0
  double mld = 0;    ///< GE(0) = (1/W) Σ w ln(μ/y)
  double ge2 = 0;    ///< GE(2) = cv² / 2
  double cv = 0;     ///< sqrt((1/W) Σ w (y − μ)²) / μ (divisor W, not W − 1)
  double atkinson_half = 0;  ///< A(0.5) = 1 − [(1/W) Σ w y^0.5]² / μ
  double atkinson_1 = 0;     ///< A(1) = 1 − exp((1/W) Σ w ln y) / μ
  double atkinson_2 = 0;     ///< A(2) = 1 − [(1/W) Σ w / y]⁻¹ / μ
  int64_t n_zero = 0;        ///< observations with y = 0
};

/// `w` empty = unweighted.
Inequality inequality(std::span<const double> y, std::span<const double> w);

/// Theil T and MLD split into within- and between-group parts:
///   T = Σ_g s_g T_g + Σ_g s_g ln(μ_g/μ),  s_g = W_g μ_g / (W μ) (income share)
///   L = Σ_g v_g L_g + Σ_g v_g ln(μ/μ_g),  v_g = W_g / W        (population share)
struct TheilDecomposition {
  Inequality total;
  std::vector<Inequality> group;  ///< per group code
  Eigen::VectorXd pop_share;      ///< v_g
  Eigen::VectorXd income_share;   ///< s_g
  double theil_within = 0, theil_between = 0;
  double mld_within = 0, mld_between = 0;
};

/// `code` holds a group 0..n_groups−1 per observation; every group must be non-empty.
TheilDecomposition theil_decomposition(std::span<const double> y, std::span<const double> w,
                                       std::span<const int32_t> code, int32_t n_groups);

/// Dagum's (1997) decomposition G = G_w + G_nb + G_t of the (unweighted) Gini.
/// With Δ_jh = (1/(n_j n_h)) Σ_i Σ_r |y_ji − y_hr|, p_j = n_j/n, s_j = n_j μ_j/(n μ):
///   G_jj = Δ_jj / (2 μ_j),  G_jh = Δ_jh / (μ_j + μ_h),  D_jh = |μ_j − μ_h| / Δ_jh
///   G_w  = Σ_j G_jj p_j s_j
///   G_nb = Σ_{j<h} G_jh (p_j s_h + p_h s_j) D_jh
///   G_t  = Σ_{j<h} G_jh (p_j s_h + p_h s_j) (1 − D_jh)
/// D_jh = (d_jh − p_jh)/(d_jh + p_jh) in Dagum's notation: d_jh − p_jh = μ_j − μ_h and
/// d_jh + p_jh = Δ_jh for the group with the larger mean first. Degenerate cases get
/// defined values, not NaN: G_jj = 0 when μ_j = 0; G_jh = 0 and D_jh = 0 when Δ_jh = 0.
struct Dagum {
  double gini = 0;            ///< G computed directly from all observations
  double within = 0;          ///< G_w
  double net_between = 0;     ///< G_nb
  double transvariation = 0;  ///< G_t
  Eigen::VectorXd n, mean, pop_share, income_share;  ///< per group
  Eigen::MatrixXd g;          ///< G_jj on the diagonal, G_jh off it (symmetric)
  Eigen::MatrixXd d;          ///< D_jh (symmetric, diagonal 0)
  Eigen::MatrixXd delta;      ///< Δ_jh (symmetric; Δ_jj on the diagonal)
};

/// Values must be ≥ 0 with a positive overall mean; every group non-empty.
Dagum dagum(std::span<const double> y, std::span<const int32_t> code, int32_t n_groups);

}  // namespace xtdo::kernel
