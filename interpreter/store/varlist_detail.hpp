// Private to the store: the pieces varlist.cpp, factor.cpp and ts_index.cpp share
// (name matching, canonical time-series chains, factor-term expansion).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xtdo/store.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo::detail {

// --- Names ([U] 11.4.1 abbreviations, 11.4.2 wildcards and ranges)

/// Columns matched by one name, abbreviation or wildcard pattern (`x`, `inv`, `z?`,
/// `inv*`, `x~`, `_all`), in dataset order. Throws 111 (not found / ambiguous).
std::vector<int> match_pattern(const Dataset& data, const std::string& pattern, int pos);
/// Columns `from`-`to` inclusive in dataset order (both ends may be abbreviated).
/// Throws 111 if an end is missing, 198 if `to` precedes `from`.
std::vector<int> match_range(const Dataset& data, const std::string& from, const std::string& to,
                             int pos);
/// A list item that may be a pattern or a range `a-b`.
std::vector<int> match_item(const Dataset& data, const std::string& item, int pos);

// --- Time-series operators ([U] 11.4.4)

using TsOps = std::vector<std::pair<char, int>>;  ///< as written: ('L',2), ('D',1), ...
/// Canonical application chain: D (summed order), each S, then the net L/F shift.
std::vector<VarRef::TsStep> canonical_ts(const TsOps& ops);
/// Stata's canonical operator prefix without the dot: "L2D", "F", "DS12", "" for none.
std::string ts_prefix(const std::vector<VarRef::TsStep>& steps);
/// Parse an operator prefix as written before the dot (`L2D`, `ld2`, `S12`); false if
/// it is not one.
bool parse_ts_prefix(std::string_view prefix, TsOps& ops);

/// The values of `var` with the chain applied (a copy when the chain is empty).
/// `index` is built on first need and reused.
std::vector<double> ts_values(const Dataset& data, const std::string& var,
                              const std::vector<VarRef::TsStep>& steps,
                              std::optional<TsIndex>& index);

// --- Factor variables ([U] 11.4.3)

/// ib#. / ib(first) / ib(last) / ib(freq) / ibn.
struct BaseSpec {
  enum class Kind { Default, Value, First, Last, Freq, None } kind = Kind::Default;
  double value = 0;
};

/// One resolved component of a factor term: a dataset variable, optionally lagged.
struct FvComp {
  std::string var;
  bool indicator = true;
  std::vector<VarRef::TsStep> ts;
  bool selected = false;       ///< levels were chosen (`2.x`, `i(1 3).x`): no base
  std::vector<double> levels;  ///< the chosen levels when `selected`
  BaseSpec base;
};

/// One interaction term (a single component = a main effect) as it will be expanded.
struct FvTerm {
  std::vector<FvComp> comps;
  int pos = 0;
};

/// An element of the varlist before factor expansion: a finished reference or a term.
struct Item {
  std::optional<VarRef> ref;
  std::optional<FvTerm> term;
};

/// Expand the items in order. Bases are decided over the whole list: a cell of an
/// interaction is a base when removing some of its base-level components leaves a
/// term that is also in the list (the empty term being the constant).
std::vector<VarRef> expand_items(const Dataset& data, const std::vector<Item>& items,
                                 const std::vector<uint8_t>* sample);

}  // namespace xtdo::detail
