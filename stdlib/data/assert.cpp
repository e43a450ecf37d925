// assert: verify that an expression is true (non-zero; missing counts as true)
// for every observation in if/in, else r(9) ([D] assert). Under `by`, _n/_N and
// subscripts are taken within groups.
#include <fmt/format.h>

#include <optional>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(assert, "assert", 0, "byable(onecall) anything [if] [in] [, RC0 Null Fast]") {
  const Dataset& data = session.data;
  // --- Bind
  const ast::Span& span = args.cmd->args;
  size_t lead = span.text.find_first_not_of(" \t");
  ast::ExprPtr exp = grammar::parse_expression(args.anything, span.pos + static_cast<int>(lead));

  // --- Sample
  std::vector<uint8_t> touse = args.sample(session, /*markout=*/false);

  // --- Evaluate
  std::optional<ByGroups> groups;
  EvalContext ctx;
  ctx.data = &data;
  ctx.env = &session;
  data::attach_by_groups(session, ctx, groups, {exp.get()});
  Value v = evaluate(*exp, ctx);
  if (v.is_string) throw XtdoError(109, "type mismatch", exp->pos);
  int64_t checked = 0, false_rows = 0;
  for (size_t row = 0; row < touse.size(); ++row) {
    if (!touse[row]) continue;
    ++checked;
    if (v.num[row] == 0) {
      ++false_rows;
      if (args.has("fast")) throw XtdoError(9, "assertion is false");
    }
  }

  // --- Display
  if (checked == 0 && args.has("null")) throw XtdoError(8, "assertion is null: no observations");
  if (false_rows == 0) return;
  std::string msg = fmt::format("{} contradiction{} in {} observation{}\nassertion is false",
                                data::commas(false_rows), false_rows == 1 ? "" : "s",
                                data::commas(checked), checked == 1 ? "" : "s");
  if (args.has("rc0")) {
    session.console.println(msg);
    return;
  }
  throw XtdoError(9, msg);
}

}  // namespace xtdo
