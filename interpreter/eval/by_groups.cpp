// `by varlist:` groups: runs of consecutive rows equal on the by-variables, in data
// that must already be sorted on them (Stata's sort order: numbers ascending with
// missing values last, strings bytewise).
#include "eval_internal.hpp"

namespace xtdo {

ByGroups ByGroups::build(const Dataset& data, const std::vector<std::string>& vars) {
  const size_t n = data.nobs();
  std::vector<const Column*> cols;
  for (const std::string& v : vars) {
    const Column* c = data.get(v);
    if (!c) {
      // Allow an unambiguous abbreviation, as varlists do.
      for (const auto& col : data.columns()) {
        if (col->name.compare(0, v.size(), v) == 0) {
          if (c) throw XtdoError(111, v + " ambiguous abbreviation");
          c = col.get();
        }
      }
    }
    if (!c) throw XtdoError(111, "variable " + v + " not found");
    cols.push_back(c);
  }

  // new_group[row]: row starts a group. decided[row]: an earlier by-variable already
  // differs between row-1 and row, so later variables need not be in order there.
  std::vector<uint8_t> new_group(n, 0), decided(n, 0);
  if (n > 0) new_group[0] = decided[0] = 1;
  for (const Column* c : cols) {
    if (c->is_string()) {
      const std::string* s = c->str.data();
      for (size_t row = 1; row < n; ++row) {
        if (decided[row]) continue;
        int cmp = s[row - 1].compare(s[row]);
        if (cmp > 0) throw XtdoError(5, "not sorted");
        if (cmp < 0) decided[row] = new_group[row] = 1;
      }
    } else {
      // Raw double order puts `.` < `.a` < ... above every number, as Stata sorts.
      const double* x = c->num.data();
      for (size_t row = 1; row < n; ++row) {
        if (decided[row]) continue;
        if (x[row - 1] > x[row]) throw XtdoError(5, "not sorted");
        if (x[row - 1] < x[row]) decided[row] = new_group[row] = 1;
      }
    }
  }

  ByGroups g;
  g.start.resize(n);
  g.size.resize(n);
  size_t row = 0;
  while (row < n) {
    size_t end = row + 1;
    while (end < n && !new_group[end]) ++end;
    for (size_t r = row; r < end; ++r) {
      g.start[r] = static_cast<int64_t>(row);
      g.size[r] = static_cast<int64_t>(end - row);
    }
    ++g.ngroups;
    row = end;
  }
  return g;
}

}  // namespace xtdo
