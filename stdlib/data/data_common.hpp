// Helpers shared by the data-management commands (stdlib/data): Stata's message
// formats, storage-type rules, group codes, sort permutations and dataset copies.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xtdo/ast.hpp"
#include "xtdo/eval.hpp"
#include "xtdo/store.hpp"

namespace xtdo {
class Session;
class CallArgs;
}  // namespace xtdo

namespace xtdo::data {

/// An integer with thousands separators, as Stata 16+ prints counts: 1,234,567.
std::string commas(int64_t n);

/// "(N missing value(s) generated)" after generate/egen; silent when n == 0.
void note_missing_generated(Session& session, int64_t n);

/// The storage type for new numeric variables without an explicit type:
/// `set type` (float by default, or double).
StorageType default_numeric_type(const Session& session);

/// Numeric storage types ordered by capacity (byte < int < long < float < double).
int type_rank(StorageType t);

/// Does `v` fit storage type `t` without loss of integer-ness or range?
/// Missing values fit every numeric type; floats/doubles take any number.
bool fits_integer_type(StorageType t, double v);

/// Convert a value for storage in a numeric column of type `t`: float rounding,
/// integer truncation, out-of-range values become `.` (as Stata stores them).
double to_storage(StorageType t, double v);

/// The type `replace` promotes an integer column to so that `v` can be stored
/// (Stata: byte -> int -> long for integers, -> float for non-integers, long ->
/// double for non-integers). Float and double columns are never promoted.
StorageType promoted_type(StorageType cur, double v);

/// Dense group codes 0..ngroups-1 over all rows, ordered as the sorted values of
/// `vars` (missing values are ordinary values; `.` < `.a`; "" first). Rows where
/// `include` (if given) is 0 get code -1 and are not counted.
struct GroupCodes {
  std::vector<int32_t> code;
  int64_t ngroups = 0;
};
GroupCodes group_codes(const Dataset& data, const std::vector<std::string>& vars,
                       const std::vector<uint8_t>* include = nullptr);

/// One key of a sort: a variable, its direction and (descending only) whether
/// missing values come first (gsort's `mfirst`).
struct SortKey {
  const Column* col = nullptr;
  bool descending = false;
  bool missing_first = false;
};
/// The permutation that sorts the rows by `keys`; ties keep their current order.
/// Empty when the data are already in that order.
std::vector<int64_t> sort_permutation(const Dataset& data, const std::vector<SortKey>& keys);

/// Under a `by` prefix, set `ctx.by` to the by-groups (built into `holder`) when
/// one of `exprs` can see them: `_n`, `_N`, subscripts or the running `sum()`.
/// Other expressions give the same values with or without groups, so the O(n)
/// group build is skipped for them.
void attach_by_groups(Session& session, EvalContext& ctx, std::optional<ByGroups>& holder,
                      std::initializer_list<const ast::Expr*> exprs);

/// A deep copy of a dataset (columns, labels, settings), for preserve/restore.
std::unique_ptr<Dataset> clone_dataset(const Dataset& data);

/// Split text at the first top-level comma (outside quotes and parentheses).
/// Returns {before, after}; `after` is empty when there is no comma.
std::pair<std::string, std::string> split_comma(const std::string& text);

}  // namespace xtdo::data
