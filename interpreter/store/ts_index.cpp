// Time-series operators over the xtset panel ([U] 11.4.4, [TS] tsset): the row index
// that finds t±k within a panel, and the columns a VarRef stands for (materialize).
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "varlist_detail.hpp"
#include "xtdo/error.hpp"

namespace xtdo {

namespace {

double subtract(double a, double b) {
  if (missing::is_missing(a) || missing::is_missing(b)) return missing::kSysmiss;
  return missing::clean(a - b);
}

// LSD radix sort of packed (key << row_bits | row) words on bits [from, to), 11 bits a
// pass: linear in rows, unlike a comparison sort over 10 million observations.
void radix_sort(std::vector<uint64_t>& items, int from, int to) {
  constexpr int kDigit = 11;  // 2048 buckets keep the scatter within cache
  constexpr uint64_t kMask = (uint64_t{1} << kDigit) - 1;
  std::vector<uint64_t> buffer(items.size());
  std::vector<size_t> count(size_t{1} << kDigit);
  for (int shift = from; shift < to; shift += kDigit) {
    std::fill(count.begin(), count.end(), 0);
    for (uint64_t it : items) ++count[(it >> shift) & kMask];
    size_t sum = 0;
    for (auto& c : count) {
      size_t here = c;
      c = sum;
      sum += here;
    }
    for (uint64_t it : items) buffer[count[(it >> shift) & kMask]++] = it;
    items.swap(buffer);
  }
}

// Position of the observation k periods from position `pos`, or -1. Positions are
// ordered by (panel, time) with rows lacking a panel or time last (code -1), and times
// within a panel are distinct integers, so t+k lies within |k| positions.
int64_t shift_position(const std::vector<int64_t>& panel_id, const std::vector<int64_t>& tindex,
                       int64_t pos, int k) {
  const int64_t n = static_cast<int64_t>(panel_id.size());
  const int64_t panel = panel_id[pos];
  if (panel < 0) return -1;
  if (k == 0) return pos;
  const int64_t target = tindex[pos] + k;
  // Without gaps the neighbour is exactly k positions away.
  const int64_t direct = pos + k;
  if (direct >= 0 && direct < n && panel_id[direct] == panel && tindex[direct] == target)
    return direct;
  int64_t lo = k < 0 ? std::max<int64_t>(pos + k, 0) : pos + 1;
  int64_t hi = k < 0 ? pos : std::min<int64_t>(pos + k + 1, n);
  const int64_t end = hi;
  auto before = [&](int64_t p) {
    int64_t code = panel_id[p] < 0 ? std::numeric_limits<int64_t>::max() : panel_id[p];
    return code < panel || (code == panel && tindex[p] < target);
  };
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  if (lo < end && panel_id[lo] == panel && tindex[lo] == target) return lo;
  return -1;
}

}  // namespace

// Rows are ordered by (panel, time) once; a row's neighbour k periods away is then at
// most |k| positions away, so a shift is a direct check plus, across gaps, a binary
// search over |k| positions. When the data are already in that order (the usual case
// after xtset) order_ and pos_ stay empty and stand for the identity.
TsIndex::TsIndex(const Dataset& data) {
  if (!data.ts.set()) throw XtdoError(111, "time variable not set, use tsset varname ...");
  const Column* tcol = data.get(data.ts.timevar);
  if (!tcol) throw XtdoError(111, fmt::format("variable {} not found", data.ts.timevar));
  const Column* pcol = data.ts.panelvar.empty() ? nullptr : data.get(data.ts.panelvar);
  if (!data.ts.panelvar.empty() && !pcol)
    throw XtdoError(111, fmt::format("variable {} not found", data.ts.panelvar));
  if (tcol->is_string() || (pcol && pcol->is_string()))
    throw XtdoError(109, "panel and time variables must be numeric");
  const double delta = data.ts.delta;
  if (!(delta > 0) || missing::is_missing(delta)) throw XtdoError(198, "delta must be positive");

  const int64_t n = static_cast<int64_t>(data.nobs());
  const auto& time = tcol->num;
  double tmin = std::numeric_limits<double>::infinity();
  for (double t : time)
    if (!missing::is_missing(t)) tmin = std::min(tmin, t);

  // Integer time index (time - min)/delta per row; rows with a missing time or panel
  // have no neighbours.
  std::vector<int64_t> trow(n, 0);
  std::vector<uint8_t> valid(n, 1);
  int64_t tmax = 0;
  for (int64_t row = 0; row < n; ++row) {
    double t = time[row];
    if (missing::is_missing(t) || (pcol && missing::is_missing(pcol->num[row]))) {
      valid[row] = 0;
      continue;
    }
    if (t != std::floor(t))
      throw XtdoError(451, "time variable must contain only integer values");
    double q = (t - tmin) / delta;
    double qr = std::round(q);
    if (std::fabs(q - qr) > 1e-9 * std::max(1.0, std::fabs(q)))
      throw XtdoError(451, "time values with period less than delta exist");
    trow[row] = static_cast<int64_t>(qr);
    tmax = std::max(tmax, trow[row]);
  }

  // Already ordered by (panel value, time), invalid rows last?
  auto panel_value = [&](int64_t row) { return pcol ? pcol->num[row] : 0.0; };
  bool ordered = true;
  for (int64_t row = 1; row < n && ordered; ++row) {
    if (!valid[row]) continue;
    if (!valid[row - 1]) {
      ordered = false;
    } else {
      double pa = panel_value(row - 1), pb = panel_value(row);
      ordered = pa < pb || (pa == pb && trow[row - 1] <= trow[row]);
    }
  }
  // Time index and dense panel codes by position, assigned in position order;
  // repeated (panel, time) pairs are an error only now that an operator needs them,
  // as in Stata.
  if (ordered) tindex_ = std::move(trow);  // position == row; place() rewrites in place
  else tindex_.assign(n, 0);
  const std::vector<int64_t>& times = ordered ? tindex_ : trow;
  panel_id_.assign(n, -1);
  int64_t code = -1;
  double last_panel = 0;
  auto place = [&](int64_t p, double panel, int64_t t) {
    if (code < 0 || panel != last_panel) {
      ++code;
      last_panel = panel;
    } else if (t == tindex_[p - 1]) {
      throw XtdoError(451, pcol ? "repeated time values within panel"
                                : "repeated time values in sample");
    }
    panel_id_[p] = code;
    tindex_[p] = t;
  };
  if (ordered) {
    for (int64_t row = 0; row < n && valid[row]; ++row) place(row, panel_value(row), times[row]);
    return;
  }

  int64_t placed = 0;
  order_.reserve(n);
  // Integer panel codes over a modest range pack with time into one radix key.
  double pmin = std::numeric_limits<double>::infinity(), pmax = -pmin;
  bool integral = true;
  for (int64_t row = 0; row < n; ++row) {
    if (!valid[row]) continue;
    double pv = panel_value(row);
    integral = integral && pv == std::floor(pv);
    pmin = std::min(pmin, pv);
    pmax = std::max(pmax, pv);
  }
  const double span = integral && pmax >= pmin ? (pmax - pmin + 1) * (double(tmax) + 1) : 0;
  int key_bits = 0, row_bits = 0;
  while (key_bits < 64 && std::ldexp(1.0, key_bits) < span) ++key_bits;
  while (row_bits < 63 && (int64_t{1} << row_bits) < n) ++row_bits;
  if (span > 0 && key_bits + row_bits <= 64) {
    // (panel, time) key and row packed in one word.
    const uint64_t periods = static_cast<uint64_t>(tmax) + 1;
    const uint64_t row_mask = row_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << row_bits) - 1;
    std::vector<uint64_t> items;
    items.reserve(n);
    for (int64_t row = 0; row < n; ++row)
      if (valid[row]) {
        uint64_t key = static_cast<uint64_t>(panel_value(row) - pmin) * periods +
                       static_cast<uint64_t>(trow[row]);
        items.push_back(row_bits == 0 ? key : (key << row_bits) | static_cast<uint64_t>(row));
      }
    radix_sort(items, row_bits, row_bits + key_bits);
    for (uint64_t it : items) {
      const uint64_t key = row_bits == 0 ? it : it >> row_bits;
      order_.push_back(static_cast<int64_t>(it & row_mask));
      place(placed++, pmin + static_cast<double>(key / periods),
            static_cast<int64_t>(key % periods));
    }
  } else {
    std::vector<int64_t> rows;
    for (int64_t row = 0; row < n; ++row)
      if (valid[row]) rows.push_back(row);
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
      double pa = panel_value(a), pb = panel_value(b);
      return pa < pb || (pa == pb && trow[a] < trow[b]);
    });
    for (int64_t row : rows) {
      order_.push_back(row);
      place(placed++, panel_value(row), trow[row]);
    }
  }
  for (int64_t row = 0; row < n; ++row)
    if (!valid[row]) order_.push_back(row);
  pos_.resize(n);
  for (int64_t p = 0; p < n; ++p) pos_[order_[p]] = p;
}

