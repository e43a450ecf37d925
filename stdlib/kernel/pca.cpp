// Principal components (symmetric eigendecomposition), KMO and Bartlett's test.
#include "xtdo/kernel/pca.hpp"

#include <Eigen/Eigenvalues>
#include <cassert>
#include <cmath>

namespace xtdo::kernel {

Moments column_moments(Eigen::Ref<const Eigen::MatrixXd> x_np) {
  const Eigen::Index n = x_np.rows();
  assert(n >= 2);
  Moments m;
  m.mean = x_np.colwise().mean().transpose();
  // Centred cross-products: the two-pass form keeps precision for large means.
  Eigen::MatrixXd centred = x_np.rowwise() - m.mean.transpose();
  m.cov = (centred.transpose() * centred) / static_cast<double>(n - 1);
  m.sd = m.cov.diagonal().cwiseSqrt();
  const Eigen::VectorXd inv_sd = m.sd.cwiseInverse();
  m.corr = inv_sd.asDiagonal() * m.cov * inv_sd.asDiagonal();
  m.corr.diagonal().setOnes();
  return m;
}

SymEigen sym_eigen_descending(const Eigen::MatrixXd& c_pp) {
  const Eigen::Index p = c_pp.rows();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(c_pp);
  SymEigen out;
  // The solver returns ascending eigenvalues; reverse them and their vectors.
  out.values = solver.eigenvalues().reverse();
  out.vectors = solver.eigenvectors().rowwise().reverse();
  const double zero_tol = 1e-13 * std::max(1.0, std::fabs(c_pp.trace()));
  for (Eigen::Index k = 0; k < p; ++k) {
    if (std::fabs(out.values(k)) < zero_tol) out.values(k) = 0;
    auto v = out.vectors.col(k);
    const double sum = v.sum();
    double flip = sum < 0 ? -1.0 : 1.0;
    if (std::fabs(sum) < 1e-10) {
      Eigen::Index largest = 0;
      v.cwiseAbs().maxCoeff(&largest);
      flip = v(largest) < 0 ? -1.0 : 1.0;
    }
    v *= flip;
  }
  return out;
}

PcaResult pca(Eigen::Ref<const Eigen::MatrixXd> x_np, const PcaOptions& options) {
  PcaResult out;
  out.moments = column_moments(x_np);
  out.c = options.covariance ? out.moments.cov : out.moments.corr;
  out.eigen = sym_eigen_descending(out.c);
  return out;
}

Eigen::MatrixXd pca_scores(Eigen::Ref<const Eigen::MatrixXd> x_np, const PcaResult& result,
                           Eigen::Index n_comp, bool covariance) {
  Eigen::MatrixXd z = x_np.rowwise() - result.moments.mean.transpose();
  if (!covariance) z = z * result.moments.sd.cwiseInverse().asDiagonal();
  return z * result.eigen.vectors.leftCols(n_comp);
}

namespace {

/// Positive definite beyond rounding: the smallest eigenvalue exceeds 1e-12 · P (the
/// trace of a correlation matrix), so that R⁻¹ and ln|R| are meaningful.
bool well_conditioned(const Eigen::MatrixXd& corr_pp, Eigen::VectorXd* eigenvalues = nullptr) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(corr_pp, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) return false;
  if (eigenvalues) *eigenvalues = solver.eigenvalues();
  return solver.eigenvalues().minCoeff() > 1e-12 * static_cast<double>(corr_pp.rows());
}

}  // namespace

Kmo kmo(const Eigen::MatrixXd& corr_pp) {
  Kmo out;
  const Eigen::Index p = corr_pp.rows();
  if (!well_conditioned(corr_pp)) return out;
  Eigen::LLT<Eigen::MatrixXd> llt(corr_pp);
  if (llt.info() != Eigen::Success) return out;
  const Eigen::MatrixXd inv = llt.solve(Eigen::MatrixXd::Identity(p, p));
  out.partial.resize(p, p);
  for (Eigen::Index i = 0; i < p; ++i)
    for (Eigen::Index j = 0; j < p; ++j)
      out.partial(i, j) = i == j ? 1.0 : -inv(i, j) / std::sqrt(inv(i, i) * inv(j, j));
  out.per_variable.resize(p);
  double r2_all = 0, a2_all = 0;
  for (Eigen::Index j = 0; j < p; ++j) {
    double r2 = 0, a2 = 0;
    for (Eigen::Index i = 0; i < p; ++i) {
      if (i == j) continue;
      r2 += corr_pp(i, j) * corr_pp(i, j);
      a2 += out.partial(i, j) * out.partial(i, j);
    }
    out.per_variable(j) = r2 / (r2 + a2);
    r2_all += r2;
    a2_all += a2;
  }
  out.overall = r2_all / (r2_all + a2_all);
  out.ok = true;
  return out;
}

Bartlett bartlett_sphericity(const Eigen::MatrixXd& corr_pp, double n) {
  Bartlett out;
  const double p = static_cast<double>(corr_pp.rows());
  Eigen::VectorXd eigenvalues;
  if (!well_conditioned(corr_pp, &eigenvalues)) return out;
  out.log_det = eigenvalues.array().log().sum();
  out.chi2 = -(n - 1.0 - (2.0 * p + 5.0) / 6.0) * out.log_det;
  out.df = p * (p - 1.0) / 2.0;
  out.ok = true;
  return out;
}

}  // namespace xtdo::kernel
