// Gini, generalised entropy, Atkinson, Theil's decomposition and Dagum's Gini
// decomposition. Sums of absolute differences are taken over the gaps between
// consecutive sorted values (each gap times the number of pairs it separates), so
// every term is non-negative and nothing cancels.
#include "xtdo/kernel/inequality.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numeric>

namespace xtdo::kernel {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Σ_i Σ_j w_i w_j |y_i − y_j| over ordered pairs of a sorted weighted sample:
/// 2 Σ_gaps (y_(k+1) − y_(k)) · W_below · W_above.
long double weighted_sum_abs_diff(std::span<const double> y_sorted, std::span<const double> w_sorted) {
  long double total_w = 0;
  for (double w : w_sorted) total_w += w;
  long double below = 0, sum = 0;
  for (size_t k = 0; k + 1 < y_sorted.size(); ++k) {
    below += w_sorted[k];
    sum += static_cast<long double>(y_sorted[k + 1] - y_sorted[k]) * below * (total_w - below);
  }
  return 2 * sum;
}

}  // namespace

long double sum_abs_diff_within(std::span<const double> a_sorted) {
  const size_t n = a_sorted.size();
  long double sum = 0;
  for (size_t k = 0; k + 1 < n; ++k)
    sum += static_cast<long double>(a_sorted[k + 1] - a_sorted[k]) * static_cast<long double>(k + 1) *
           static_cast<long double>(n - 1 - k);
  return 2 * sum;
}

long double sum_abs_diff_between(std::span<const double> a_sorted, std::span<const double> b_sorted) {
  // Walk the merged order; the gap after each merged value separates
  // (#a below)(#b above) + (#b below)(#a above) pairs.
  const size_t na = a_sorted.size(), nb = b_sorted.size();
  size_t ia = 0, ib = 0;
  long double sum = 0;
  double prev = 0;
  bool first = true;
  while (ia < na || ib < nb) {
    const bool take_a = ib >= nb || (ia < na && a_sorted[ia] <= b_sorted[ib]);
    const double value = take_a ? a_sorted[ia] : b_sorted[ib];
    if (!first) {
      const long double pairs = static_cast<long double>(ia) * static_cast<long double>(nb - ib) +
                                static_cast<long double>(ib) * static_cast<long double>(na - ia);
      sum += static_cast<long double>(value - prev) * pairs;
    }
    first = false;
    prev = value;
    if (take_a)
      ++ia;
    else
      ++ib;
  }
  return sum;
}

Inequality inequality(std::span<const double> y, std::span<const double> w) {
  assert(w.empty() || w.size() == y.size());
  Inequality out;
  const size_t n = y.size();
  out.n = static_cast<double>(n);
  if (n == 0) return out;
  std::vector<double> ys(y.begin(), y.end()), ws;
  if (w.empty()) {
    std::sort(ys.begin(), ys.end());
  } else {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return y[a] < y[b]; });
    ws.resize(n);
    for (size_t i = 0; i < n; ++i) {
      ys[i] = y[order[i]];
      ws[i] = w[order[i]];
    }
  }
  auto weight = [&](size_t i) { return ws.empty() ? 1.0L : static_cast<long double>(ws[i]); };
  long double sw = 0, swy = 0;
  for (size_t i = 0; i < n; ++i) {
    sw += weight(i);
    swy += weight(i) * ys[i];
    out.n_zero += ys[i] == 0;
  }
  out.sum_w = static_cast<double>(sw);
  const long double mean = swy / sw;
  out.mean = static_cast<double>(mean);
  if (!(mean > 0)) {
    out.gini = out.theil = out.mld = out.ge2 = out.cv = kNaN;
    out.atkinson_half = out.atkinson_1 = out.atkinson_2 = kNaN;
    return out;
  }
  const long double abs_diff = ws.empty() ? sum_abs_diff_within(ys) : weighted_sum_abs_diff(ys, ws);
  out.gini = static_cast<double>(abs_diff / (2 * sw * sw * mean));

  long double s_theil = 0, s_log = 0, s_sq = 0, s_sqrt = 0, s_inv = 0;
  for (size_t i = 0; i < n; ++i) {
    const long double wi = weight(i), r = ys[i] / mean;
    if (r > 0) {
      s_theil += wi * r * std::log(r);
      s_log += wi * std::log(r);
      s_inv += wi / r;
    }
    s_sq += wi * (r - 1) * (r - 1);
    s_sqrt += wi * std::sqrt(r);
  }
  const bool zeros = out.n_zero > 0;
  out.theil = static_cast<double>(s_theil / sw);
  out.ge2 = static_cast<double>(s_sq / sw / 2);
  out.cv = static_cast<double>(std::sqrt(s_sq / sw));
  const long double m_sqrt = s_sqrt / sw;
  out.atkinson_half = static_cast<double>(1 - m_sqrt * m_sqrt);
  out.mld = zeros ? kNaN : static_cast<double>(-s_log / sw);
  out.atkinson_1 = zeros ? kNaN : static_cast<double>(1 - std::exp(s_log / sw));
  out.atkinson_2 = zeros ? kNaN : static_cast<double>(1 - sw / s_inv);
  return out;
}

