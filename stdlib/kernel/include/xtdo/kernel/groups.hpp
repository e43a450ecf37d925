// Dense group codes for panel ids, cluster ids and absorbed fixed effects: each
// distinct value becomes an int32 code 0..G-1 once, so hot loops index arrays.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace xtdo::kernel {

/// Observations mapped to groups 0..n_groups-1.
struct GroupCodes {
  std::vector<int32_t> code;  ///< one code per observation
  int32_t n_groups = 0;
};

/// Code the distinct values of `values` in ascending order (the first group is the
/// smallest value, as Stata sorts panels). Values must be non-missing; equal
/// doubles share a code. O(N log N), deterministic.
GroupCodes encode_groups(std::span<const double> values);

/// Code the distinct combinations of several keys (each of length N) in
/// lexicographic order of the key tuples (for `fe1#fe2`, multi-way clusters).
GroupCodes encode_group_tuples(const std::vector<std::span<const double>>& keys);

/// Number of observations in each group (length n_groups).
std::vector<int64_t> group_counts(std::span<const int32_t> code, int32_t n_groups);

}  // namespace xtdo::kernel
