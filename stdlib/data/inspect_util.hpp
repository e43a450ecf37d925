// Shared helpers of the inspection/panel/I-O commands: Stata's name abbreviation
// (`abbrev()`), thousands separators, padding, and weighted moments.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "xtdo/eval.hpp"
#include "xtdo/missing.hpp"
#include "xtdo/store.hpp"

namespace xtdo::inspect {

inline std::string ltrim(const std::string& s) {
  size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b);
}

/// Display columns of UTF-8 text: one per character (continuation bytes do not count).
inline size_t display_width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

inline std::string pad_left(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

inline std::string pad_right(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

/// The characters of UTF-8 text, one string each.
inline std::vector<std::string> utf8_chars(const std::string& s) {
  std::vector<std::string> out;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80 && !out.empty()) out.back() += static_cast<char>(c);
    else out.emplace_back(1, static_cast<char>(c));
  }
  return out;
}

/// An integer with thousands separators (Stata's %#.0fc): 1234567 -> "1,234,567".
inline std::string commas(double v) {
  if (missing::is_missing(v)) return missing::to_string(v);
  std::string digits = fmt::format("{:.0f}", std::fabs(v));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    out += digits[i];
    size_t left = digits.size() - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return v < 0 ? "-" + out : out;
}

/// A count in a field of `width` columns: with separators when they fit, else plain
/// (as Stata's `Obs` columns do).
inline std::string count_field(double v, size_t width) {
  std::string s = commas(v);
  if (s.size() > width) s = fmt::format("{:.0f}", v);
  return pad_left(s, width);
}

/// A number formatted with a display format and its padding removed.
inline std::string fmt_trim(double v, const std::string& format) {
  return ltrim(format_number(v, format));
}

/// Does the abbreviation `prefix~suffix` match exactly one variable of `data`?
inline bool abbrev_unique(const Dataset& data, const std::string& prefix, const std::string& suffix) {
  int hits = 0;
  for (const auto& col : data.columns()) {
    const std::string& n = col->name;
    if (n.size() >= prefix.size() + suffix.size() && n.compare(0, prefix.size(), prefix) == 0 &&
        n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      ++hits;
  }
  return hits == 1;
}

/// Stata's abbrev(name, width): names longer than `width` keep their start and end
/// around a `~` (`lag_invest` -> `lag_in~t`). When a dataset is given, more of the end
/// is kept until the abbreviation names one variable only, as Stata's output does
/// (`condsurv1_lci` next to `condsurv1_uci` -> `cond~lci`).
inline std::string abbrev(const std::string& name, size_t width, const Dataset* data = nullptr) {
  std::vector<std::string> chars = utf8_chars(name);
  auto join = [&](size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) out += chars[i];
    return out;
  };
  if (chars.size() <= width) return name;
  if (width < 3) return join(0, width);
  std::string first;
  for (size_t tail = 1; tail + 2 <= width; ++tail) {
    std::string prefix = join(0, width - 1 - tail);
    std::string suffix = join(chars.size() - tail, chars.size());
    std::string cand = prefix + "~" + suffix;
    if (first.empty()) first = cand;
    if (!data || abbrev_unique(*data, prefix, suffix)) return cand;
  }
  return first;
}

/// The text of one observation of a column as `list` shows it: value labels for
/// labelled numerics (unless `nolabel`), the display format otherwise.
inline std::string cell_text(const Dataset& data, const Column& col, size_t row, bool labels) {
  if (col.is_string()) return col.str[row];
  double v = col.num[row];
  if (labels && !col.value_label.empty()) {
    auto set = data.value_labels.find(col.value_label);
    if (set != data.value_labels.end()) {
      auto hit = set->second.find(v);
      if (hit != set->second.end()) return hit->second;
    }
  }
  return ltrim(format_number(v, col.format.empty() ? "%9.0g" : col.format));
}

/// Weighted moments of a sample, computed in two passes (the second pass corrects the
/// mean's rounding error: ss = sum w d^2 - (sum w d)^2 / W).
struct Moments {
  double n = 0;      ///< number of observations
  double sum_w = 0;  ///< sum of the weights as given
  double mean = missing::kSysmiss;
  double m2 = 0, m3 = 0, m4 = 0;  ///< central moments sum w d^r / W
  double ss = 0;                  ///< sum w d^2 (weights as given)
  double min = missing::kSysmiss, max = missing::kSysmiss;
};

/// `w` may be empty (all weights 1). Values and weights are already free of missing.
inline Moments moments(const std::vector<double>& x, const std::vector<double>& w, bool higher) {
  Moments m;
  m.n = static_cast<double>(x.size());
  if (x.empty()) return m;
  // Neumaier-compensated sums for the mean.
  double sw = 0, cw = 0, sx = 0, cx = 0;
  auto add = [](double& s, double& c, double v) {
    double t = s + v;
    c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
  };
  m.min = x[0];
  m.max = x[0];
  for (size_t i = 0; i < x.size(); ++i) {
    double wi = w.empty() ? 1.0 : w[i];
    add(sw, cw, wi);
    add(sx, cx, wi * x[i]);
    if (x[i] < m.min) m.min = x[i];
    if (x[i] > m.max) m.max = x[i];
  }
  m.sum_w = sw + cw;
  double W = m.sum_w;
  m.mean = (sx + cx) / W;
  double d1 = 0, d2 = 0, d3 = 0, d4 = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    double wi = w.empty() ? 1.0 : w[i];
    double d = x[i] - m.mean;
    d1 += wi * d;
    double dd = d * d;
    d2 += wi * dd;
    if (higher) {
      d3 += wi * dd * d;
      d4 += wi * dd * dd;
    }
  }
  m.ss = d2 - d1 * d1 / W;
  m.m2 = m.ss / W;
  m.m3 = d3 / W;
  m.m4 = d4 / W;
  return m;
}

}  // namespace xtdo::inspect
