// Instrumental-variables estimation from moments: every estimator and diagnostic
// of iv.hpp evaluated from the (P × P) cross-product matrix of the columns
// W = [y X1 X2 Z1] and, for the sandwich meats, per-cluster sums of w_i w_i' (or
// one pass over the rows per meat), instead of N-row intermediate matrices.
//
// Any N-row quantity the statistics need — residuals, first-stage fitted values,
// variables partialled on X2 — is a linear combination W·C of the columns, held as
// its coefficient matrix C (P × m). Cross-products are then C_a' (W'W) C_b, and the
// meat of the scores b_i ⊗ e_i (basis W·A, residuals W·C) is, for clusters,
// Σ_g vec(A' S_g C) vec(A' S_g C)' with S_g = Σ_{i∈g} w_i w_i'. The data are read
// once to form W'W and the S_g, so a whole ivreg2 fit costs about two passes over
// the columns. The columns are read in place (pointers), never copied.
//
// Numerically the columns are shifted by their means when the constant is a
// regressor (W = W_s + 1μ', the constant column unshifted), so that residual sums
// of squares are formed from centred moments.
//
// Meats: i.i.d., heteroskedasticity-robust and two-way cluster take one pass over
// the rows per meat; one-way cluster reads the per-cluster sums; kernel-weighted
// meats (HAC, Driscoll-Kraay, AC), which need the rows in time order, form the N-row
// scores and hand them to iv_meat / the AC sum. The routines of iv.hpp that take an
// IvData are this engine applied to the data's columns; it is checked against plain
// N-row formulas in tests/unit/kernel_iv_moments_test.cpp.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "xtdo/kernel/iv.hpp"

namespace xtdo::kernel {

/// The equation's columns in place: y, endogenous X1, included exogenous X2 and
/// excluded instruments Z1, each `n` doubles. With `constant`, a column of ones is
/// appended to X2 (it is not stored).
struct IvColumns {
  Eigen::Index n = 0;
  const double* y = nullptr;
  std::vector<const double*> x1, x2, z1;
  bool constant = false;
  /// Further columns in no role (after Z1 in W), e.g. a residual to test.
  std::vector<const double*> extra;
  /// Where the stored columns are read: row i of the equation is element rows[i]
  /// (e.g. the estimation sample's rows of a data set's columns); nullptr = i.
  const int64_t* rows = nullptr;
  /// Fixed effects absorbed as level coefficients (kernel::hdfe_coefficients): the
  /// equation's value of a column at row i is stored − Σ_f coef_f[fe_code[f][i]].
  /// fe_code: per factor, n codes. fe_coef: per stored column, in the order y, x1,
  /// x2, z1, extra, one coefficient array per factor (an empty list = none).
  std::vector<const int32_t*> fe_code;
  std::vector<std::vector<const double*>> fe_coef;
};

/// Which columns of W play which role. Indices into W = [y X1 X2 (1) Z1].
struct IvRoles {
  int y = 0;
  std::vector<int> x1, x2, z1;
};

class IvMoments {
 public:
  /// Reads the columns: their means, W'W, and — for a one-way cluster meat with
  /// fewer than N/P clusters and no kernel — the per-cluster sums S_g.
  IvMoments(const IvColumns& columns, const IvMeat& meat);

  Eigen::Index p() const { return static_cast<Eigen::Index>(cols_.size()); }
  double n() const { return static_cast<double>(n_); }
  const IvMeat& meat() const { return meat_; }
  /// The roles as constructed: y = 0, X1, X2 (constant last), Z1.
  const IvRoles& roles() const { return roles_; }
  /// Index in W of the k-th extra column.
  int extra(size_t k) const { return first_extra_ + static_cast<int>(k); }

