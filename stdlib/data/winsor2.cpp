// winsor2 (the community command by Yujun Lian): winsorize or trim variables at
// percentiles of Stata's default definition, optionally within groups.
#include <fmt/format.h>

#include <algorithm>

#include "data_common.hpp"
#include "quantile.hpp"
#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

// winsor2 varlist [if] [in] [, cuts(# #) suffix(str) replace trim by(varlist) label]
// Winsorizing replaces values below the low cut by that percentile and values above
// the high cut by that one; trimming sets them to missing. cuts(0 ..) and (.. 100)
// leave that side alone (p0 is the minimum, p100 the maximum).
XTDO_COMMAND(
    winsor2, "winsor2", 0,
    "varlist(numeric) [if] [in] [, Suffix(string) replace Trim Cuts(string) BY(string) Label]") {
  Dataset& data = session.data;
  // --- Bind
  if (args.has("suffix") && args.has("replace"))
    throw XtdoError(198, "options suffix() and replace may not be combined",
                    args.option_pos("replace"));
  for (const auto& v : args.vars)
    if (!v.plain()) throw XtdoError(101, "time-series operators not allowed");
  const bool trim = args.has("trim");
  double lo = 1, hi = 99;
  if (args.has("cuts")) {
    std::vector<double> cuts;
    try {
      cuts = grammar::parse_numlist(*args.get("cuts"));
    } catch (const XtdoError&) {
      throw XtdoError(121, "invalid numlist in cuts()", args.option_pos("cuts"));
    }
    if (cuts.size() != 2)
      throw XtdoError(cuts.size() < 2 ? 122 : 123,
                      cuts.size() < 2 ? "too few values in cuts()" : "too many values in cuts()",
                      args.option_pos("cuts"));
    lo = std::min(cuts[0], cuts[1]);
    hi = std::max(cuts[0], cuts[1]);
    if (lo < 0 || hi > 100)
      throw XtdoError(125, "cuts() must be between 0 and 100", args.option_pos("cuts"));
  }
  const std::string suffix = args.has("suffix") ? util::trim(*args.get("suffix"))
                             : trim             ? "_tr"
                                                : "_w";
  const bool replace = args.has("replace");
  std::vector<std::string> targets;
  for (const auto& v : args.vars) {
    std::string t = replace ? v.name : v.name + suffix;
    if (!replace) {
      if (!valid_name(t)) throw XtdoError(198, fmt::format("{} invalid name", t));
      if (data.find(t) >= 0 || std::find(targets.begin(), targets.end(), t) != targets.end())
        throw XtdoError(110, fmt::format("variable {} already defined", t));
    }
    targets.push_back(t);
  }
  std::vector<std::string> by;
  if (args.has("by")) by = expand_names(data, *args.get("by"), 0, args.option_pos("by"));

  // --- Sample and groups
  std::vector<uint8_t> touse = args.sample(session, false);
  data::GroupCodes groups = data::group_codes(data, by, &touse);
  const size_t n = data.nobs();
  std::vector<std::vector<size_t>> rows(static_cast<size_t>(groups.ngroups));
  for (size_t row = 0; row < n; ++row)
    if (groups.code[row] >= 0) rows[groups.code[row]].push_back(row);
  const std::vector<quantile::Percent> pcts = {quantile::percent_of(lo), quantile::percent_of(hi)};

  // --- Build every new column first, so an error leaves the data alone.
  std::vector<std::vector<double>> results;
  std::vector<StorageType> types;
  for (const auto& v : args.vars) {
    const Column& src = *data.get(v.base);
    std::vector<double> out = replace ? src.num : std::vector<double>(n, missing::kSysmiss);
    StorageType type = src.type;
    for (const auto& g : rows) {
      std::vector<double> vals, none;
      for (size_t row : g)
        if (!missing::is_missing(src.num[row])) vals.push_back(src.num[row]);
      std::vector<double> cut_lo_hi;
      if (!vals.empty()) cut_lo_hi = quantile::percentiles(vals, none, pcts, false);
      for (size_t row : g) {
        double x = src.num[row];
        if (!missing::is_missing(x) && !cut_lo_hi.empty()) {
          double pl = cut_lo_hi[0], ph = cut_lo_hi[1];
          if (x < pl)
            x = trim ? missing::kSysmiss : pl;
          else if (x > ph)
            x = trim ? missing::kSysmiss : ph;
        }
        type = data::promoted_type(type, x);
        out[row] = x;
      }
    }
    for (double& x : out) x = data::to_storage(type, x);
    results.push_back(std::move(out));
    types.push_back(type);
  }

  // --- Store
  std::string how = fmt::format("{} at p{} and p{}", trim ? "trimmed" : "winsorized",
                                format_default(lo), format_default(hi));
  for (size_t k = 0; k < args.vars.size(); ++k) {
    Column* src = data.get(args.vars[k].base);
    std::string label = src->label;
    Column* dst;
    if (replace) {
      dst = src;
      if (dst->format == default_format(dst->type, 0)) dst->format = default_format(types[k], 0);
      dst->type = types[k];
      dst->num = std::move(results[k]);
      auto it = std::find(data.sortedby.begin(), data.sortedby.end(), dst->name);
      if (it != data.sortedby.end()) data.sortedby.erase(it, data.sortedby.end());
      data.changed = true;
    } else {
      dst = &data.add_numeric(targets[k], std::move(results[k]), types[k]);
      dst->label = label;
      if (src->format != default_format(src->type, 0)) dst->format = src->format;
    }
    if (args.has("label"))
      dst->label = (label.empty() ? args.vars[k].name : label) + " (" + how + ")";
  }
}

}  // namespace xtdo
