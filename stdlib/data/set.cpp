// set: `set obs #`, `set seed #`, `set type`, and the display/system settings
// scripts commonly carry ([R] set). Values are kept in session.settings; settings
// that only matter to Stata's GUI or memory manager are accepted and ignored.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// A whole number from the argument text (an expression is allowed: `set obs 2*_N`).
double whole_number(Session& session, const std::string& text, int pos, const std::string& what) {
  if (text.empty()) throw XtdoError(198, fmt::format("set {}: number expected", what), pos);
  Value v = session.eval_scalar_text(text, pos);
  if (v.is_string || v.num.empty() || missing::is_missing(v.num[0]) ||
      v.num[0] != std::floor(v.num[0]) || v.num[0] < 0)
    throw XtdoError(198, fmt::format("set {}: '{}' is not a nonnegative integer", what, text), pos);
  return v.num[0];
}

void on_off(const std::string& name, const std::string& value, int pos) {
  if (value != "on" && value != "off")
    throw XtdoError(198, fmt::format("set {}: on or off expected, not '{}'", name, value), pos);
}

/// Settings accepted and stored but without effect in xtdo (memory, GUI, output style).
const std::set<std::string> kIgnored = {
    "matsize",        "maxvar",        "niceness",    "processors",
    "emptycells",     "scheme",        "graphics",    "printcolor",
    "copycolor",      "autotabgraphs", "logtype",     "dp",
    "cformat",        "pformat",       "sformat",     "showbaselevels",
    "showemptycells", "showomitted",   "fvlabel",     "fvwrap",
    "fvwrapon",       "lstretch",      "maxiter",     "tracedepth",
    "traceexpand",    "tracesep",      "traceindent", "tracenumber",
    "tracehilite",    "checksum",      "pagesize",    "notifyuser",
    "update_query",   "segmentsize",   "min_memory",  "max_memory",
    "haverdir",       "odbcmgr",       "charset",     "locale_functions",
    "locale_ui",      "sortmethod",    "sortseed",    "coeftabresults",
    "collect_warn",   "table_style",   "trace",       "maxdb"};

}  // namespace

XTDO_COMMAND(set, "set", 0, "*") {
  // --- Bind: `set name value [, permanently]`
  const ast::Span& rest = args.cmd->rest;
  std::string text = data::split_comma(rest.text).first;
  std::string trimmed = util::trim(text);
  if (trimmed.empty()) throw XtdoError(198, "set: setting name expected", rest.pos);
  size_t name_end = trimmed.find_first_of(" \t");
  std::string name = trimmed.substr(0, name_end);
  std::string value = name_end == std::string::npos ? "" : util::trim(trimmed.substr(name_end));
  int value_pos = rest.pos + static_cast<int>(rest.text.find(name) + name.size());
  const std::string lname = util::lower(name);

  // --- Apply
  if (lname == "obs") {
    Dataset& data = session.data;
    size_t before = data.nobs();
    double n = whole_number(session, value, value_pos, "obs");
    if (n > 2147483619.0) throw XtdoError(198, "set obs: too many observations", value_pos);
    if (static_cast<size_t>(n) < before)
      throw XtdoError(
          198,
          fmt::format("observations must be >= {}", data::commas(static_cast<int64_t>(before))),
          value_pos);
    data.set_obs(static_cast<size_t>(n));
    session.console.println(fmt::format("Number of observations (_N) was {}, now {}.",
                                        data::commas(static_cast<int64_t>(before)),
                                        data::commas(static_cast<int64_t>(n))));
  } else if (lname == "seed") {
    double seed = whole_number(session, value, value_pos, "seed");
    if (seed > 2147483647.0)
      throw XtdoError(198, "set seed: # must be between 0 and 2,147,483,647", value_pos);
    session.set_seed(static_cast<uint64_t>(seed));
    session.settings["seed"] = value;
  } else if (lname == "type") {
    if (value != "float" && value != "double")
      throw XtdoError(198, fmt::format("set type: float or double expected, not '{}'", value),
                      value_pos);
    session.settings["type"] = value;
  } else if (lname == "more" || lname == "rmsg" || lname == "varabbrev") {
    on_off(lname, value, value_pos);
    session.settings[lname] = value;
  } else if (lname == "linesize") {
    double width = whole_number(session, value, value_pos, "linesize");
    if (width < 40 || width > 255)
      throw XtdoError(198, "set linesize: # must be between 40 and 255", value_pos);
    session.settings[lname] = value;
  } else if (lname == "level") {
    Value v = session.eval_scalar_text(value.empty() ? "." : value, value_pos);
    if (v.is_string || v.num.empty() || !(v.num[0] >= 10 && v.num[0] <= 99.99))
      throw XtdoError(198, "set level: level must be between 10 and 99.99 inclusive", value_pos);
    session.settings[lname] = value;
  } else if (kIgnored.count(lname)) {
    session.settings[lname] = value;
  } else {
    throw XtdoError(198, fmt::format("set {}: setting not recognized", name), rest.pos);
  }
}

}  // namespace xtdo
