// ipolate: fill missing values of y by linear interpolation (and, with epolate,
// extrapolation) in x within groups ([D] ipolate; the rule of ipolate.ado 1.3.3).
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "data_common.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

/// One distinct x of a group: the mean of its non-missing y (missing if none).
struct Point {
  double x;
  double sum = 0;
  int64_t count = 0;
  double z = missing::kSysmiss;
};

/// Fill the points of one group (sorted by x). Stata writes the line through
/// (x_lo, y_lo) and (x_hi, y_hi) as z = m x + b with m = (y_hi - y_lo)/(x_hi - x_lo)
/// and b = y_lo - m x_lo; the same arithmetic is used here.
void fill(std::vector<Point>& pts, bool epolate) {
  const size_t k = pts.size();
  for (auto& p : pts)
    if (p.count > 0) p.z = p.sum / static_cast<double>(p.count);
  std::vector<double> known(k);
  for (size_t i = 0; i < k; ++i) known[i] = pts[i].z;
  // Interior gaps: nearest known neighbour below and above.
  std::vector<int64_t> below(k, -1), above(k, -1);
  for (size_t i = 0, last = SIZE_MAX; i < k; ++i) {
    below[i] = last == SIZE_MAX ? -1 : static_cast<int64_t>(last);
    if (!missing::is_missing(known[i])) last = i;
  }
  for (size_t i = k, next = SIZE_MAX; i-- > 0;) {
    above[i] = next == SIZE_MAX ? -1 : static_cast<int64_t>(next);
    if (!missing::is_missing(known[i])) next = i;
  }
  for (size_t i = 0; i < k; ++i) {
    if (!missing::is_missing(known[i]) || below[i] < 0 || above[i] < 0) continue;
    const Point& lo = pts[below[i]];
    const Point& hi = pts[above[i]];
    double m = (hi.z - lo.z) / (hi.x - lo.x);
    double b = lo.z - m * lo.x;
    pts[i].z = m * pts[i].x + b;
  }
  if (!epolate) return;
  // Ends: the line through the two nearest filled points on that side.
  std::vector<size_t> filled;
  for (size_t i = 0; i < k; ++i)
    if (!missing::is_missing(pts[i].z)) filled.push_back(i);
  if (filled.size() < 2) return;
  auto extend = [&](size_t a, size_t c, size_t from, size_t to) {
    double m = (pts[c].z - pts[a].z) / (pts[c].x - pts[a].x);
    double b = pts[a].z - m * pts[a].x;
    for (size_t i = from; i < to; ++i) pts[i].z = m * pts[i].x + b;
  };
  extend(filled[0], filled[1], 0, filled[0]);
  size_t n = filled.size();
  extend(filled[n - 2], filled[n - 1], filled[n - 1] + 1, k);
}

}  // namespace

// [by varlist:] ipolate yvar xvar [if] [in], generate(newvar) [by(varlist) epolate]
XTDO_COMMAND(ipolate, "ipolate", 3,
             "byable(onecall) varlist(numeric) [if] [in] [, Generate(string) BY(string) Epolate]") {
  Dataset& data = session.data;
  // --- Bind
  if (args.vars.size() < 2) throw XtdoError(102, "too few variables specified");
  if (args.vars.size() > 2) throw XtdoError(103, "too many variables specified");
  for (const auto& v : args.vars)
    if (!v.plain()) throw XtdoError(101, "time-series operators not allowed");
  if (!args.has("generate")) throw XtdoError(198, "option generate() required");
  auto gen = grammar::split_words(*args.get("generate"));
  if (gen.size() != 1 || !valid_name(gen[0]))
    throw XtdoError(198, fmt::format("{} invalid name", args.get_or("generate", "")),
                    args.option_pos("generate"));
  if (data.find(gen[0]) >= 0)
    throw XtdoError(110, fmt::format("variable {} already defined", gen[0]),
                    args.option_pos("generate"));
  std::vector<std::string> by;
  if (args.has("by")) {
    if (session.by.active()) throw XtdoError(190, "option by() may not be combined with by prefix");
    by = expand_names(data, *args.get("by"), 0, args.option_pos("by"));
  } else if (session.by.active()) {
    by = session.by.vars;
  }

  // --- Sample: if/in and non-missing x.
  const std::vector<double>& y = data.get(args.vars[0].base)->num;
  const std::vector<double>& x = data.get(args.vars[1].base)->num;
  std::vector<uint8_t> touse = args.sample(session, false);
  const size_t n = data.nobs();
  for (size_t row = 0; row < n; ++row)
    if (missing::is_missing(x[row])) touse[row] = 0;
  data::GroupCodes groups = data::group_codes(data, by, &touse);

  // --- Build: rows of each group in x order, distinct x collapsed to points.
  std::vector<int64_t> order;
  for (size_t row = 0; row < n; ++row)
    if (touse[row]) order.push_back(static_cast<int64_t>(row));
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    if (groups.code[a] != groups.code[b]) return groups.code[a] < groups.code[b];
    return x[a] < x[b];
  });
  std::vector<double> z(n, missing::kSysmiss);
  size_t i = 0;
  while (i < order.size()) {
    size_t j = i;
    std::vector<Point> pts;
    std::vector<size_t> point_of;  // per row of the group, its point
    while (j < order.size() && groups.code[order[j]] == groups.code[order[i]]) {
      int64_t row = order[j];
      if (pts.empty() || pts.back().x != x[row]) pts.push_back({x[row]});
      if (!missing::is_missing(y[row])) {
        pts.back().sum += y[row];
        ++pts.back().count;
      }
      point_of.push_back(pts.size() - 1);
      ++j;
    }
    fill(pts, args.has("epolate"));
    for (size_t k = i; k < j; ++k) z[order[k]] = missing::clean(pts[point_of[k - i]].z);
    i = j;
  }

  // --- Store
  int64_t nmiss = 0;
  for (double v : z) nmiss += missing::is_missing(v);
  data.add_numeric(gen[0], std::move(z), StorageType::Double);
  data::note_missing_generated(session, nmiss);
}

}  // namespace xtdo
