// Variance–covariance estimators for a fitted linear model: conventional,
// heteroskedasticity-robust (HC1, HC2, HC3) and one-way cluster-robust, with
// Stata's small-sample factors and a parameterisable degrees-of-freedom count.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

#include "xtdo/kernel/ols.hpp"

namespace xtdo::kernel {

/// Which heteroskedasticity-robust "meat" ([R] regress, Methods and formulas).
enum class RobustKind {
  kHC1,  ///< Σ e²·x x' scaled by N/(N−k): Stata's vce(robust)
  kHC2,  ///< Σ e²/(1−h)·x x', no further scaling: vce(hc2)
  kHC3,  ///< Σ e²/(1−h)²·x x', no further scaling: vce(hc3)
};

struct VceResult {
  Eigen::MatrixXd v;  ///< in OlsResult order, zero rows/columns for omitted terms
  double scale = 1;   ///< the small-sample factor applied (s² for conventional)
  int32_t n_clusters = 0;
  /// Multi-way clustering only: V had a negative eigenvalue and was repaired.
  bool psd_fixed = false;
};

/// s²·(X'WX)^-1 with s² = rss / df_r. The caller chooses df_r (regress: N − k;
/// xtreg fe: N − N_g − K; areg: N − k − (G − 1)).
VceResult vce_conventional(const OlsResult& fit, double df_r);

struct RobustOptions {
  RobustKind kind = RobustKind::kHC1;
  /// N in the HC1 factor N/(N−k); < 0 means fit.nobs.
  double nobs = -1;
  /// k in the HC1 factor N/(N−k); < 0 means fit.rank.
  double dof_k = -1;
};

/// Sandwich (X'WX)^-1 [Σ c_i x_i x_i'] (X'WX)^-1 over the observations, where
/// c_i = w_i² e_i² (aweight, pweight, iweight), w_i e_i² (fweight: each replicate
/// is its own observation) or e_i² (no weights), divided by (1 − h_ii) or
/// (1 − h_ii)² for HC2/HC3 with leverage h_ii = w_i x_i'(X'WX)^-1 x_i.
/// `x` must be the N × p regressors the fit used (the constant is implied).
VceResult vce_robust(Eigen::Ref<const Eigen::MatrixXd> x, const OlsResult& fit,
                     const RobustOptions& options);

struct ClusterOptions {
  /// N in the factor (N−1)/(N−k); < 0 means fit.nobs.
  double nobs = -1;
  /// k in (N−1)/(N−k); < 0 means fit.rank. regress uses the number of estimated
  /// coefficients; xtreg, fe uses K + 1 (the absorbed panel effects are nested in
  /// the clusters and not counted); areg counts the absorbed levels too.
  double dof_k = -1;
  /// Apply Stata's factor G/(G−1)·(N−1)/(N−k); false gives the plain sandwich.
  bool small_sample = true;
};

/// The cluster "meat" Σ_g u_g u_g' with u_g = Σ_{i∈g} w_i e_i x_i (x including the
/// constant column when fitted), over kept coefficients in OlsResult order. Exposed
/// so that multi-way clustering (Cameron–Gelbach–Miller) can combine the meats of
/// each clustering and of their intersections: V = B (Σ_S (−1)^{|S|+1} M_S) B.
Eigen::MatrixXd cluster_meat(Eigen::Ref<const Eigen::MatrixXd> x, const OlsResult& fit,
                             std::span<const int32_t> cluster, int32_t n_clusters);

/// One-way cluster-robust VCE: qc · (X'WX)^-1 M (X'WX)^-1 with
/// qc = G/(G−1) · (N−1)/(N−k) ([R] regress, [U] 20.22). `cluster` holds dense codes
/// 0..n_clusters-1 per observation.
VceResult vce_cluster(Eigen::Ref<const Eigen::MatrixXd> x, const OlsResult& fit,
                      std::span<const int32_t> cluster, int32_t n_clusters,
                      const ClusterOptions& options);

/// One clustering variable: dense codes per observation and their count.
struct ClusterCodes {
  std::span<const int32_t> code;
  int32_t n_clusters = 0;
};

/// Multi-way cluster-robust VCE (Cameron, Gelbach and Miller 2011): the meat is
/// Σ over non-empty subsets S of the clusterings of (−1)^{|S|+1} M_S, M_S the
/// one-way meat of the intersection of the clusterings in S; the small-sample
/// factor is G/(G−1)·(N−1)/(N−k) with G the smallest number of clusters (as
/// reghdfe and ivreg2 do). When V is not positive semi-definite its negative
/// eigenvalues are set to zero (and, with a constant, the slope block is repaired
/// on its own), as reghdfe does; `psd_fixed` reports it. One clustering gives
/// vce_cluster exactly.
VceResult vce_cluster_multiway(Eigen::Ref<const Eigen::MatrixXd> x, const OlsResult& fit,
                               const std::vector<ClusterCodes>& clusters,
                               const ClusterOptions& options);

/// Wald statistic b_S' V_SS^-1 b_S for the coefficients selected by `select`
/// (1 = include) and the rank of V_SS (terms whose variance is zero or that are
/// linearly dependent in V are dropped, as Stata's `test` does). Used for the
/// model F test: F = W / rank.
struct WaldResult {
  double statistic = 0;
  int rank = 0;
};
WaldResult wald_test(Eigen::Ref<const Eigen::VectorXd> b, Eigen::Ref<const Eigen::MatrixXd> v,
                     const std::vector<uint8_t>& select);

}  // namespace xtdo::kernel