int64_t TsIndex::shift(int64_t row, int k) const {
  const int64_t n = static_cast<int64_t>(panel_id_.size());
  if (row < 0 || row >= n) return -1;
  const bool identity = order_.empty();
  int64_t to = shift_position(panel_id_, tindex_, identity ? row : pos_[row], k);
  if (to < 0) return -1;
  return identity ? to : order_[to];
}

std::vector<double> TsIndex::shifted(const std::vector<double>& values, int k) const {
  const int64_t n = static_cast<int64_t>(panel_id_.size());
  std::vector<double> out(n, missing::kSysmiss);
  const bool identity = order_.empty();
  // Walk positions so the index is read sequentially.
  for (int64_t p = 0; p < n; ++p) {
    int64_t from = shift_position(panel_id_, tindex_, p, k);
    if (from < 0) continue;
    if (identity) out[p] = values[from];
    else out[order_[p]] = values[order_[from]];
  }
  return out;
}

namespace detail {

std::vector<double> ts_values(const Dataset& data, const std::string& var,
                              const std::vector<VarRef::TsStep>& steps,
                              std::optional<TsIndex>& index) {
  const Column* col = data.get(var);
  if (!col) throw XtdoError(111, fmt::format("variable {} not found", var));
  if (col->is_string()) throw XtdoError(109, "type mismatch");
  std::vector<double> values = col->num;
  if (steps.empty()) return values;
  if (!index) index.emplace(data);
  const int64_t n = static_cast<int64_t>(values.size());
  for (const auto& step : steps) {
    switch (step.op) {
      case 'L': values = index->shifted(values, -step.order); break;
      case 'F': values = index->shifted(values, step.order); break;
      case 'D':
        // D2.x = D.(D.x): x_t - 2x_{t-1} + x_{t-2}.
        for (int d = 0; d < step.order; ++d) {
          auto lagged = index->shifted(values, -1);
          for (int64_t row = 0; row < n; ++row) values[row] = subtract(values[row], lagged[row]);
        }
        break;
      case 'S': {
        // S12.x = x_t - x_{t-12}.
        auto lagged = index->shifted(values, -step.order);
        for (int64_t row = 0; row < n; ++row) values[row] = subtract(values[row], lagged[row]);
        break;
      }
      default: throw XtdoError(198, fmt::format("unknown time-series operator {}", step.op));
    }
  }
  return values;
}

}  // namespace detail

