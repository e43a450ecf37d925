// levelsof: the distinct values of a variable, displayed and left in r(levels) and
// optionally a local macro ([P] levelsof; the formatting rules of levelsof.ado 3.1.2).
#include <fmt/format.h>

#include <cmath>

#include "stat_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

// levelsof varname [if] [in] [, separate(str) missing local(name) clean matrow(name)
//   matcell(name)]. Integers print as %21.0g, other numbers as a macro holds them;
// strings are wrapped in compound quotes unless clean.
XTDO_COMMAND(levelsof, "levelsof", 0,
             "varname [if] [in] [, Separate(string) MISSing Local(string) Clean MATROW(string) "
             "MATCELL(string)]") {
  const Dataset& data = session.data;
  // --- Bind
  const VarRef& ref = args.vars.at(0);
  if (!ref.plain()) throw XtdoError(101, "time-series operators not allowed");
  const Column& col = *data.get(ref.base);
  std::string sep = args.has("separate") ? *args.get("separate") : " ";
  if (sep.empty()) sep = " ";
  std::string local = util::trim(args.get_or("local", ""));
  if (args.has("local") &&
      (local.empty() || local.size() > 31 || local.find(' ') != std::string::npos))
    throw XtdoError(198, "invalid local() name", args.option_pos("local"));
  std::string matrow = util::trim(args.get_or("matrow", ""));
  std::string matcell = util::trim(args.get_or("matcell", ""));
  if (col.is_string() && !matrow.empty())
    throw XtdoError(198, "option matrow not allowed with string variable",
                    args.option_pos("matrow"));

  // --- Levels
  std::vector<uint8_t> touse = args.sample(session, false);
  stat::Categories cats = stat::categorize(data, col, touse, args.has("missing"), false);
  int64_t N = 0;
  std::vector<double> freq(static_cast<size_t>(cats.count), 0);
  for (int32_t c : cats.code)
    if (c >= 0) {
      ++N;
      freq[c] += 1;
    }
  std::string levels;
  const bool quote = col.is_string() && !args.has("clean");
  for (int64_t k = 0; k < cats.count; ++k) {
    std::string item;
    int64_t row = cats.first_row[k];
    if (col.is_string()) {
      item = col.str[row];
    } else {
      double v = col.num[row];
      item = missing::is_missing(v) ? missing::to_string(v)
             : v == std::floor(v)   ? util::trim(format_number(v, "%21.0g"))
                                    : macro_number(v);
    }
    if (k > 0) levels += quote ? "\"'" + sep + "`\"" : sep;
    levels += item;
  }
  if (quote && cats.count > 0) levels = "`\"" + levels + "\"'";

  // --- Post
  session.r.clear();
  session.r.set_scalar("N", static_cast<double>(N));
  session.r.set_scalar("r", static_cast<double>(cats.count));
  if (cats.count > 0) session.r.set_macro("levels", levels);
  if (!local.empty()) session.macros.set_local(local, levels);
  if (!matcell.empty() && cats.count > 0) {
    Matrix m(static_cast<int>(cats.count), 1);
    for (int64_t k = 0; k < cats.count; ++k) m.at(static_cast<int>(k), 0) = freq[k];
    session.matrices[matcell] = m;
  }
  if (!matrow.empty() && cats.count > 0) {
    Matrix m(static_cast<int>(cats.count), 1);
    for (int64_t k = 0; k < cats.count; ++k)
      m.at(static_cast<int>(k), 0) = col.num[cats.first_row[k]];
    session.matrices[matrow] = m;
  }

  // --- Display
  session.console.println(levels);
}

}  // namespace xtdo
