// Stata's percentile definitions ([D] pctile, Methods and formulas): the default
// rule (as summarize, detail) and altdef, with a selection fast path.
#include "quantile.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace xtdo::quantile {

Percent percent_of(double p) {
  Percent out;
  out.p = p;
  // p/100 = m / (100 * 10^k) for the smallest k that makes m an integer.
  double scale = 1;
  for (int k = 0; k <= 6; ++k, scale *= 10) {
    double m = p * scale;
    if (std::fabs(m - std::round(m)) <= 1e-9 * std::max(1.0, std::fabs(m))) {
      out.num = static_cast<int64_t>(std::llround(m));
      out.den = static_cast<int64_t>(100 * scale);
      return out;
    }
  }
  return out;
}

std::vector<Percent> nquantile_percents(int k) {
  std::vector<Percent> out;
  for (int j = 1; j < k; ++j) out.push_back({100.0 * j / k, j, k});
  return out;
}

namespace {

/// Unweighted P = n p / 100 split into its integer part and whether it is exact.
void position(size_t n, const Percent& pct, int64_t& i, bool& exact) {
  if (pct.den > 0) {
    __int128 prod = static_cast<__int128>(n) * pct.num;
    i = static_cast<int64_t>(prod / pct.den);
    exact = prod % pct.den == 0;
    return;
  }
  double P = static_cast<double>(n) * pct.p / 100.0;
  double fl = std::floor(P);
  i = static_cast<int64_t>(fl);
  exact = P == fl;
}

/// The 0-based order statistics the default rule reads for `pct`.
void needed_default(size_t n, const Percent& pct, std::vector<int64_t>& idx) {
  int64_t i;
  bool exact;
  position(n, pct, i, exact);
  int64_t last = static_cast<int64_t>(n) - 1;
  if (exact) {
    if (i >= 1) idx.push_back(std::min(i - 1, last));
    idx.push_back(std::min(i, last));
  } else {
    idx.push_back(std::min(i, last));
  }
}

void needed_altdef(size_t n, const Percent& pct, std::vector<int64_t>& idx) {
  double pos = static_cast<double>(n + 1) * pct.p / 100.0;
  int64_t i = static_cast<int64_t>(std::floor(pos));
  int64_t last = static_cast<int64_t>(n) - 1;
  idx.push_back(std::clamp<int64_t>(i - 1, 0, last));
  idx.push_back(std::clamp<int64_t>(i, 0, last));
}

}  // namespace

double pctile_sorted(const std::vector<double>& x, const std::vector<double>& w, double W,
                     const Percent& pct) {
  const size_t n = x.size();
  if (n == 0) return 0;
  if (w.empty()) {
    int64_t i;
    bool exact;
    position(n, pct, i, exact);
    if (i >= static_cast<int64_t>(n)) return x[n - 1];
    if (exact) return i == 0 ? x[0] : (x[i - 1] + x[i]) / 2;
    return x[i];
  }
  // Weighted: the same comparisons summarize makes, so r(p50) agrees with it.
  double P = W * pct.p / 100.0;
  double cum = 0;
  for (size_t i = 0; i < n; ++i) {
    double before = cum;
    cum += w[i];
    if (cum > P) return (i > 0 && before == P) ? (x[i - 1] + x[i]) / 2 : x[i];
  }
  return x[n - 1];
}

double pctile_altdef(const std::vector<double>& x, const Percent& pct) {
  const size_t n = x.size();
  if (n == 0) return 0;
  double pos = static_cast<double>(n + 1) * pct.p / 100.0;
  double fl = std::floor(pos);
  double h = pos - fl;
  int64_t i = static_cast<int64_t>(fl);
  if (i < 1) return x[0];
  if (i >= static_cast<int64_t>(n)) return x[n - 1];
  return (1 - h) * x[i - 1] + h * x[i];
}

std::vector<double> percentiles(std::vector<double>& x, std::vector<double>& w,
                                const std::vector<Percent>& pcts, bool altdef) {
  std::vector<double> out;
  if (x.empty()) return std::vector<double>(pcts.size(), 0);
  if (!w.empty()) {
    // Sort the values with their weights.
    std::vector<size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
    std::vector<double> xs(x.size()), ws(x.size());
    double W = 0;
    for (size_t k = 0; k < order.size(); ++k) {
      xs[k] = x[order[k]];
      ws[k] = w[order[k]];
      W += ws[k];
    }
    for (const Percent& p : pcts) out.push_back(pctile_sorted(xs, ws, W, p));
    x.swap(xs);
    w.swap(ws);
    return out;
  }
  std::vector<int64_t> idx;
  for (const Percent& p : pcts) {
    if (altdef)
      needed_altdef(x.size(), p, idx);
    else
      needed_default(x.size(), p, idx);
  }
  std::sort(idx.begin(), idx.end());
  idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
  if (idx.size() <= 16) {
    // Each nth_element places one order statistic; later ones search only the part
    // above it, so the total work is about n per statistic at most.
    int64_t lo = 0;
    for (int64_t k : idx) {
      std::nth_element(x.begin() + lo, x.begin() + k, x.end());
      lo = k + 1;
    }
  } else {
    std::sort(x.begin(), x.end());
  }
  for (const Percent& p : pcts)
    out.push_back(altdef ? pctile_altdef(x, p) : pctile_sorted(x, w, 0, p));
  return out;
}

}  // namespace xtdo::quantile
