// egen: `egen [type] newvar = fcn(arguments) [if] [in] [, by(varlist) options]`
// ([D] egen). Parses the line, computes by-group codes once, calls the function
// from egen_functions.cpp and stores the result.
#include <fmt/format.h>

#include <optional>

#include "data_common.hpp"
#include "egen_functions.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// `[type] name = fcn(args)` split into its parts, with offsets for carets.
struct EgenHead {
  std::string type;
  std::string name;
  std::string fcn;
  std::string argtext;
  int name_pos = -1;
  int fcn_pos = -1;
  int arg_pos = -1;
};

EgenHead parse_head(const ast::Span& span) {
  const std::string& s = span.text;
  EgenHead h;
  size_t eq = s.find('=');
  if (eq == std::string::npos)
    throw XtdoError(198, "= expected", span.pos + static_cast<int>(s.size()));
  auto words = grammar::split_words(s.substr(0, eq));
  if (words.empty() || words.size() > 2) throw XtdoError(198, "invalid syntax", span.pos);
  h.name = words.back();
  if (words.size() == 2) h.type = words[0];
  h.name_pos = span.pos + static_cast<int>(s.find(h.name));
  size_t open = s.find('(', eq);
  if (open == std::string::npos)
    throw XtdoError(198, "invalid syntax", span.pos + static_cast<int>(eq) + 1);
  h.fcn = util::trim(s.substr(eq + 1, open - eq - 1));
  h.fcn_pos = span.pos + static_cast<int>(s.find_first_not_of(" \t", eq + 1));
  // The matching parenthesis (quotes and nesting respected).
  int depth = 0;
  bool quote = false;
  size_t close = std::string::npos;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '"') quote = !quote;
    if (quote) continue;
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) {
      close = i;
      break;
    }
  }
  if (close == std::string::npos)
    throw XtdoError(198, "unmatched parenthesis", span.pos + static_cast<int>(open));
  if (!util::trim(s.substr(close + 1)).empty())
    throw XtdoError(198, "invalid syntax", span.pos + static_cast<int>(close) + 1);
  h.argtext = s.substr(open + 1, close - open - 1);
  h.arg_pos = span.pos + static_cast<int>(open) + 1;
  return h;
}

}  // namespace

XTDO_COMMAND(egen, "egen", 0, "byable(onecall) *") {
  Dataset& data = session.data;
  // --- Bind: the head by hand, then if/in/options through the binder with the
  // function's own option list.
  ast::Command cmd = *args.cmd;
  grammar::parse_command_body(cmd);
  EgenHead head = parse_head(cmd.args);
  if (!valid_name(head.name))
    throw XtdoError(198, fmt::format("{} invalid name", head.name), head.name_pos);
  if (data.find(head.name) >= 0)
    throw XtdoError(110, fmt::format("variable {} already defined", head.name), head.name_pos);
  const egen::Spec* spec = egen::find(head.fcn);
  if (!spec)
    throw XtdoError(133, fmt::format("unknown egen function {}()", head.fcn), head.fcn_pos);
  StorageType type = data::default_numeric_type(session);
  if (!head.type.empty()) {
    int width = 0;
    if (!parse_storage(head.type, type, width))
      throw XtdoError(198, "invalid syntax", cmd.args.pos);
    if (type == StorageType::Str || type == StorageType::StrL)
      throw XtdoError(109, "type mismatch", cmd.args.pos);
  }
  if (spec->byte_result) type = StorageType::Byte;

  CommandInfo bound_info{"egen", 0, fmt::format("[if] [in] [, BY(string) {}]", spec->options),
                         nullptr};
  CallArgs bound;
  bound.cmd = &cmd;
  bound.info = &bound_info;
  cmd.args.text.clear();
  bind_args(session, bound_info, cmd, bound);

  std::vector<std::string> by = session.by.vars;
  if (auto opt = bound.get("by")) {
    auto more = expand_names(data, *opt, 0);
    by.insert(by.end(), more.begin(), more.end());
  }
  if (!by.empty() && !spec->byable)
    throw XtdoError(190, fmt::format("egen ... {}() may not be combined with by", spec->name));

  // --- Sample
  egen::Input in{session, data, bound, bound.sample(session, /*markout=*/false), {}, {}, {}, type};
  if (spec->varlist) {
    unsigned flags = std::string(spec->name).rfind("row", 0) == 0 ? unsigned{kVlNumeric} : 0u;
    in.vars = expand_names(data, head.argtext, flags, head.arg_pos);
  } else {
    if (util::trim(head.argtext).empty()) throw XtdoError(198, "expression expected", head.arg_pos);
    ast::ExprPtr exp = grammar::parse_expression(head.argtext, head.arg_pos);
    std::optional<ByGroups> groups;
    EvalContext ctx;
    ctx.data = &data;
    ctx.env = &session;
    data::attach_by_groups(session, ctx, groups, {exp.get()});
    Value v = evaluate(*exp, ctx);
    if (v.is_string) throw XtdoError(109, "type mismatch", head.arg_pos);
    in.x = std::move(v.num);
  }
  // By-groups once: the data are usually sorted on them already (by/bysort).
  in.groups = data::group_codes(data, by);

  // --- Estimate
  std::vector<double> result = spec->fn(in);

  // --- Post
  int64_t nmissing = 0;
  for (double& v : result) {
    v = data::to_storage(type, v);
    nmissing += missing::is_missing(v);
  }
  data.add_numeric(head.name, std::move(result), type);

  // --- Display
  data::note_missing_generated(session, nmissing);
}

}  // namespace xtdo