std::vector<double> materialize(const Dataset& data, const VarRef& ref) {
  std::optional<TsIndex> index;
  if (ref.fv.empty())
    return detail::ts_values(data, ref.base.empty() ? ref.name : ref.base, ref.ts, index);
  // Indicators are 0/1 (missing where the variable is), continuous components enter
  // with their values; an interaction is the product.
  const size_t n = data.nobs();
  std::vector<double> out(n, 1.0);
  for (const auto& comp : ref.fv) {
    auto values = detail::ts_values(data, comp.var, comp.ts, index);
    for (size_t row = 0; row < n; ++row) {
      if (missing::is_missing(out[row])) continue;
      double v = values[row];
      if (missing::is_missing(v)) out[row] = missing::kSysmiss;
      else if (comp.continuous) out[row] = missing::clean(out[row] * v);
      else if (v != comp.level) out[row] = 0.0;
    }
  }
  if (!ref.ts.empty()) {
    // A chain on the whole reference (not produced by expand_varlist, but honoured).
    if (!index) index.emplace(data);
    for (const auto& step : ref.ts) {
      if (step.op == 'L') out = index->shifted(out, -step.order);
      else if (step.op == 'F') out = index->shifted(out, step.order);
      else throw XtdoError(101, "D. and S. operators may not be combined with factor variables");
    }
  }
  return out;
}

}  // namespace xtdo
