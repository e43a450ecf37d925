// One-way within transformation: weighted group means, then x − x̄_g (+ x̿).
#include "xtdo/kernel/demean.hpp"

#include <cassert>

namespace xtdo::kernel {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

std::vector<double> group_weight_sums(std::span<const int32_t> group, int32_t n_groups,
                                      Eigen::Ref<const VectorXd> weights) {
  std::vector<double> sums(static_cast<size_t>(n_groups), 0.0);
  const size_t n = group.size();
  assert(weights.size() == 0 || static_cast<size_t>(weights.size()) == n);
  if (weights.size()) {
    for (size_t obs = 0; obs < n; ++obs) sums[group[obs]] += weights(static_cast<Index>(obs));
  } else {
    for (size_t obs = 0; obs < n; ++obs) sums[group[obs]] += 1.0;
  }
  return sums;
}

MatrixXd group_means(Eigen::Ref<const MatrixXd> data, std::span<const int32_t> group,
                     int32_t n_groups, Eigen::Ref<const VectorXd> weights) {
  const Index n = data.rows();
  assert(static_cast<Index>(group.size()) == n);
  const std::vector<double> wsum = group_weight_sums(group, n_groups, weights);
  MatrixXd means = MatrixXd::Zero(n_groups, data.cols());
  for (Index col = 0; col < data.cols(); ++col) {
    double* m = means.col(col).data();
    const auto x = data.col(col);
    if (weights.size()) {
      for (Index obs = 0; obs < n; ++obs) m[group[obs]] += weights(obs) * x(obs);
    } else {
      for (Index obs = 0; obs < n; ++obs) m[group[obs]] += x(obs);
    }
    for (int32_t g = 0; g < n_groups; ++g)
      if (wsum[g] != 0) m[g] /= wsum[g];
  }
  return means;
}

WithinResult demean_within(Eigen::Ref<MatrixXd> data, std::span<const int32_t> group,
                           int32_t n_groups, Eigen::Ref<const VectorXd> weights,
                           const WithinOptions& options) {
  const Index n = data.rows();
  WithinResult out;
  out.group_mean = group_means(data, group, n_groups, weights);
  const double total = weights.size() ? weights.sum() : static_cast<double>(n);
  out.grand_mean = (weights.size() ? VectorXd(data.transpose() * weights)
                                   : VectorXd(data.colwise().sum().transpose())) /
                   (total != 0 ? total : 1.0);
  for (Index col = 0; col < data.cols(); ++col) {
    const double* m = out.group_mean.col(col).data();
    const double add = options.add_grand_mean ? out.grand_mean(col) : 0.0;
    auto x = data.col(col);
    for (Index obs = 0; obs < n; ++obs) x(obs) = x(obs) - m[group[obs]] + add;
  }
  return out;
}

}  // namespace xtdo::kernel
