// generate (gen, g): create a variable from an expression evaluated over whole
// columns, within by-groups under `by`; rows outside if/in get missing ([D] generate).
#include <fmt/format.h>

#include <optional>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(generate, "generate", 1, "byable(onecall) newvarname =exp [if] [in]") {
  Dataset& data = session.data;
  // --- Bind
  const std::string name = args.newvars.at(0);
  StorageType type = data::default_numeric_type(session);
  int width = 0;
  const bool explicit_type = !args.newtype.empty();
  if (explicit_type) parse_storage(args.newtype, type, width);
  const bool want_string = type == StorageType::Str || type == StorageType::StrL;

  // --- Sample
  std::vector<uint8_t> touse = args.sample(session, /*markout=*/false);

  // --- Evaluate (under `by`, _n/_N and x[_n-1] are taken within the group)
  std::optional<ByGroups> groups;
  EvalContext ctx;
  ctx.data = &data;
  ctx.env = &session;
  data::attach_by_groups(session, ctx, groups, {args.exp.get()});
  ctx.rows = &touse;
  Value v = evaluate(*args.exp, ctx);
  if (v.is_string != (explicit_type ? want_string : v.is_string))
    throw XtdoError(109, "type mismatch", args.exp_pos);

  // --- Store
  const size_t n = data.nobs();
  int64_t nmissing = 0;
  if (v.is_string) {
    for (size_t row = 0; row < n; ++row) {
      std::string& s = v.str[row];
      if (!touse[row]) s.clear();
      // An explicit str# truncates, as Stata stores at most # bytes.
      if (type == StorageType::Str && explicit_type && s.size() > static_cast<size_t>(width))
        s.resize(static_cast<size_t>(width));
      nmissing += s.empty();
    }
    Column& col = data.add_string(name, std::move(v.str), explicit_type ? width : 1);
    if (type == StorageType::StrL) {
      col.type = StorageType::StrL;
      col.format = default_format(StorageType::StrL, 0);
    }
  } else {
    for (size_t row = 0; row < n; ++row) {
      double x = touse[row] ? data::to_storage(type, v.num[row]) : missing::kSysmiss;
      v.num[row] = x;
      nmissing += missing::is_missing(x);
    }
    data.add_numeric(name, std::move(v.num), type);
  }

  // --- Display
  data::note_missing_generated(session, nmissing);
}

}  // namespace xtdo
