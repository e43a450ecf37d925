// duplicates report | examples | list | tag | drop: observations that share the
// values of varlist (all variables by default), as duplicates.ado reports them.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "data_common.hpp"
#include "file_util.hpp"
#include "inspect_util.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

/// "Duplicates in terms of x y" with {p 0 4} wrapping at 79 columns.
void header(Console& out, const std::string& vartext) {
  out.println();
  std::string line;
  for (const auto& w : grammar::split_words("Duplicates in terms of " + vartext)) {
    if (!line.empty() && line.size() + 1 + w.size() > 79) {
      out.println(line);
      line = "   ";
    }
    line += (line.empty() ? "" : " ") + w;
  }
  out.println(line);
}

/// One column of a `list ..., noobs` style table.
struct Col {
  std::string header;
  bool left = false;
  std::vector<std::string> cells;
  size_t width = 1;
};

void print_list(Console& out, std::vector<Col>& cols) {
  size_t inner = 2;
  for (size_t c = 0; c < cols.size(); ++c) {
    Col& col = cols[c];
    for (const auto& s : col.cells) col.width = std::max(col.width, inspect::display_width(s));
    col.width = std::max(col.width, inspect::display_width(col.header));
    inner += col.width + (c ? 3 : 0);
  }
  auto line = [&](auto text_of) {
    std::string s = "  | ";
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c) s += "   ";
      std::string t = text_of(cols[c]);
      s +=
          cols[c].left ? inspect::pad_right(t, cols[c].width) : inspect::pad_left(t, cols[c].width);
    }
    return s + " |";
  };
  const std::string border = "  +" + std::string(inner, '-') + "+";
  const std::string rule = "  |" + std::string(inner, '-') + "|";
  out.println();
  out.println(border);
  out.println(line([](const Col& c) { return c.header; }));
  out.println(rule);
  const size_t rows = cols.empty() ? 0 : cols[0].cells.size();
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0 && r % 5 == 0) out.println(rule);
    out.println(line([&](const Col& c) { return c.cells[r]; }));
  }
  out.println(border);
}

}  // namespace

