// isid: check that varlist uniquely identifies the observations (r(459) if not);
// `sort` leaves the data sorted by varlist, `missok` allows missing keys ([D] isid).
#include <fmt/format.h>

#include "data_common.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(isid, "isid", 0, "varlist [, Sort MISSok]") {
  Dataset& data = session.data;
  // --- Bind
  std::vector<std::string> vars = args.var_names();

  // --- Check
  if (!args.has("missok"))
    for (const auto& v : vars) {
      const Column& c = *data.get(v);
      for (size_t r = 0; r < data.nobs(); ++r)
        if (c.is_string() ? c.str[r].empty() : missing::is_missing(c.num[r]))
          throw XtdoError(459, fmt::format("variable {} should never be missing", v));
    }
  data::KeyCodes kc = data::key_codes(data, vars);
  if (static_cast<size_t>(kc.ngroups) != data.nobs())
    throw XtdoError(459, fmt::format("variable{} {} {} not uniquely identify the observations",
                                     vars.size() > 1 ? "s" : "", util::join(vars, " "),
                                     vars.size() > 1 ? "do" : "does"));

  // --- Sort (only once the check has passed: a failed isid leaves the data as they were)
  if (args.has("sort")) {
    std::vector<int64_t> perm(data.nobs());
    for (size_t r = 0; r < data.nobs(); ++r) perm[kc.a[r]] = static_cast<int64_t>(r);
    bool identity = true;
    for (size_t r = 0; r < perm.size() && identity; ++r)
      identity = perm[r] == static_cast<int64_t>(r);
    if (!identity) data.permute(perm);
    data.sortedby = vars;
  }
}

}  // namespace xtdo
