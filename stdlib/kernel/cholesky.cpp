// In-order Cholesky with dependent columns skipped (see cholesky.hpp).
#include "cholesky.hpp"

#include <cmath>

namespace xtdo::kernel::detail {

using Eigen::Index;

InOrderCholesky in_order_cholesky(const Eigen::MatrixXd& a, const Eigen::VectorXd& reference,
                                  double tolerance) {
  const Index p = a.rows();
  InOrderCholesky out;
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(p, p);
  for (Index col = 0; col < p; ++col) {
    const Index m = static_cast<Index>(out.kept.size());
    Eigen::VectorXd v(m);
    for (Index r = 0; r < m; ++r) v(r) = a(out.kept[r], col);
    Eigen::VectorXd z = l.topLeftCorner(m, m).triangularView<Eigen::Lower>().solve(v);
    const double pivot = a(col, col) - z.squaredNorm();
    const double scale = reference(col);
    // Negated comparisons so that NaN pivots count as dependent.
    if (!(a(col, col) > 0) || !(scale > 0) || !(pivot > tolerance * scale)) continue;
    l.row(m).head(m) = z.transpose();
    l(m, m) = std::sqrt(pivot);
    out.kept.push_back(col);
  }
  const Index k = static_cast<Index>(out.kept.size());
  out.lower = l.topLeftCorner(k, k);
  return out;
}

}  // namespace xtdo::kernel::detail
