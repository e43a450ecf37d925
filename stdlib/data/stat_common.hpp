// Helpers shared by the tabulation and quantile commands (tabulate, table, tabstat,
// correlate, pwcorr, xtile, pctile, _pctile, winsor2, levelsof): the weighted
// sample, the text of a value as tables show it, and Stata's word wrapping of labels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xtdo/store.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {
class Session;
class CallArgs;
}  // namespace xtdo

namespace xtdo::stat {

/// The rows a command uses and their weights.
struct WeightedSample {
  std::vector<uint8_t> touse;  ///< if/in (and by-group) rows with a usable weight
  std::vector<double> w;       ///< weight per row (all rows); empty when unweighted
};

/// if/in (and, with `markout`, non-missing `args.vars`) plus the weight: rows with a
/// missing weight leave the sample, zero weights too unless `keep_zero`; a negative
/// weight is r(402) and a noninteger fweight r(401), as marksample reports them.
WeightedSample weighted_sample(Session& session, const CallArgs& args, bool markout,
                               bool strok = false, bool keep_zero = false);

/// The values of a varlist element over all rows (a view of the column when plain).
const std::vector<double>& numeric_values(const Dataset& data, const VarRef& ref,
                                          std::vector<double>& holder);

/// A value as tables show it: its value label (unless `nolabel`), else the number in
/// the variable's display format, trimmed. Missing values print as `.`, `.a`, ...
std::string value_text(const Dataset& data, const Column& col, double v, bool labels);

/// Split `text` at blanks into lines of at most `width` display columns (a word
/// longer than `width` is cut), as Stata wraps variable labels over table stubs.
std::vector<std::string> wrap(const std::string& text, size_t width);

/// Stata's real(): a decimal number (sign, digits, point, exponent) with blanks
/// around it; `.` and `.a`..`.z` are those missing values; anything else is `.`.
double stata_real(const std::string& s);
/// True when `s` (trimmed) is a number or a missing-value literal (`.`, `.a`..`.z`).
bool is_number_literal(const std::string& s, double& value);

/// The categories of one variable over a sample, in Stata's sort order (numbers,
/// then `.`, `.a`, ...; strings lexicographically with "" first), as tabulate,
/// table and levelsof list them.
struct Categories {
  std::vector<int32_t> code;       ///< per row: category, or -1 when not in the sample
  int64_t count = 0;               ///< number of categories
  std::vector<int64_t> first_row;  ///< per category: a row holding its value
  std::vector<std::string> text;   ///< per category: the text tables show
  size_t width = 0;                ///< display width of the widest value text (for
                                   ///< strings the storage width str#; for labelled
                                   ///< numbers every label of the set counts)
};
/// Rows where `touse` is set and (unless `keep_missing`) the value is not missing.
Categories categorize(const Dataset& data, const Column& col, const std::vector<uint8_t>& touse,
                      bool keep_missing, bool labels);

/// "s" unless n == 1.
inline const char* plural(int64_t n) { return n == 1 ? "" : "s"; }

}  // namespace xtdo::stat
