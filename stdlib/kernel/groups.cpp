// Dense group codes: sort the observations by key once, then number the runs.
#include "xtdo/kernel/groups.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace xtdo::kernel {

GroupCodes encode_groups(std::span<const double> values) { return encode_group_tuples({values}); }

GroupCodes encode_group_tuples(const std::vector<std::span<const double>>& keys) {
  GroupCodes out;
  assert(!keys.empty());
  const size_t n = keys.front().size();
  for ([[maybe_unused]] const auto& k : keys) assert(k.size() == n);
  out.code.assign(n, 0);
  if (n == 0) return out;

  // One integer-valued key with a range not much larger than N (panel ids, years,
  // firm codes): count the values present in a table, no sort. Same codes.
  if (keys.size() == 1) {
    const auto& v = keys.front();
    double lo = v[0], hi = v[0];
    bool integral = true;
    for (size_t i = 0; i < n && integral; ++i) {
      integral = v[i] == std::floor(v[i]);
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    if (integral && hi - lo < static_cast<double>(std::max<size_t>(2 * n, size_t{1} << 16))) {
      std::vector<int32_t> table(static_cast<size_t>(hi - lo) + 1, 0);
      for (size_t i = 0; i < n; ++i) table[static_cast<size_t>(v[i] - lo)] = 1;
      int32_t next = 0;
      for (int32_t& t : table)
        if (t) t = next++ + 1;  // store code + 1 so 0 still means absent
      for (size_t i = 0; i < n; ++i) out.code[i] = table[static_cast<size_t>(v[i] - lo)] - 1;
      out.n_groups = next;
      return out;
    }
  }

  // A stable sort of row indices by the key tuple gives deterministic codes in
  // ascending key order; runs of equal tuples are one group.
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), int64_t{0});
  auto less = [&](int64_t a, int64_t b) {
    for (const auto& k : keys) {
      if (k[a] < k[b]) return true;
      if (k[b] < k[a]) return false;
    }
    return false;
  };
  // One key that is already sorted (the usual panel layout) needs no sort.
  if (!std::is_sorted(order.begin(), order.end(), less)) {
    std::stable_sort(order.begin(), order.end(), less);
  }
  int32_t group = 0;
  out.code[order[0]] = 0;
  for (size_t pos = 1; pos < n; ++pos) {
    if (less(order[pos - 1], order[pos])) ++group;
    out.code[order[pos]] = group;
  }
  out.n_groups = group + 1;
  return out;
}

std::vector<int64_t> group_counts(std::span<const int32_t> code, int32_t n_groups) {
  std::vector<int64_t> counts(static_cast<size_t>(n_groups), 0);
  for (int32_t g : code) {
    assert(g >= 0 && g < n_groups);
    ++counts[static_cast<size_t>(g)];
  }
  return counts;
}

}  // namespace xtdo::kernel
