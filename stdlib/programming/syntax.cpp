// The `syntax` statement of user programs ([P] syntax): `0' is bound against a
// Stata spec with the same binder the built-in commands use, and the pieces are
// returned as locals. Also `marksample` and `markout` ([P] mark).
#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// Rebuild `name(arg)` text for options passed through `*`.
std::string option_text(const CallArgs::BoundOption& o) {
  return o.arg ? fmt::format("{}({})", o.name, *o.arg) : o.name;
}

}  // namespace

XTDO_COMMAND(syntax, "syntax", 0, "*") {
  // --- Bind: the spec is the rest of this line; the text bound is the caller's `0'.
  std::string spec = util::trim(args.cmd->rest.text);
  CommandInfo info;
  info.name = "syntax";
  info.syntax = spec;
  std::string zero = session.macros.get_local("0");
  ast::Command cmd;
  cmd.name = "syntax";
  cmd.rest.text = " " + zero;
  cmd.rest.pos = 6;
  grammar::parse_command_body(cmd);
  CallArgs bound;
  bound.cmd = &cmd;
  bound.info = &info;
  bind_args(session, info, cmd, bound);

  // --- Post: locals named as Stata's syntax names them.
  Macros& m = session.macros;
  bool wants_varlist = spec.find("varlist") != std::string::npos || spec.find("varname") != std::string::npos;
  if (spec.find("newvarlist") != std::string::npos || spec.find("newvarname") != std::string::npos) {
    m.set_local("varlist", util::join(bound.newvars, " "));
    m.set_local("typlist", bound.newtype);
  } else if (wants_varlist) {
    m.set_local("varlist", util::join(bound.var_names(), " "));
  }
  if (spec.find("anything") != std::string::npos) m.set_local("anything", bound.anything);
  if (spec.find("namelist") != std::string::npos) m.set_local("namelist", bound.anything);
  else if (spec.find("name") != std::string::npos && !wants_varlist) m.set_local("name", bound.anything);
  m.set_local("if", cmd.if_exp ? "if " + util::trim(cmd.if_exp->text) : "");
  m.set_local("in", cmd.in_range ? "in " + util::trim(cmd.in_range->text) : "");
  if (cmd.weight_type) {
    m.set_local("weight", bound.weight_type);
    m.set_local("exp", "= " + util::trim(cmd.weight_exp->text));
  } else if (bound.exp) {
    size_t eq = cmd.args.text.find('=');
    m.set_local("exp", eq == std::string::npos ? "" : "= " + util::trim(cmd.args.text.substr(eq + 1)));
  } else {
    m.set_local("weight", "");
    m.set_local("exp", "");
  }
  if (cmd.using_file) m.set_local("using", cmd.using_file->text);

  bool any = false;
  auto declared = declared_options(spec, &any);
  std::string others;
  for (const auto& o : bound.options) {
    bool known = false;
    for (const auto& d : declared) known = known || d.name == o.name;
    if (!known) others += (others.empty() ? "" : " ") + option_text(o);
  }
  for (const auto& d : declared) {
    // `noCONStant` declares the option `constant`, whose local holds "noconstant" when given.
    std::string local = d.name;
    if (!d.has_arg && local.size() > 2 && local.compare(0, 2, "no") == 0) local = local.substr(2);
    if (!d.has_arg) {
      m.set_local(local, bound.has(d.name) ? d.name : "");
    } else if (bound.has(d.name)) {
      m.set_local(local, util::trim(*bound.get(d.name)));
    } else {
      m.set_local(local, d.dflt);
    }
  }
  if (any) m.set_local("options", others);
}

/// `marksample lmacname [, novarlist strok zeroweight]`: a temporary 0/1 variable that
/// is 1 in the observations the program should use (if, in, weights, and non-missing
/// `varlist' unless novarlist).
XTDO_COMMAND(marksample, "marksample", 0, "*") {
  std::string rest = util::trim(args.cmd->rest.text);
  std::string opts;
  size_t comma = rest.find(',');
  if (comma != std::string::npos) {
    opts = rest.substr(comma + 1);
    rest = util::trim(rest.substr(0, comma));
  }
  if (!valid_name(rest)) throw XtdoError(198, "marksample: local macro name expected", args.cmd->rest.pos);
  bool novarlist = opts.find("novarlist") != std::string::npos;
  bool strok = opts.find("strok") != std::string::npos;
  Macros& m = session.macros;
  // Rebuild the qualifiers from the locals that `syntax` left.
  std::string text = " ";
  if (!novarlist) text += m.get_local("varlist");
  text += " " + m.get_local("if") + " " + m.get_local("in");
  if (!m.get_local("weight").empty()) text += " [" + m.get_local("weight") + " " + m.get_local("exp") + "]";
  ast::Command cmd;
  cmd.name = "marksample";
  cmd.rest.text = text;
  cmd.rest.pos = 10;
  grammar::parse_command_body(cmd);
  CommandInfo info;
  info.name = "marksample";
  info.syntax = "[varlist(ts fv default=none)] [if] [in] [aw fw pw iw]";
  CallArgs bound;
  bound.cmd = &cmd;
  bound.info = &info;
  bind_args(session, info, cmd, bound);
  std::vector<uint8_t> mask = bound.sample(session, !novarlist, strok);
  std::string var = session.macros.next_temp_name();
  std::vector<double> values(mask.begin(), mask.end());
  session.data.add_numeric(var, std::move(values), StorageType::Byte);
  if (!session.program_frames.empty()) session.program_frames.back().temp_names.push_back(var);
  m.set_local(rest, var);
}

/// `markout marker varlist [, strok]`: set marker to 0 where any variable is missing.
XTDO_COMMAND(markout, "markout", 0, "varlist(min=1) [, STRok]") {
  auto vars = args.var_names();
  Column* marker = session.data.get(vars[0]);
  if (!marker || marker->is_string()) throw XtdoError(109, "markout: numeric marker variable expected");
  bool strok = args.has("strok");
  for (size_t k = 1; k < vars.size(); ++k) {
    const Column* c = session.data.get(vars[k]);
    for (size_t row = 0; row < session.data.nobs(); ++row) {
      bool miss = c->is_string() ? (!strok && c->str[row].empty()) : missing::is_missing(c->num[row]);
      if (miss) marker->num[row] = 0;
    }
  }
}

}  // namespace xtdo
