// Dense, order-preserving key codes: integer keys over a modest range are bucketed
// (linear), other keys go through an open-addressing hash of their distinct values,
// which are then sorted once; multi-variable keys combine codes pairwise.
#include "key_codes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "xtdo/error.hpp"

namespace xtdo::data {
namespace {

inline uint64_t mix(uint64_t x) {
  // splitmix64 finaliser: spreads clustered keys (ids, years) over the table.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/// Distinct 64-bit keys → ids 0.. in order of first appearance (linear probing).
class KeyTable {
 public:
  explicit KeyTable(size_t expected) {
    size_t cap = 1024;
    while (cap < expected * 2) cap <<= 1;
    keys_.resize(cap);
    ids_.assign(cap, -1);
  }
  int32_t insert(uint64_t key) {
    size_t mask = keys_.size() - 1;
    size_t pos = mix(key) & mask;
    while (ids_[pos] >= 0) {
      if (keys_[pos] == key) return ids_[pos];
      pos = (pos + 1) & mask;
    }
    int32_t id = static_cast<int32_t>(distinct_.size());
    keys_[pos] = key;
    ids_[pos] = id;
    distinct_.push_back(key);
    if (distinct_.size() * 2 > keys_.size()) grow();
    return id;
  }
  const std::vector<uint64_t>& distinct() const { return distinct_; }

 private:
  void grow() {
    std::vector<uint64_t> keys(keys_.size() * 2);
    std::vector<int32_t> ids(keys.size(), -1);
    size_t mask = keys.size() - 1;
    for (size_t id = 0; id < distinct_.size(); ++id) {
      size_t pos = mix(distinct_[id]) & mask;
      while (ids[pos] >= 0) pos = (pos + 1) & mask;
      keys[pos] = distinct_[id];
      ids[pos] = static_cast<int32_t>(id);
    }
    keys_ = std::move(keys);
    ids_ = std::move(ids);
  }
  std::vector<uint64_t> keys_;
  std::vector<int32_t> ids_;
  std::vector<uint64_t> distinct_;
};

/// Replace first-appearance ids by ranks in the order `less` gives the distinct keys.
template <class Less>
int64_t rank_ids(std::vector<int32_t>& code, size_t ndistinct, Less less) {
  std::vector<int32_t> order(ndistinct);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), less);
  std::vector<int32_t> rank(ndistinct);
  for (size_t r = 0; r < ndistinct; ++r) rank[order[r]] = static_cast<int32_t>(r);
  for (int32_t& c : code)
    if (c >= 0) c = rank[c];
  return static_cast<int64_t>(ndistinct);
}

/// The row's value in the virtual concatenation of the two tables.
struct Source {
  const Column* a = nullptr;
  const Column* b = nullptr;
  size_t na = 0;
};

inline double num_at(const Source& s, size_t row) {
  return row < s.na ? s.a->num[row] : s.b->num[row - s.na];
}
inline const std::string& str_at(const Source& s, size_t row) {
  return row < s.na ? s.a->str[row] : s.b->str[row - s.na];
}

/// Numeric key: Stata orders missing values above numbers (`.` < `.a` < ...), which
/// the raw double order of xtdo's missing encoding already gives.
int64_t code_numeric(const Source& s, size_t n, std::vector<int32_t>& code) {
  double lo = 0, hi = -1;
  bool integral = true;
  for (size_t row = 0; row < n && integral; ++row) {
    if (code[row] < 0) continue;
    double v = num_at(s, row);
    if (missing::is_missing(v)) continue;
    if (v != std::trunc(v) || std::fabs(v) > 1e15) {
      integral = false;
      break;
    }
    if (hi < lo) lo = hi = v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double range = hi < lo ? 0 : hi - lo + 1;
  if (integral && range <= std::max(2.0 * static_cast<double>(n), 65536.0)) {
    // Buckets: the numbers lo..hi, then `.`, `.a`..`.z`.
    const int64_t numbers = static_cast<int64_t>(range);
    std::vector<int32_t> remap(static_cast<size_t>(numbers + 27), -1);
    auto bucket = [&](double v) -> int64_t {
      if (missing::is_missing(v)) {
        char l = missing::letter(v);
        return numbers + (l ? l - 'a' + 1 : 0);
      }
      return static_cast<int64_t>(v - lo);
    };
    for (size_t row = 0; row < n; ++row)
      if (code[row] >= 0) remap[bucket(num_at(s, row))] = 0;
    int32_t next = 0;
    for (auto& r : remap)
      if (r == 0) r = next++;
    for (size_t row = 0; row < n; ++row)
      if (code[row] >= 0) code[row] = remap[bucket(num_at(s, row))];
    return next;
  }
  KeyTable table(std::min<size_t>(n, 1u << 20));
  for (size_t row = 0; row < n; ++row) {
    if (code[row] < 0) continue;
    double v = num_at(s, row);
    if (v == 0) v = 0;  // -0 and +0 are the same key
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    code[row] = table.insert(bits);
  }
  const auto& distinct = table.distinct();
  auto value = [&](int32_t id) {
    double v;
    std::memcpy(&v, &distinct[id], sizeof v);
    return v;
  };
  return rank_ids(code, distinct.size(), [&](int32_t x, int32_t y) { return value(x) < value(y); });
}

int64_t code_string(const Source& s, size_t n, std::vector<int32_t>& code) {
  std::unordered_map<std::string_view, int32_t> ids;
  ids.reserve(std::min<size_t>(n, 1u << 20));
  std::vector<std::string_view> distinct;
  for (size_t row = 0; row < n; ++row) {
    if (code[row] < 0) continue;
    std::string_view v = str_at(s, row);
    auto [it, fresh] = ids.try_emplace(v, static_cast<int32_t>(distinct.size()));
    if (fresh) distinct.push_back(v);
    code[row] = it->second;
  }
  return rank_ids(code, distinct.size(),
                  [&](int32_t x, int32_t y) { return distinct[x] < distinct[y]; });
}

/// Combine the running tuple code with the next variable's code, keeping the order
/// lexicographic: (prev, next) → prev * n_next + next, densified again.
int64_t combine(std::vector<int32_t>& code, int64_t nprev, const std::vector<int32_t>& next,
                int64_t nnext) {
  const size_t n = code.size();
  const double span = static_cast<double>(nprev) * static_cast<double>(nnext);
  if (span <= std::max(2.0 * static_cast<double>(n), 65536.0)) {
    std::vector<int32_t> remap(static_cast<size_t>(nprev * nnext), -1);
    for (size_t row = 0; row < n; ++row)
      if (code[row] >= 0) remap[code[row] * nnext + next[row]] = 0;
    int32_t id = 0;
    for (auto& r : remap)
      if (r == 0) r = id++;
    for (size_t row = 0; row < n; ++row)
      if (code[row] >= 0) code[row] = remap[code[row] * nnext + next[row]];
    return id;
  }
  KeyTable table(std::min<size_t>(n, 1u << 20));
  for (size_t row = 0; row < n; ++row)
    if (code[row] >= 0)
      code[row] = table.insert(static_cast<uint64_t>(code[row]) * static_cast<uint64_t>(nnext) +
                               static_cast<uint64_t>(next[row]));
  const auto& distinct = table.distinct();
  return rank_ids(code, distinct.size(),
                  [&](int32_t x, int32_t y) { return distinct[x] < distinct[y]; });
}

}  // namespace

KeyCodes key_codes(const std::vector<const Column*>& a_cols, size_t a_rows,
                   const std::vector<const Column*>& b_cols, size_t b_rows,
                   const std::vector<uint8_t>* a_include) {
  const size_t n = a_rows + b_rows;
  if (n > static_cast<size_t>(INT32_MAX)) throw XtdoError(901, "too many observations");
  std::vector<int32_t> code(n, 0);
  if (a_include)
    for (size_t row = 0; row < a_rows; ++row)
      if (!(*a_include)[row]) code[row] = -1;
  KeyCodes out;
  int64_t ngroups = 1;
  bool any = false;
  for (size_t k = 0; k < a_cols.size(); ++k) {
    Source s{a_cols[k], b_cols.empty() ? nullptr : b_cols[k], a_rows};
    std::vector<int32_t> next = code;  // carries the -1 exclusions
    int64_t nnext = a_cols[k]->is_string() ? code_string(s, n, next) : code_numeric(s, n, next);
    if (!any) {
      code = std::move(next);
      ngroups = nnext;
      any = true;
    } else {
      ngroups = combine(code, ngroups, next, nnext);
    }
  }
  if (!any) {
    // No key variables: every included row is in the one group.
    ngroups = std::any_of(code.begin(), code.end(), [](int32_t c) { return c >= 0; }) ? 1 : 0;
  }
  out.ngroups = ngroups;
  out.a.assign(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(a_rows));
  out.b.assign(code.begin() + static_cast<std::ptrdiff_t>(a_rows), code.end());
  return out;
}

KeyCodes key_codes(const Dataset& data, const std::vector<std::string>& vars,
                   const std::vector<uint8_t>* include) {
  std::vector<const Column*> cols;
  for (const auto& v : vars) {
    const Column* c = data.get(v);
    if (!c) throw XtdoError(111, fmt::format("variable {} not found", v));
    cols.push_back(c);
  }
  return key_codes(cols, data.nobs(), {}, 0, include);
}

CodeOrder order_by_code(const std::vector<int32_t>& code, int64_t ngroups) {
  CodeOrder out;
  out.start.assign(static_cast<size_t>(ngroups) + 1, 0);
  for (int32_t c : code)
    if (c >= 0) ++out.start[static_cast<size_t>(c) + 1];
  for (int64_t g = 0; g < ngroups; ++g) out.start[g + 1] += out.start[g];
  out.rows.resize(static_cast<size_t>(out.start[ngroups]));
  std::vector<int64_t> next(out.start.begin(), out.start.end() - 1);
  for (size_t row = 0; row < code.size(); ++row)
    if (code[row] >= 0) out.rows[next[code[row]]++] = static_cast<int32_t>(row);
  return out;
}

}  // namespace xtdo::data
