// Varlist expansion against a dataset: abbreviations, wildcards, ranges, time-series
// operators and factor variables, with Stata's column names (L.x, 2.region, c.x#c.z).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "xtdo/ast.hpp"
#include "xtdo/store.hpp"

namespace xtdo {

enum VarlistFlags : unsigned {
  kVlDefault = 0,
  kVlTs = 1u << 0,        ///< time-series operators allowed
  kVlFv = 1u << 1,        ///< factor variables allowed
  kVlNumeric = 1u << 2,   ///< string variables are an error (r(109))
  kVlNew = 1u << 3,       ///< new variable names (must not exist: r(110); no expansion)
  kVlSingle = 1u << 4,    ///< exactly one variable (varname): r(103) if more
  kVlAllowEmpty = 1u << 5 ///< empty list is fine (else r(100) varlist required)
};

/// One element of an expanded varlist.
struct VarRef {
  std::string name;   ///< Stata's column name: "x", "L.x", "L2.x", "D.L.x"→"LD.x", "2.region",
                      ///< "1b.region", "1o.region", "c.x#c.z", "2.region#c.x"
  std::string base;   ///< the (first) underlying dataset variable
  bool is_string = false;
  bool is_base = false;     ///< factor base level (b.): a column of zeros, omitted
  bool is_omitted = false;  ///< o. operator
  /// For materialisation: the ts operator chain (in application order) and the
  /// factor components (variable, level or NaN for continuous).
  struct TsStep { char op; int order; };
  std::vector<TsStep> ts;
  struct FvComponent {
    std::string var;
    bool continuous = true;
    double level = 0;
    std::vector<TsStep> ts;  ///< operators on this component (`L.x#i.a`, `iL.region`)
  };
  std::vector<FvComponent> fv;
  bool plain() const { return ts.empty() && fv.empty(); }
};

/// Expand a varlist. Throws XtdoError 111 (not found), 111 ambiguous abbreviation
/// ("x ambiguous abbreviation"), 101 ts/fv not allowed, 109 string where numeric
/// required, 111 ts op without tsset/xtset ("time variable not set"), 110 (kVlNew)
/// already defined, 452 factor variable with negative or noninteger values.
std::vector<VarRef> expand_varlist(const Dataset& data, std::string_view text, unsigned flags,
                                   int base_offset = 0);
/// Same, with factor levels (and default bases) taken only from rows where
/// sample[row] != 0, as Stata does within an estimation sample (`reg y i.a if a > 2`
/// has base 3). `sample` has nobs() elements.
std::vector<VarRef> expand_varlist(const Dataset& data, std::string_view text, unsigned flags,
                                   int base_offset, const std::vector<uint8_t>& sample);
/// Same, returning the dataset names only (no ts/fv allowed).
std::vector<std::string> expand_names(const Dataset& data, std::string_view text, unsigned flags,
                                      int base_offset = 0);
/// Resolve one (possibly abbreviated) variable name; throws 111.
std::string resolve_name(const Dataset& data, const std::string& name, int pos = -1);

/// Compute the column a VarRef stands for (length nobs): lags/leads/differences
/// follow the xtset panel and time (gaps and panel edges give missing), factor
/// indicators are 0/1 (missing where the variable is missing), interactions multiply.
std::vector<double> materialize(const Dataset& data, const VarRef& ref);

/// For time-series operators: row index of the observation `k` periods away within
/// the same panel (k<0 = lag), or -1. Built once per call of materialize; exposed for
/// commands that need many shifts (xtabond2).
class TsIndex {
 public:
  explicit TsIndex(const Dataset& data);  ///< throws 111 if not xtset/tsset, 451 on
                                          ///< repeated or off-grid times
  /// Row of (panel(row), time(row) + k*delta), or -1.
  int64_t shift(int64_t row, int k) const;
  std::vector<double> shifted(const std::vector<double>& values, int k) const;

 private:
  std::vector<int64_t> order_;      // rows sorted by panel, time (empty: identity)
  std::vector<int64_t> pos_;        // position of each row in order_ (empty: identity)
  std::vector<int64_t> tindex_;     // integer time index (time/delta) per position
  std::vector<int64_t> panel_id_;   // dense panel code per position (-1: no time/panel)
};

}  // namespace xtdo
