// Bartlett-kernel HAC meats for newey and xtscc (see hac.hpp).
#include "xtdo/kernel/hac.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <vector>

namespace xtdo::kernel {

using Eigen::Index;
using Eigen::MatrixXd;

MatrixXd ols_scores(Eigen::Ref<const MatrixXd> x, const OlsResult& fit) {
  const Index n = x.rows(), kx = x.cols();
  const Index p = kx + (fit.constant ? 1 : 0);
  Eigen::VectorXd s = fit.resid;
  if (fit.weights.size()) s.array() *= fit.weights.array();
  MatrixXd out(n, p);
  for (Index col = 0; col < kx; ++col) out.col(col) = x.col(col).cwiseProduct(s);
  if (fit.constant) out.col(kx) = s;
  return out;
}

MatrixXd group_score_sums(Eigen::Ref<const MatrixXd> scores, std::span<const int32_t> group,
                          int32_t n_groups) {
  assert(static_cast<Index>(group.size()) == scores.rows());
  MatrixXd out = MatrixXd::Zero(n_groups, scores.cols());
  for (Index col = 0; col < scores.cols(); ++col) {
    double* dst = out.col(col).data();
    const auto src = scores.col(col);
    for (Index obs = 0; obs < scores.rows(); ++obs) dst[group[static_cast<size_t>(obs)]] += src(obs);
  }
  return out;
}

MatrixXd bartlett_meat(Eigen::Ref<const MatrixXd> scores, std::span<const int32_t> series,
                       std::span<const int64_t> time, int lags) {
  const Index n = scores.rows();
  assert(static_cast<Index>(series.size()) == n && static_cast<Index>(time.size()) == n);
  MatrixXd meat = scores.transpose() * scores;
  if (lags <= 0 || n < 2) return meat;
  std::vector<Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    if (series[static_cast<size_t>(a)] != series[static_cast<size_t>(b)])
      return series[static_cast<size_t>(a)] < series[static_cast<size_t>(b)];
    return time[static_cast<size_t>(a)] < time[static_cast<size_t>(b)];
  });
  // Pairs (later, earlier) per lag, found by looking back at most `lags` positions
  // in the sorted order (times within a series are distinct).
  std::vector<std::vector<Index>> later(static_cast<size_t>(lags) + 1), earlier(static_cast<size_t>(lags) + 1);
  for (Index pos = 1; pos < n; ++pos) {
    const Index cur = order[static_cast<size_t>(pos)];
    for (Index back = pos - 1; back >= 0 && back >= pos - lags; --back) {
      const Index prev = order[static_cast<size_t>(back)];
      if (series[static_cast<size_t>(prev)] != series[static_cast<size_t>(cur)]) break;
      const int64_t gap = time[static_cast<size_t>(cur)] - time[static_cast<size_t>(prev)];
      if (gap > lags) break;
      if (gap >= 1) {
        later[static_cast<size_t>(gap)].push_back(cur);
        earlier[static_cast<size_t>(gap)].push_back(prev);
      }
    }
  }
  for (int lag = 1; lag <= lags; ++lag) {
    const auto& a = later[static_cast<size_t>(lag)];
    const auto& b = earlier[static_cast<size_t>(lag)];
    if (a.empty()) continue;
    const Index m = static_cast<Index>(a.size());
    MatrixXd sa(m, scores.cols()), sb(m, scores.cols());
    for (Index r = 0; r < m; ++r) {
      sa.row(r) = scores.row(a[static_cast<size_t>(r)]);
      sb.row(r) = scores.row(b[static_cast<size_t>(r)]);
    }
    const MatrixXd gamma = sa.transpose() * sb;
    const double weight = 1.0 - static_cast<double>(lag) / (lags + 1.0);
    meat += weight * (gamma + gamma.transpose());
  }
  return meat;
}

MatrixXd hac_sandwich(const OlsResult& fit, const MatrixXd& meat) {
  const MatrixXd v = fit.xtx_inv * meat * fit.xtx_inv;
  return 0.5 * (v + v.transpose());
}

}  // namespace xtdo::kernel
