// Least squares with Stata's weights and Stata's collinearity rule (`_rmcoll`):
// the constant first, then the regressors in order; a column that is a linear
// combination of those before it is omitted and reported, never silently pivoted.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace xtdo::kernel {

/// Stata's weight types ([U] 11.1.6 weight).
enum class WeightKind {
  kNone,
  kAnalytic,     ///< aweight: rescaled to sum to the number of observations
  kFrequency,    ///< fweight: replication counts; N = sum of weights
  kProbability,  ///< pweight: rescaled like aweight; the caller must use a robust VCE
  kImportance,   ///< iweight: used as given; N = sum of weights
};

struct OlsOptions {
  bool constant = true;  ///< include an intercept (reported last, as `_cons`)
  /// A column is omitted when the part of it not explained by the constant and the
  /// kept columns before it has a (weighted) sum of squares <= tolerance × its
  /// reference sum of squares, i.e. when its R² on the earlier columns exceeds
  /// 1 − tolerance.
  double collinear_tolerance = 1e-10;
  /// Optional per-column reference sums of squares (length = columns of x) used in
  /// place of each column's own centred sum of squares in the rule above. Pass the
  /// sums of squares before a fixed-effects transformation so that a regressor the
  /// fixed effects absorb (its transformed values are rounding noise) is omitted.
  Eigen::VectorXd reference_ss;
  WeightKind weight_kind = WeightKind::kNone;
};

/// A fitted linear model: everything the VCE routines and the commands need.
/// Coefficient vectors and matrices are in Stata's order: the columns of x, then
/// the constant (when fitted). Omitted columns have coefficient 0 and zero rows
/// and columns in xtx_inv.
struct OlsResult {
  Eigen::VectorXd coef;
  Eigen::MatrixXd xtx_inv;       ///< (X'WX)^-1 over the kept columns, zero-padded
  std::vector<uint8_t> omitted;  ///< 1 = collinear (dropped), per coefficient
  bool constant = true;
  int rank = 0;             ///< coefficients estimated (kept columns + constant)
  Eigen::VectorXd resid;    ///< y − Xb, per observation
  Eigen::VectorXd weights;  ///< weights actually used (rescaled); empty if none
  WeightKind weight_kind = WeightKind::kNone;
  double nobs = 0;         ///< N as Stata reports it: rows, or the sum of fweights/iweights
  double sum_w = 0;        ///< sum of the weights used (= rows for aweight/pweight)
  double rss = 0;          ///< Σ w e²
  double tss = 0;          ///< Σ w (y − ȳ)² with a constant, Σ w y² without
  double mss = 0;          ///< tss − rss
  double df_r = 0;         ///< nobs − rank
  double y_mean = 0;       ///< weighted mean of y
  Eigen::VectorXd x_mean;  ///< weighted means of the columns of x
};

/// Weighted least squares of y on the columns of x (N × p), plus a constant when
/// `options.constant`. `weights` is empty for an unweighted fit, else length N and
/// non-negative. Normal equations are formed on centred columns in row blocks
/// (memory O(p²), not O(Np)), factored by an in-order Cholesky that skips
/// collinear columns, and the solution is refined once against the residuals.
OlsResult ols(Eigen::Ref<const Eigen::MatrixXd> x, Eigen::Ref<const Eigen::VectorXd> y,
              Eigen::Ref<const Eigen::VectorXd> weights, const OlsOptions& options);

/// Unweighted convenience overload.
OlsResult ols(Eigen::Ref<const Eigen::MatrixXd> x, Eigen::Ref<const Eigen::VectorXd> y,
              const OlsOptions& options);

/// The weights as Stata uses them in the cross-products: aweights and pweights
/// rescaled to sum to N = rows, fweights and iweights unchanged. Empty in → empty out.
Eigen::VectorXd normalized_weights(Eigen::Ref<const Eigen::VectorXd> weights, WeightKind kind);

/// Stata's collinearity rule (as `ols` applies it) on a cross-product matrix of
/// the candidate columns in order — centred when the model has a constant: column
/// j is omitted (flag 1) when what the kept columns before it leave of its sum of
/// squares is at most tolerance × its own.
std::vector<uint8_t> collinear_columns(const Eigen::MatrixXd& cross, double tolerance = 1e-10);

}  // namespace xtdo::kernel
