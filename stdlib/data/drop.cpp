// drop and keep: remove variables, or observations by if/in ([D] drop). Under
// `by`, the `if` condition sees _n/_N within groups.
#include <fmt/format.h>

#include <algorithm>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

/// Drop (keep_listed = false) or keep the listed variables. Dropping every
/// variable also removes the observations, as in Stata.
void select_variables(Dataset& data, const std::vector<std::string>& listed, bool keep_listed) {
  std::vector<std::string> drop;
  if (keep_listed) {
    for (const auto& col : data.columns())
      if (std::find(listed.begin(), listed.end(), col->name) == listed.end())
        drop.push_back(col->name);
  } else {
    drop = listed;
  }
  for (const auto& name : drop)
    if (data.find(name) >= 0) data.drop_column(name);
  if (data.nvars() == 0 && data.nobs() > 0) data.keep_rows(std::vector<uint8_t>(data.nobs(), 0));
}

void drop_or_keep(Session& session, CallArgs& args, bool keep) {
  Dataset& data = session.data;
  const bool rows = args.if_exp || args.in_range;
  if (!args.vars.empty() && rows) throw XtdoError(198, "invalid syntax");
  if (!rows) {
    if (args.vars.empty()) throw XtdoError(100, "varlist required");
    if (session.by.active())
      throw XtdoError(190, fmt::format("{} may not be combined with by", keep ? "keep" : "drop"));
    select_variables(data, args.var_names(), keep);
    return;
  }
  // --- Sample: observations selected by if/in (by-groups honoured by sample()).
  std::vector<uint8_t> mask = args.sample(session, /*markout=*/false);
  if (!keep)
    for (auto& m : mask) m = !m;
  size_t before = data.nobs();
  data.keep_rows(mask);
  int64_t deleted = static_cast<int64_t>(before - data.nobs());
  session.console.println(
      fmt::format("({} observation{} deleted)", data::commas(deleted), deleted == 1 ? "" : "s"));
}

}  // namespace

XTDO_COMMAND(drop, "drop", 0, "byable(onecall) [varlist(default=none)] [if] [in]") {
  drop_or_keep(session, args, false);
}

XTDO_COMMAND(keep, "keep", 0, "byable(onecall) [varlist(default=none)] [if] [in]") {
  drop_or_keep(session, args, true);
}

}  // namespace xtdo
