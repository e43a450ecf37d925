// Linear GMM for dynamic panels (Arellano–Bond difference GMM, Blundell–Bond
// system GMM) as Roodman's xtabond2 computes it: one-step and two-step
// estimates, the robust and Windmeijer-corrected VCEs, Sargan/Hansen and
// difference-in-Hansen statistics, and the Arellano–Bond AR(m) tests. The
// data arrive stacked group by group, R rows per group; nothing here is
// larger than (G·R) × j.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace xtdo::kernel {

/// A generalized inverse of a symmetric positive semidefinite matrix, built as
/// Stata's invsym(): columns are taken in order and a column whose variance
/// left after the columns already kept is at most 1e-13 of its diagonal (or
/// whose diagonal is not positive) is dropped; the result is the inverse of the
/// kept block with zero rows and columns for the dropped ones.
struct SymInverse {
  Eigen::MatrixXd inv;
  std::vector<uint8_t> kept;  ///< per column
  int dropped = 0;            ///< Stata's diag0cnt() of the result
};
SymInverse invsym(const Eigen::MatrixXd& a);

/// Number of zero diagonal elements (Stata's diag0cnt()).
int diag0cnt(const Eigen::MatrixXd& a);

/// The stacked moment problem. Group g owns rows [g·R, (g+1)·R). Rows outside
/// the estimation sample are zero in x, y and z.
struct GmmSystem {
  int rows_per_group = 0;      ///< R
  Eigen::MatrixXd x;           ///< (G·R) × k regressors
  Eigen::VectorXd y;           ///< G·R
  Eigen::MatrixXd z;           ///< (G·R) × j instruments
  Eigen::MatrixXd h;           ///< R × R one-step weighting matrix H
  Eigen::VectorXd sigma_rows;  ///< R: 1 on the rows whose residuals estimate σ²
  /// σ² = Σ (e·sigma_rows)² / sigma_divisor: 2·N for first differences with
  /// H ≠ I, N otherwise (xtabond2's convention).
  double sigma_divisor = 1;
  /// Optional row weights w (G·R, zero on unused rows). Then x and y arrive
  /// multiplied by w, the one-step weight is Σ Z_i'W^½HW^½Z_i and σ² uses
  /// e/√w (xtabond2's treatment of aweights, pweights and fweights).
  Eigen::VectorXd weights;
  /// Optional cluster code per row (G·R; −1 on unused rows) with n_clusters
  /// clusters: the robust moment covariance and Windmeijer's correction then sum
  /// over clusters instead of groups (xtabond2's cluster() with one variable).
  std::vector<int32_t> cluster;
  int n_clusters = 0;
  int groups() const { return rows_per_group ? static_cast<int>(y.size()) / rows_per_group : 0; }
};

struct GmmOptions {
  bool twostep = false;
  bool robust = false;  ///< one-step: cluster-robust by group; two-step: Windmeijer
};

struct GmmFit {
  Eigen::VectorXd b;        ///< the reported step's coefficients
  Eigen::MatrixXd v;        ///< the reported VCE, symmetrised, before any small-sample factor
  Eigen::MatrixXd v_test;   ///< the same VCE unsymmetrised (the AR tests' V)
  Eigen::MatrixXd v_model;  ///< the non-robust V1 or V2 of the reported step
  Eigen::MatrixXd a;        ///< A1 or A2 of the reported step
  Eigen::VectorXd e;        ///< residuals of the reported step, G·R
  Eigen::MatrixXd zx;       ///< Z'X
  Eigen::VectorXd zy;       ///< Z'y
  /// The moment covariance that difference-in-Sargan/Hansen tests invert:
  /// σ²·Σ Z_i'HZ_i for one-step non-robust fits, Σ Z_i'e1_i e1_i'Z_i otherwise.
  Eigen::MatrixXd s_test;
  Eigen::VectorXd a1_diag;  ///< diagonal of A1 (zeros mark dropped moments)
  double sig2 = 0;          ///< σ² from the reported step's residuals
  double sargan = 0;        ///< e1'Z A1 Z'e1 (A1 = (σ² Σ Z_i'HZ_i)^-)
  double hansen = 0;        ///< e2'Z A2 Z'e2 when has_hansen
  bool has_hansen = false;  ///< robust or two-step
  int j0 = 0;               ///< instruments less moments dropped from A1
  int a2_dropped = 0;       ///< diag0cnt(A2): the robust moment covariance was singular
  int v2_zero_diag = 0;     ///< diag0cnt(V2) (0 for one-step non-robust)
  int v_zero_diag = 0;      ///< diag0cnt of the reported V
};

/// One-step GMM with weighting matrix (Σ Z_i'HZ_i)^-, and, when robust or
/// two-step, the robust moment covariance Σ Z_i'e1_i e1_i'Z_i, the two-step
/// estimate and Hansen's J.
GmmFit gmm_fit(const GmmSystem& sys, const GmmOptions& options);

/// Difference-in-Sargan/Hansen for one instrument subset: `keep` lists the
/// instrument columns left after removing the subset.
struct DiffSargan {
  bool valid = false;
  double excluded = 0;    ///< Sargan/Hansen statistic without the subset
  double difference = 0;  ///< full statistic minus `excluded`
  double df = 0;          ///< instruments in the subset (degrees of freedom of the difference)
};
DiffSargan gmm_diff_sargan(const GmmSystem& sys, const GmmFit& fit, const std::vector<int>& keep);

/// What the Arellano–Bond test needs about the equation whose residuals it tests.
struct ArInput {
  int periods = 0;      ///< T
  Eigen::MatrixXd w;    ///< T × G residuals tested
  Eigen::MatrixXd wl;   ///< T × G residuals that are lagged (w unless weighted)
  Eigen::MatrixXd x;    ///< (G·T) × k regressors of those rows, group by group
  Eigen::MatrixXd use;  ///< T × G sample indicator of those rows
  /// One-step non-robust only: σ²·H for the tested residuals (T × T) and σ²·Ψ',
  /// the covariance of the tested residuals with the model's errors (T × R).
  Eigen::MatrixXd h;
  Eigen::MatrixXd psi;
  /// With weights (one-step non-robust only): T × G weights of each group's
  /// first T rows, entering σ²·H and σ²·Ψ' as diag(w).
  Eigen::MatrixXd row_weights;
};
struct ArTest {
  double z = 0, p = 0;
  bool defined = false;
};
/// AR(1)…AR(orders) tests (Arellano and Bond 1991, eq. 8; xtabond2's variance).
std::vector<ArTest> gmm_ar_tests(const GmmSystem& sys, const GmmFit& fit, const ArInput& in,
                                 int orders, bool onestep_nonrobust);

}  // namespace xtdo::kernel
