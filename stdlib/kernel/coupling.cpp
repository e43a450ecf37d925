// Coupling coordination degree (standard form and the Wang et al. 2021 revision).
#include "xtdo/kernel/coupling.hpp"

#include <cassert>
#include <cmath>
#include <limits>

namespace xtdo::kernel {

Coupling coupling(Eigen::Ref<const Eigen::MatrixXd> u_nk, Eigen::Ref<const Eigen::VectorXd> alpha,
                  CouplingFormula formula) {
  const Eigen::Index rows = u_nk.rows(), n = u_nk.cols();
  assert(n >= 2 && alpha.size() == n);
  const double nd = static_cast<double>(n);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Coupling out;
  out.c.resize(rows);
  out.t = u_nk * alpha;
  for (Eigen::Index row = 0; row < rows; ++row) {
    const auto u = u_nk.row(row);
    const double sum = u.sum(), top = u.maxCoeff();
    double c = nan;
    if (formula == CouplingFormula::kStandard) {
      // The geometric mean over the arithmetic mean, computed as a product of roots.
      if (sum > 0) c = nd * std::pow(u.prod(), 1.0 / nd) / sum;
    } else if (top > 0) {
      double spread = 0;
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < i; ++j) spread += std::fabs(u(i) - u(j));
      const double pairs = nd * (nd - 1) / 2;  // Σ_{m=1}^{n−1} m
      const double balance = std::pow((u / top).prod(), 1.0 / (nd - 1));
      c = std::sqrt((1 - spread / pairs) * balance);
    }
    out.c(row) = c;
  }
  out.d = (out.c.array() * out.t.array()).sqrt().matrix();
  return out;
}

}  // namespace xtdo::kernel
