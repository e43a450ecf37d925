// Dense, order-preserving codes for key tuples over one or two tables (master and
// using): the grouping engine behind merge, reshape, collapse, duplicates, isid, fillin.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xtdo/store.hpp"

namespace xtdo::data {

/// Codes 0..ngroups-1 for the rows of table `a` and (optionally) table `b` keyed on
/// the same variables. Codes follow Stata's sort order of the key tuples (numbers
/// ascending, then `.`, `.a`..`.z`; strings bytewise, "" first), so ordering rows by
/// code sorts them by key. Rows of `a` excluded by `a_include` get -1.
struct KeyCodes {
  std::vector<int32_t> a;
  std::vector<int32_t> b;
  int64_t ngroups = 0;
};

/// Key columns of `a` and `b` pair up by position; each pair must be both numeric or
/// both string (the caller checks and reports r(106)).
KeyCodes key_codes(const std::vector<const Column*>& a_cols, size_t a_rows,
                   const std::vector<const Column*>& b_cols, size_t b_rows,
                   const std::vector<uint8_t>* a_include = nullptr);

/// One table: codes of `vars` (which must exist) over the rows of `data`.
KeyCodes key_codes(const Dataset& data, const std::vector<std::string>& vars,
                   const std::vector<uint8_t>* include = nullptr);

/// Rows grouped by code, stable within a group (a counting sort): the rows of group g
/// are rows[start[g]] .. rows[start[g+1]-1]. Rows with code -1 are left out.
struct CodeOrder {
  std::vector<int32_t> rows;
  std::vector<int64_t> start;
};
CodeOrder order_by_code(const std::vector<int32_t>& code, int64_t ngroups);

}  // namespace xtdo::data
