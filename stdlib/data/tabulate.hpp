// The two halves of tabulate ([R] tabulate oneway, [R] tabulate twoway), shared by
// tabulate and tab1: options, frequency text and the two table printers.
#pragma once

#include <string>

#include "stat_common.hpp"

namespace xtdo {
class Session;
class CallArgs;
}  // namespace xtdo

namespace xtdo::tab {

struct Options {
  bool missing = false;                         ///< missing values are categories
  bool nolabel = false;                         ///< numeric codes instead of value labels
  bool sort = false;                            ///< one-way: descending frequency
  bool nofreq = false;                          ///< two-way: no frequencies in the cells
  bool row = false, col = false, cell = false;  ///< two-way percentages
  bool chi2 = false, lrchi2 = false;            ///< two-way tests
  std::string generate;                         ///< one-way: indicator variables name1, name2, ...
  std::string matcell, matrow, matcol;
};

/// Options of the bound command line.
Options options(const CallArgs& args);

/// A frequency as tables print it: an integer with thousands separators, else %9.0g.
std::string freq_text(double f);

/// One-way table of `ref` (stores r(N), r(r)). Throws r(2000) when empty.
void oneway(Session& session, const VarRef& ref, const stat::WeightedSample& s,
            const std::string& wtype, const Options& opt);

/// Two-way table of `row_ref` by `col_ref` (stores r(N), r(r), r(c) and the tests).
void twoway(Session& session, const VarRef& row_ref, const VarRef& col_ref,
            const stat::WeightedSample& s, const std::string& wtype, const Options& opt);

}  // namespace xtdo::tab