  /// Selection matrix (P × |idx|) of the columns `idx`.
  Eigen::MatrixXd select(const std::vector<int>& idx) const;
  /// (W A)'(W B).
  Eigen::MatrixXd cross(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const;
  /// Raw meat (a sum, no small-sample factor) of the scores vec(b_i e_i'),
  /// b_i = A'w_i (q), e_i = C'w_i (m): q·m × q·m, score index j·q + a. Under the
  /// i.i.d. meat this is the robust sum (as iv_meat). `as` replaces the meat's
  /// kernel settings (ivreg2's rank tests always use Bartlett).
  Eigen::MatrixXd meat(const Eigen::MatrixXd& a, const Eigen::MatrixXd& c,
                       const IvMeat* as = nullptr) const;
  /// The N × m matrix W·C.
  Eigen::MatrixXd rows(const Eigen::MatrixXd& c) const;
  /// Σ_i (w_i'c)² for a residual c (its sum of squares).
  double ss(const Eigen::VectorXd& c) const { return cross(c, c)(0, 0); }
  /// Mean of column j of W.
  double mean(int j) const;

 private:
  // Over rows [begin, end): without `code`, W_s'W_s added to `gram` (lower
  // triangle); with it, each row's w w' added to its cluster's P × P block of
  // `sums` instead (runs of one cluster as dot products), `gram` untouched.
  void accumulate(Eigen::Index begin, Eigen::Index end, const int32_t* code,
                  Eigen::MatrixXd& gram, double* sums) const;
  // Mean of column j over the rows (1 for the constant), by a pass.
  double column_mean(int j) const;
  // Rows [r0, r0 + len) of stored column j with the absorbed effects removed.
  void column_values(int j, Eigen::Index r0, Eigen::Index len, double* out) const;
  // Row block [r0, r0 + rows) of the shifted data into `blk` (rows × P).
  void gather(Eigen::Index r0, Eigen::Index rows, Eigen::MatrixXd& blk) const;
  Eigen::MatrixXd shift(const Eigen::MatrixXd& a) const;  // T·A with W A = W_s T A
  Eigen::MatrixXd cluster_meat_on_the_fly(const Eigen::MatrixXd& ta, const Eigen::MatrixXd& tc,
                                          const int32_t* code, int32_t groups) const;

  Eigen::Index n_ = 0;
  std::vector<const double*> cols_;  // nullptr = the constant
  const int64_t* rows_ = nullptr;
  std::vector<const int32_t*> fe_code_;
  std::vector<std::vector<const double*>> fe_coef_;  // per column of W (as cols_)
  bool plain_ = true;                                // no row index and no absorbed coefficients
  int constant_col_ = -1;
  int first_extra_ = 0;
  Eigen::VectorXd mu_;  // shifts (0 for the constant)
  Eigen::MatrixXd gram_;  // W_s'W_s
  IvMeat meat_;
  IvRoles roles_;
  std::vector<int32_t> both_code_;  // two-way: the intersection coding
  int32_t both_groups_ = 0;
  std::vector<double> cluster_sums_;  // one-way: G blocks of P × P (column-major)
  Eigen::Index z_first_ = -1;  // first of the instruments' (trailing) columns of W
};

/// iv_fit from moments; `resid_coef` (and for two-step GMM `first_step_coef`)
/// receive the residuals' coefficient vectors over W. fit.resid stays empty.
IvFit iv_fit(const IvMoments& m, const IvRoles& roles, const IvOptions& options,
             Eigen::VectorXd* resid_coef, Eigen::VectorXd* first_step_coef);
IvIdentification iv_identification(const IvMoments& m, const IvRoles& roles);
/// resid: coefficient vector over W of the residuals (see iv_overid).
IvOverid iv_overid(const IvMoments& m, const IvRoles& roles, const Eigen::VectorXd& resid);
IvOverid iv_endog_test(const IvMoments& m, const IvRoles& roles, const std::vector<int>& suspect);
IvOverid iv_orthog_test(const IvMoments& m, const IvRoles& roles, const Eigen::VectorXd& resid,
                        const std::vector<int>& excluded, const std::vector<int>& included);
IvAndersonRubin iv_anderson_rubin(const IvMoments& m, const IvRoles& roles);
IvFirstStage iv_first_stage(const IvMoments& m, const IvRoles& roles);

}  // namespace xtdo::kernel