XTDO_COMMAND(duplicates, "duplicates", 0, "*") {
  Dataset& data = session.data;
  // --- Bind: the subcommand, then its own syntax.
  const std::string& rest = args.cmd->rest.text;
  size_t after = 0;
  std::string sub = fileutil::first_word(rest, after);
  if (sub.empty()) throw XtdoError(198, "subcommand needed; see help on duplicates");
  std::string cmd;
  auto ab = [&](const char* full) { return util::abbrev(sub, full, 1); };
  if (ab("report"))
    cmd = "report";
  else if (ab("examples"))
    cmd = "examples";
  else if (ab("list"))
    cmd = "list";
  else if (ab("tag"))
    cmd = "tag";
  else if (sub == "drop")
    cmd = "drop";
  else if (ab("browse"))
    throw XtdoError(198, "As of Stata 11.0, browse is no longer a valid subcommand.");
  else
    throw XtdoError(198, "illegal duplicates subcommand");
  const char* spec = cmd == "tag"    ? "[varlist(default=none)] [if] [in] [, Generate(string)]"
                     : cmd == "drop" ? "[varlist(default=none)] [if] [in] [, FORCE]"
                                     : "[varlist(default=none)] [if] [in] [, *]";
  fileutil::SubCommand sc;
  fileutil::bind_sub(session, *args.cmd, after, "duplicates", spec, sc);
  const CallArgs& a = sc.args;
  std::vector<std::string> vars = a.var_names();
  const bool all = vars.empty();
  if (cmd == "drop" && !all && !a.has("force"))
    throw XtdoError(198, "force option required with duplicates drop varlist");
  std::string gen;
  if (cmd == "tag") {
    auto g = a.get("generate");
    if (!g) throw XtdoError(198, "option generate() required");
    gen = util::trim(*g);
    if (!valid_name(gen) || data.find(gen) >= 0)
      throw XtdoError(110, "generate() must specify new variable");
  }
  if (all)
    for (const auto& c : data.columns()) vars.push_back(c->name);
  const std::string vartext = all ? "all variables" : util::join(vars, " ");

  // --- Sample: if/in only (duplicates with missing values are of interest).
  std::vector<uint8_t> touse = a.sample(session, false);
  const size_t n = data.nobs();
  int64_t nuse = 0;
  for (uint8_t u : touse) nuse += u;
  session.return_target().clear();
  session.return_target().set_scalar("N", static_cast<double>(nuse));
  if (nuse == 0) throw XtdoError(2000, "no observations");

  // --- Groups: copies per observation, first occurrence, duplicate-group numbers.
  data::KeyCodes kc = data::key_codes(data, vars, &touse);
  std::vector<int64_t> size(static_cast<size_t>(kc.ngroups), 0);
  for (size_t r = 0; r < n; ++r)
    if (kc.a[r] >= 0) ++size[kc.a[r]];
  header(session.console, vartext);

  if (cmd == "tag") {
    std::vector<double> v(n, missing::kSysmiss);
    for (size_t r = 0; r < n; ++r)
      if (kc.a[r] >= 0) v[r] = static_cast<double>(size[kc.a[r]] - 1);
    data.add_numeric(gen, v, fit_numeric_type(v, false));
    return;
  }
  if (cmd == "report") {
    std::map<int64_t, int64_t> obs_by_copies;
    for (int64_t g = 0; g < kc.ngroups; ++g) obs_by_copies[size[g]] += size[g];
    Console& out = session.console;
    out.println();
    out.println("--------------------------------------");
    out.println("   Copies | Observations       Surplus");
    out.println("----------+---------------------------");
    for (const auto& [copies, obs] : obs_by_copies)
      out.println(fmt::format("{:>9} | {:>12}  {:>12}", copies, obs, obs - obs / copies));
    out.println("--------------------------------------");
    session.return_target().set_scalar("unique_value", static_cast<double>(kc.ngroups));
    return;
  }
  // Duplicate groups numbered 1, 2, ... in order of their first observation.
  std::vector<int64_t> dgroup_of(static_cast<size_t>(kc.ngroups), 0);
  std::vector<uint8_t> example(n, 0);
  std::vector<uint8_t> seen(static_cast<size_t>(kc.ngroups), 0);
  int64_t ndup = 0;
  for (size_t r = 0; r < n; ++r) {
    int32_t g = kc.a[r];
    if (g < 0 || seen[g]) continue;
    seen[g] = 1;
    example[r] = 1;
    if (size[g] > 1) dgroup_of[g] = ++ndup;
  }
  if (ndup == 0) {
    session.console.println();
    session.console.println("(0 observations are duplicates)");
    if (cmd == "drop") session.return_target().set_scalar("N_drop", 0);
    return;
  }
  if (cmd == "drop") {
    std::vector<uint8_t> keep(n, 1);
    int64_t dropped = 0;
    for (size_t r = 0; r < n; ++r)
      if (kc.a[r] >= 0 && dgroup_of[kc.a[r]] > 0 && !example[r]) {
        keep[r] = 0;
        ++dropped;
      }
    data.keep_rows(keep);
    session.return_target().set_scalar("N_drop", static_cast<double>(dropped));
    session.console.println();
    session.console.println(
        fmt::format("({} observation{} deleted)", data::commas(dropped), dropped == 1 ? "" : "s"));
    return;
  }

  // --- Display: list / examples, rows in group order then observation order.
  std::vector<size_t> rows;
  for (size_t r = 0; r < n; ++r)
    if (kc.a[r] >= 0 && dgroup_of[kc.a[r]] > 0 && (cmd == "list" || example[r])) rows.push_back(r);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](size_t x, size_t y) { return dgroup_of[kc.a[x]] < dgroup_of[kc.a[y]]; });
  std::vector<Col> cols;
  auto number_col = [&](const std::string& head, auto value) {
    Col c;
    c.header = head;
    for (size_t r : rows) c.cells.push_back(std::to_string(value(r)));
    cols.push_back(std::move(c));
  };
  if (ndup > 1) number_col("group:", [&](size_t r) { return dgroup_of[kc.a[r]]; });
  if (cmd == "examples") number_col("#", [&](size_t r) { return size[kc.a[r]]; });
  number_col(cmd == "examples" ? "e.g. obs:" : "obs:",
             [](size_t r) { return static_cast<int64_t>(r) + 1; });
  for (const auto& v : vars) {
    const Column& col = *data.get(v);
    Col c;
    size_t value_width = 1;
    for (size_t r : rows) {
      c.cells.push_back(inspect::cell_text(data, col, r, true));
      value_width = std::max(value_width, inspect::display_width(c.cells.back()));
    }
    c.header = inspect::abbrev(
        v, std::min(inspect::display_width(v), std::max<size_t>(8, value_width)), &data);
    c.left = col.is_string() && col.format.size() > 1 && col.format[1] == '-';
    cols.push_back(std::move(c));
  }
  print_list(session.console, cols);
}

}  // namespace xtdo
