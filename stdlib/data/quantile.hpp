// Stata's percentile definitions ([D] pctile, Methods and formulas), shared by
// _pctile, pctile, xtile, winsor2 and tabstat: the default empirical-distribution
// rule with averaging, and `altdef`.
#pragma once

#include <cstdint>
#include <vector>

namespace xtdo::quantile {

/// A requested percentile p (0..100). `num/den` is p/100 as an exact fraction when
/// one is known (den > 0): nquantiles(k) gives j/k, and decimal percentiles such as
/// 2.5 give 25/1000. The unweighted rule needs "is n*p/100 an integer?", which the
/// fraction answers exactly where floating point would not (n = 3, p = 100/3).
struct Percent {
  double p = 50;
  int64_t num = 0;
  int64_t den = 0;
};

/// p as a fraction when it has at most six decimals; den = 0 otherwise.
Percent percent_of(double p);
/// The k - 1 percentiles 100 j / k of nquantiles(k), as exact fractions.
std::vector<Percent> nquantile_percents(int k);

/// Default definition on sorted values `x` (ascending, no missing) with weights `w`
/// in the same order (empty = unweighted) summing to `W`. With W_(i) the cumulative
/// weight of the i smallest values and P = W p / 100: (x_(i) + x_(i+1)) / 2 when
/// W_(i) = P, else x_(i+1) for W_(i) < P < W_(i+1). p = 0 gives x_(1), p = 100 x_(n).
double pctile_sorted(const std::vector<double>& x, const std::vector<double>& w, double W,
                     const Percent& pct);

/// `altdef` (unweighted only): with (n + 1) p / 100 = i + h, (1 - h) x_(i) + h x_(i+1),
/// x_(1) when i < 1 and x_(n) when i >= n.
double pctile_altdef(const std::vector<double>& x, const Percent& pct);

/// Percentiles of unsorted, non-missing values. Unweighted requests use selection
/// (nth_element) when few order statistics are needed, so nquantiles(4) on ten
/// million values is linear; otherwise the values are sorted (with their weights).
/// `x` and `w` are reordered.
std::vector<double> percentiles(std::vector<double>& x, std::vector<double>& w,
                                const std::vector<Percent>& pcts, bool altdef);

}  // namespace xtdo::quantile
