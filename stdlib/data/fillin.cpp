// fillin: add observations so that every combination of the values of varlist
// occurs, flagged by _fillin (1 = added), and sort by varlist ([D] fillin).
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "combine_util.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(fillin, "fillin", 0, "varlist") {
  Dataset& data = session.data;
  // --- Bind
  std::vector<std::string> vars = args.var_names();
  for (size_t a = 0; a < vars.size(); ++a)
    for (size_t b = 0; b < a; ++b)
      if (vars[a] == vars[b])
        throw XtdoError(198, fmt::format("variable {} mentioned twice", vars[a]));
  if (vars.size() < 2) throw XtdoError(102, "too few variables specified");
  if (data.find("_fillin") >= 0) throw XtdoError(110, "variable _fillin already defined");

  // --- Build: each variable's distinct values, then the combinations absent.
  const size_t n = data.nobs();
  std::vector<data::KeyCodes> codes;
  std::vector<std::vector<int32_t>> rep;  // a row holding each distinct value
  double combos = 1;
  for (const auto& v : vars) {
    codes.push_back(data::key_codes(data, {v}));
    std::vector<int32_t> r(static_cast<size_t>(codes.back().ngroups), -1);
    for (size_t row = 0; row < n; ++row)
      if (r[codes.back().a[row]] < 0) r[codes.back().a[row]] = static_cast<int32_t>(row);
    rep.push_back(std::move(r));
    combos *= static_cast<double>(codes.back().ngroups);
  }
  if (combos > 2e9) throw XtdoError(901, "fillin would create too many observations");
  const size_t ncombo = static_cast<size_t>(combos);
  auto index_of = [&](size_t row) {
    size_t idx = 0;
    for (const auto& c : codes)
      idx = idx * static_cast<size_t>(c.ngroups) + static_cast<size_t>(c.a[row]);
    return idx;
  };
  std::vector<uint8_t> present(ncombo, 0);
  for (size_t row = 0; row < n; ++row) present[index_of(row)] = 1;
  std::vector<size_t> added;
  for (size_t idx = 0; idx < ncombo; ++idx)
    if (!present[idx]) added.push_back(idx);

  // New rows: the key values decoded from the combination, everything else missing;
  // then all rows in key order (existing rows first within a combination).
  const size_t total = n + added.size();
  std::vector<std::pair<size_t, size_t>> keyed(total);  // (combination, row)
  for (size_t row = 0; row < n; ++row) keyed[row] = {index_of(row), row};
  for (size_t k = 0; k < added.size(); ++k) keyed[n + k] = {added[k], n + k};
  std::stable_sort(keyed.begin(), keyed.end(), [](auto& x, auto& y) { return x.first < y.first; });
  Dataset out;
  out.value_labels = data.value_labels;
  out.label = data.label;
  for (size_t c = 0; c < data.nvars(); ++c) {
    const Column& col = data.col(c);
    auto key = std::find(vars.begin(), vars.end(), col.name);
    std::vector<int32_t> src(total, -1);
    for (size_t r = 0; r < total; ++r) {
      auto [combo, row] = keyed[r];
      if (row < n) {
        src[r] = static_cast<int32_t>(row);
      } else if (key != vars.end()) {
        size_t pos = static_cast<size_t>(key - vars.begin());
        size_t rest = combo;
        for (size_t k = vars.size(); k-- > pos + 1;) rest /= static_cast<size_t>(codes[k].ngroups);
        src[r] = rep[pos][rest % static_cast<size_t>(codes[pos].ngroups)];
      }
    }
    if (col.is_string())
      combine::add_string_like(out, col, combine::gather_str(col, src), col.type, col.str_width);
    else
      combine::add_numeric_like(out, col, combine::gather_num(col, src), col.type);
  }
  std::vector<double> flag(total);
  for (size_t r = 0; r < total; ++r) flag[r] = keyed[r].second >= n ? 1 : 0;
  out.add_numeric("_fillin", std::move(flag), StorageType::Byte);
  out.sortedby = vars;
  combine::keep_ts_if_present(out, data.ts);
  out.changed = true;
  session.data = std::move(out);
}

}  // namespace xtdo