TheilDecomposition theil_decomposition(std::span<const double> y, std::span<const double> w,
                                       std::span<const int32_t> code, int32_t n_groups) {
  assert(code.size() == y.size());
  TheilDecomposition out;
  out.total = inequality(y, w);
  std::vector<std::vector<double>> gy(static_cast<size_t>(n_groups)), gw(static_cast<size_t>(n_groups));
  for (size_t i = 0; i < y.size(); ++i) {
    gy[static_cast<size_t>(code[i])].push_back(y[i]);
    if (!w.empty()) gw[static_cast<size_t>(code[i])].push_back(w[i]);
  }
  out.pop_share.resize(n_groups);
  out.income_share.resize(n_groups);
  const double total_w = out.total.sum_w, mean = out.total.mean;
  for (int32_t g = 0; g < n_groups; ++g) {
    assert(!gy[static_cast<size_t>(g)].empty());
    Inequality gi = inequality(gy[static_cast<size_t>(g)], gw[static_cast<size_t>(g)]);
    const double v = gi.sum_w / total_w, s = v * gi.mean / mean;
    out.pop_share(g) = v;
    out.income_share(g) = s;
    if (s > 0) {
      out.theil_within += s * gi.theil;
      out.theil_between += s * std::log(gi.mean / mean);
    }
    out.mld_within += v * gi.mld;
    out.mld_between += v * std::log(mean / gi.mean);
    out.group.push_back(gi);
  }
  return out;
}

Dagum dagum(std::span<const double> y, std::span<const int32_t> code, int32_t n_groups) {
  assert(code.size() == y.size());
  const Eigen::Index k = n_groups;
  Dagum out;
  std::vector<std::vector<double>> gy(static_cast<size_t>(k));
  for (size_t i = 0; i < y.size(); ++i) gy[static_cast<size_t>(code[i])].push_back(y[i]);
  out.n.resize(k);
  out.mean.resize(k);
  long double total = 0;
  for (Eigen::Index j = 0; j < k; ++j) {
    auto& v = gy[static_cast<size_t>(j)];
    assert(!v.empty());
    std::sort(v.begin(), v.end());
    long double s = 0;
    for (double x : v) s += x;
    total += s;
    out.n(j) = static_cast<double>(v.size());
    out.mean(j) = static_cast<double>(s / v.size());
  }
  const double n = static_cast<double>(y.size());
  const double mean = static_cast<double>(total / y.size());
  out.pop_share = out.n / n;
  out.income_share = (out.n.array() * out.mean.array() / (n * mean)).matrix();

  out.delta.setZero(k, k);
  out.g.setZero(k, k);
  out.d.setZero(k, k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const auto& a = gy[static_cast<size_t>(j)];
    const double delta_jj =
        static_cast<double>(sum_abs_diff_within(a) / (static_cast<long double>(a.size()) * a.size()));
    out.delta(j, j) = delta_jj;
    out.g(j, j) = out.mean(j) > 0 ? delta_jj / (2 * out.mean(j)) : 0.0;
    out.within += out.g(j, j) * out.pop_share(j) * out.income_share(j);
    for (Eigen::Index h = 0; h < j; ++h) {
      const auto& b = gy[static_cast<size_t>(h)];
      const double delta_jh = static_cast<double>(
          sum_abs_diff_between(a, b) / (static_cast<long double>(a.size()) * b.size()));
      const double g_jh = delta_jh > 0 ? delta_jh / (out.mean(j) + out.mean(h)) : 0.0;
      const double d_jh = delta_jh > 0 ? std::fabs(out.mean(j) - out.mean(h)) / delta_jh : 0.0;
      out.delta(j, h) = out.delta(h, j) = delta_jh;
      out.g(j, h) = out.g(h, j) = g_jh;
      out.d(j, h) = out.d(h, j) = d_jh;
      const double weight = out.pop_share(j) * out.income_share(h) + out.pop_share(h) * out.income_share(j);
      out.net_between += g_jh * weight * d_jh;
      out.transvariation += g_jh * weight * (1 - d_jh);
    }
  }
  // The overall Gini from all observations, independently of the decomposition.
  std::vector<double> all(y.begin(), y.end());
  std::sort(all.begin(), all.end());
  out.gini = static_cast<double>(sum_abs_diff_within(all) /
                                 (2.0L * static_cast<long double>(n) * n * static_cast<long double>(mean)));
  return out;
}

}  // namespace xtdo::kernel
