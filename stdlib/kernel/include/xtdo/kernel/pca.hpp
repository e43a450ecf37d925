// Principal components of a correlation or covariance matrix, and the sampling-
// adequacy statistics reported before them: Kaiser–Meyer–Olkin and Bartlett's test
// of sphericity. Pure functions on an N × P data matrix or a P × P matrix.
#pragma once

#include <Eigen/Dense>

namespace xtdo::kernel {

/// Column means, standard deviations (N − 1 divisor), covariance (N − 1 divisor) and
/// correlation matrices of `x_np` (N ≥ 2). A zero-variance column gives NaN
/// correlations: callers reject constant variables first.
struct Moments {
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  Eigen::MatrixXd cov;
  Eigen::MatrixXd corr;
};
Moments column_moments(Eigen::Ref<const Eigen::MatrixXd> x_np);

/// Eigenvalues in descending order with unit-length eigenvectors (columns), each
/// oriented so that the sum of its elements is positive; when that sum is zero (to
/// rounding) the element largest in absolute value is made positive. Eigenvalues
/// that are zero to rounding (|λ| < 1e-13 · trace) are set to 0.
struct SymEigen {
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
};
SymEigen sym_eigen_descending(const Eigen::MatrixXd& c_pp);

struct PcaOptions {
  bool covariance = false;  ///< analyse the covariance instead of the correlation matrix
};

struct PcaResult {
  Moments moments;
  Eigen::MatrixXd c;  ///< the matrix analysed (correlation or covariance)
  SymEigen eigen;     ///< of `c`: eigenvalues descending, oriented eigenvectors
};

/// Principal components of the data in `x_np` (rows = observations).
PcaResult pca(Eigen::Ref<const Eigen::MatrixXd> x_np, const PcaOptions& options);

/// Component scores of the first `n_comp` components for the rows of `x_np`:
/// standardised variables ((x − mean)/sd; only centred for a covariance PCA) times
/// the eigenvectors, as Stata's `predict, score` after pca.
Eigen::MatrixXd pca_scores(Eigen::Ref<const Eigen::MatrixXd> x_np, const PcaResult& result,
                           Eigen::Index n_comp, bool covariance);

/// Kaiser–Meyer–Olkin measure of sampling adequacy from a correlation matrix R:
/// with partial (anti-image) correlations a_ij = −R⁻¹_ij / sqrt(R⁻¹_ii R⁻¹_jj),
/// KMO = Σ_{i≠j} r²_ij / (Σ_{i≠j} r²_ij + Σ_{i≠j} a²_ij), and per variable j the same
/// sums restricted to row j. `ok` is false when R is not positive definite.
struct Kmo {
  bool ok = false;
  double overall = 0;
  Eigen::VectorXd per_variable;
  Eigen::MatrixXd partial;  ///< partial correlations a_ij (diagonal 1)
};
Kmo kmo(const Eigen::MatrixXd& corr_pp);

/// Bartlett's (1950) test that R = I: χ² = −(N − 1 − (2P + 5)/6) ln|R| with
/// P(P − 1)/2 degrees of freedom. `ok` is false when R is not positive definite.
struct Bartlett {
  bool ok = false;
  double log_det = 0;  ///< ln|R|
  double chi2 = 0;
  double df = 0;
};
Bartlett bartlett_sphericity(const Eigen::MatrixXd& corr_pp, double n);

}  // namespace xtdo::kernel
