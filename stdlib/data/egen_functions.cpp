// The egen functions: group statistics in one pass over precomputed group codes
// (sorting only where order matters: median, pctile, rank), row statistics,
// group()/tag()/cut(). Conventions follow Stata's _g*.ado files.
#include "egen_functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"

namespace xtdo::egen {

namespace {

constexpr double kMiss = missing::kSysmiss;
inline bool miss(double v) { return missing::is_missing(v); }

/// Result vector: `f(group)` at rows in if/in, missing elsewhere.
template <class F>
std::vector<double> broadcast(const Input& in, F f) {
  const size_t n = in.data.nobs();
  std::vector<double> out(n, kMiss);
  for (size_t row = 0; row < n; ++row)
    if (in.touse[row]) out[row] = f(in.groups.code[row]);
  return out;
}

/// Per-group count and sum of the non-missing values in if/in.
struct Sums {
  std::vector<int64_t> count;
  std::vector<double> sum;
};
Sums sums(const Input& in) {
  Sums s;
  s.count.assign(static_cast<size_t>(in.groups.ngroups), 0);
  s.sum.assign(static_cast<size_t>(in.groups.ngroups), 0.0);
  const size_t n = in.data.nobs();
  for (size_t row = 0; row < n; ++row) {
    double v = in.x[row];
    if (!in.touse[row] || miss(v)) continue;
    int32_t g = in.groups.code[row];
    s.sum[g] += v;
    ++s.count[g];
  }
  return s;
}

// --- Group statistics of an expression

std::vector<double> fn_mean(Input& in) {
  Sums s = sums(in);
  return broadcast(in, [&](int32_t g) { return s.count[g] ? s.sum[g] / s.count[g] : kMiss; });
}

/// total(): missing values count as 0; with `missing`, an all-missing group is missing.
std::vector<double> fn_total(Input& in) {
  Sums s = sums(in);
  const bool keep_missing = in.args.has("missing");
  return broadcast(in, [&](int32_t g) { return keep_missing && !s.count[g] ? kMiss : s.sum[g]; });
}

std::vector<double> fn_count(Input& in) {
  Sums s = sums(in);
  return broadcast(in, [&](int32_t g) { return static_cast<double>(s.count[g]); });
}

template <bool Max>
std::vector<double> fn_extreme(Input& in) {
  std::vector<double> best(static_cast<size_t>(in.groups.ngroups), kMiss);
  const size_t n = in.data.nobs();
  for (size_t row = 0; row < n; ++row) {
    double v = in.x[row];
    if (!in.touse[row] || miss(v)) continue;
    double& b = best[in.groups.code[row]];
    if (miss(b) || (Max ? v > b : v < b)) b = v;
  }
  return broadcast(in, [&](int32_t g) { return best[g]; });
}

/// sd(): sample standard deviation (n - 1), two passes as _gsd.ado; n < 2 is missing.
std::vector<double> fn_sd(Input& in) {
  Sums s = sums(in);
  std::vector<double> ss(static_cast<size_t>(in.groups.ngroups), 0.0);
  const size_t n = in.data.nobs();
  for (size_t row = 0; row < n; ++row) {
    double v = in.x[row];
    if (!in.touse[row] || miss(v)) continue;
    int32_t g = in.groups.code[row];
    double d = v - s.sum[g] / s.count[g];
    ss[g] += d * d;
  }
  return broadcast(in, [&](int32_t g) {
    return s.count[g] > 1 ? std::sqrt(ss[g] / static_cast<double>(s.count[g] - 1)) : kMiss;
  });
}

/// The non-missing values in if/in as (group, value, row), sorted.
struct Obs {
  int32_t g;
  double v;
  int64_t row;
  bool operator<(const Obs& o) const {
    if (g != o.g) return g < o.g;
    if (v != o.v) return v < o.v;
    return row < o.row;
  }
};
std::vector<Obs> sorted_obs(const Input& in, double sign = 1.0) {
  std::vector<Obs> obs;
  const size_t n = in.data.nobs();
  for (size_t row = 0; row < n; ++row)
    if (in.touse[row] && !miss(in.x[row]))
      obs.push_back({in.groups.code[row], sign * in.x[row], static_cast<int64_t>(row)});
  std::sort(obs.begin(), obs.end());
  return obs;
}

/// Stata's percentile without weights ([R] summarize, _gpctile.ado): with N
/// values and P = N*p/100, the mean of x[P] and x[P+1] when P is an integer,
/// else x[floor(P)+1] (1-based).
double percentile(const Obs* x, int64_t count, double p) {
  if (count == 0) return kMiss;
  double np = static_cast<double>(count) * p / 100.0;
  double rj = std::round(np);
  if (100.0 * rj == static_cast<double>(count) * p) {
    int64_t j = static_cast<int64_t>(rj);
    return (x[j - 1].v + x[j].v) / 2.0;
  }
  int64_t j = static_cast<int64_t>(std::floor(np)) + 1;
  return x[std::min(j, count) - 1].v;
}

std::vector<double> by_percentile(Input& in, double p) {
  if (!(p > 0 && p < 100)) throw XtdoError(198, fmt::format("p({}) must be between 0 and 100", p));
  std::vector<Obs> obs = sorted_obs(in);
  std::vector<double> value(static_cast<size_t>(in.groups.ngroups), kMiss);
  for (size_t i = 0; i < obs.size();) {
    size_t j = i;
    while (j < obs.size() && obs[j].g == obs[i].g) ++j;
    value[obs[i].g] = percentile(&obs[i], static_cast<int64_t>(j - i), p);
    i = j;
  }
  return broadcast(in, [&](int32_t g) { return value[g]; });
}

std::vector<double> fn_median(Input& in) { return by_percentile(in, 50.0); }
std::vector<double> fn_pctile(Input& in) { return by_percentile(in, in.args.number("p")); }

/// rank(): 1 = smallest; ties get the mean of their positions (default), the
/// smallest position (`track`), the smallest position counting from the largest
/// value (`field`), or distinct positions in data order (`unique`).
std::vector<double> fn_rank(Input& in) {
  const bool field = in.args.has("field"), track = in.args.has("track"),
             unique = in.args.has("unique");
  if (field + track + unique > 1)
    throw XtdoError(198, "only one of field, track, or unique may be specified");
  std::vector<Obs> obs = sorted_obs(in, field ? -1.0 : 1.0);
  std::vector<double> out(in.data.nobs(), kMiss);
  size_t start = 0;  // first observation of the current group
  for (size_t i = 0; i < obs.size();) {
    if (i == 0 || obs[i].g != obs[i - 1].g) start = i;
    size_t j = i;
    while (j < obs.size() && obs[j].g == obs[i].g && obs[j].v == obs[i].v) ++j;
    double first = static_cast<double>(i - start + 1);
    double last = static_cast<double>(j - start);
    for (size_t k = i; k < j; ++k) {
      double r = unique             ? static_cast<double>(k - start + 1)
                 : (field || track) ? first
                                    : (first + last) / 2.0;
      out[obs[k].row] = r;
    }
    i = j;
  }
  return out;
}

/// std(): standardised values, computed from the values as stored in the result
/// type (as _gstd.ado generates first, then summarizes).
std::vector<double> fn_std(Input& in) {
  const size_t n = in.data.nobs();
  std::vector<double> v(n, kMiss);
  double sum = 0;
  int64_t count = 0;
  for (size_t row = 0; row < n; ++row) {
    if (!in.touse[row]) continue;
    v[row] = data::to_storage(in.type, in.x[row]);
    if (!miss(v[row])) {
      sum += v[row];
      ++count;
    }
  }
  double mean = count ? sum / static_cast<double>(count) : kMiss;
  double ss = 0;
  for (size_t row = 0; row < n; ++row)
    if (!miss(v[row])) ss += (v[row] - mean) * (v[row] - mean);
  double sd = count > 1 ? std::sqrt(ss / static_cast<double>(count - 1)) : kMiss;
  const double to_mean = in.args.number("mean"), to_sd = in.args.number("std");
  for (double& x : v)
    x = (miss(x) || miss(sd)) ? kMiss : missing::clean((x - mean) / sd * to_sd + to_mean);
  return v;
}

/// cut(): interval left ends from at(numlist), or equal-frequency groups coded
/// 0..k-1 with group(k) (cut points from the values, as _gcut.ado).
std::vector<double> fn_cut(Input& in) {
  const size_t n = in.data.nobs();
  auto at_text = in.args.get("at");
  const double ngroups = in.args.number("group");
  if (!at_text && (miss(ngroups) || ngroups == 0))
    throw XtdoError(198, "one of at() or group() must be specified");
  if (at_text && !miss(ngroups) && ngroups != 0)
    throw XtdoError(198, "cannot specify both at() and group() option");
  bool icodes = in.args.has("icodes");
  std::vector<double> x(n);
  for (size_t row = 0; row < n; ++row)
    x[row] = data::to_storage(data::default_numeric_type(in.session), in.x[row]);
  std::vector<double> at;
  if (at_text) {
    at = grammar::parse_numlist(*at_text);
    if (at.empty()) throw XtdoError(198, "at() requires a numlist");
    for (size_t k = 1; k < at.size(); ++k)
      if (at[k] < at[k - 1]) throw XtdoError(124, "numlist out of order");
    for (double& v : x)
      if (v >= at.back()) v = kMiss;
  }
  std::vector<uint8_t> use(n);
  for (size_t row = 0; row < n; ++row) use[row] = in.touse[row] && !miss(x[row]);
  if (!at_text) {
    icodes = true;
    int64_t k = static_cast<int64_t>(ngroups);
    if (k < 1 || static_cast<double>(k) != ngroups)
      throw XtdoError(198, "group() must be a positive integer");
    double lo_all = kMiss;
    std::vector<double> vals;
    for (size_t row = 0; row < n; ++row) {
      if (!miss(x[row]) && (miss(lo_all) || x[row] < lo_all)) lo_all = x[row];
      if (use[row]) vals.push_back(x[row]);
    }
    std::sort(vals.begin(), vals.end());
    const int64_t count = static_cast<int64_t>(vals.size());
    at.push_back(lo_all);
    for (int64_t j = 1; j < k; ++j) {
      // _pctile nq(k): P = N*j/k; integer P averages x[P] and x[P+1].
      if (count == 0) break;
      if ((count * j) % k == 0) {
        int64_t p = count * j / k;
        at.push_back((vals[p - 1] + vals[p]) / 2.0);
      } else {
        at.push_back(vals[static_cast<size_t>(count * j / k)]);
      }
    }
    at.push_back(count ? vals.back() + 1 : kMiss);
  }
  std::vector<double> out(n, kMiss);
  for (size_t row = 0; row < n; ++row) {
    if (!use[row]) continue;
    for (size_t k = 0; k < at.size(); ++k)
      if (x[row] >= at[k]) out[row] = icodes ? static_cast<double>(k) : at[k];
  }
  return out;
}

// --- Functions of a varlist

/// Rows in if/in that are non-missing on every variable (strings: non-empty),
/// unless `missing` was given.
std::vector<uint8_t> complete_rows(const Input& in) {
  std::vector<uint8_t> use = in.touse;
  if (in.args.has("missing")) return use;
  for (const auto& name : in.vars) {
    const Column& c = *in.data.get(name);
    for (size_t row = 0; row < use.size(); ++row)
      if (c.is_string() ? c.str[row].empty() : miss(c.num[row])) use[row] = 0;
  }
  return use;
}

std::vector<double> fn_group(Input& in) {
  std::vector<uint8_t> use = complete_rows(in);
  data::GroupCodes codes = data::group_codes(in.data, in.vars, &use);
  std::vector<double> out(in.data.nobs(), kMiss);
  for (size_t row = 0; row < out.size(); ++row)
    if (codes.code[row] >= 0) out[row] = codes.code[row] + 1.0;
  return out;
}

/// tag(): 1 on the first observation (in data order) of each group, else 0.
std::vector<double> fn_tag(Input& in) {
  std::vector<uint8_t> use = complete_rows(in);
  data::GroupCodes codes = data::group_codes(in.data, in.vars, &use);
  std::vector<uint8_t> seen(static_cast<size_t>(codes.ngroups), 0);
  std::vector<double> out(in.data.nobs(), 0.0);
  for (size_t row = 0; row < out.size(); ++row) {
    int32_t g = codes.code[row];
    if (g >= 0 && !seen[g]) {
      seen[g] = 1;
      out[row] = 1.0;
    }
  }
  return out;
}

/// Row statistics: `f(values, count)` over the non-missing values of each row.
template <class F>
std::vector<double> by_row(const Input& in, F f) {
  const size_t n = in.data.nobs();
  std::vector<const Column*> cols;
  for (const auto& name : in.vars) cols.push_back(in.data.get(name));
  std::vector<double> out(n, kMiss), vals;
  for (size_t row = 0; row < n; ++row) {
    if (!in.touse[row]) continue;
    vals.clear();
    for (const Column* c : cols)
      if (!miss(c->num[row])) vals.push_back(c->num[row]);
    out[row] = f(vals);
  }
  return out;
}

double sum_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

std::vector<double> fn_rowmean(Input& in) {
  return by_row(
      in, [](const std::vector<double>& v) { return v.empty() ? kMiss : sum_of(v) / v.size(); });
}
std::vector<double> fn_rowtotal(Input& in) {
  const bool keep_missing = in.args.has("missing");
  return by_row(in, [&](const std::vector<double>& v) {
    return keep_missing && v.empty() ? kMiss : sum_of(v);
  });
}
std::vector<double> fn_rowmax(Input& in) {
  return by_row(in, [](const std::vector<double>& v) {
    return v.empty() ? kMiss : *std::max_element(v.begin(), v.end());
  });
}
std::vector<double> fn_rowmin(Input& in) {
  return by_row(in, [](const std::vector<double>& v) {
    return v.empty() ? kMiss : *std::min_element(v.begin(), v.end());
  });
}
std::vector<double> fn_rowsd(Input& in) {
  return by_row(in, [](const std::vector<double>& v) {
    if (v.size() < 2) return kMiss;
    double mean = sum_of(v) / v.size(), ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  });
}
std::vector<double> fn_rownonmiss(Input& in) {
  return by_row(in, [](const std::vector<double>& v) { return static_cast<double>(v.size()); });
}
std::vector<double> fn_rowmiss(Input& in) {
  const double k = static_cast<double>(in.vars.size());
  return by_row(in,
                [k](const std::vector<double>& v) { return k - static_cast<double>(v.size()); });
}

const Spec kSpecs[] = {
    {"count", false, true, "", false, fn_count},
    {"cut", false, false, "AT(string) Group(real 0) ICodes", false, fn_cut},
    {"group", true, false, "Missing", false, fn_group},
    {"max", false, true, "", false, fn_extreme<true>},
    {"mean", false, true, "", false, fn_mean},
    {"median", false, true, "", false, fn_median},
    {"min", false, true, "", false, fn_extreme<false>},
    {"pctile", false, true, "P(real 50)", false, fn_pctile},
    {"rank", false, true, "Field Track Unique", false, fn_rank},
    {"rowmax", true, false, "", false, fn_rowmax},
    {"rowmean", true, false, "", false, fn_rowmean},
    {"rowmin", true, false, "", false, fn_rowmin},
    {"rowmiss", true, false, "", false, fn_rowmiss},
    {"rownonmiss", true, false, "", false, fn_rownonmiss},
    {"rowsd", true, false, "", false, fn_rowsd},
    {"rowtotal", true, false, "Missing", false, fn_rowtotal},
    {"sd", false, true, "", false, fn_sd},
    {"std", false, false, "Mean(real 0) Std(real 1)", false, fn_std},
    {"tag", true, false, "Missing", true, fn_tag},
    {"total", false, true, "Missing", false, fn_total},
};

}  // namespace

const Spec* find(const std::string& name) {
  const std::string key = name == "sum" ? "total" : name;
  for (const Spec& s : kSpecs)
    if (key == s.name) return &s;
  return nullptr;
}

}  // namespace xtdo::egen
