// estimates table ([R] estimates table): coefficients (and se, t, p, stars) of
// stored results side by side, with selected e() scalars below.
#include "estimates_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../data/file_util.hpp"
#include "../estimation/design.hpp"
#include "estimates_store.hpp"
#include "xtdo/command.hpp"
#include "xtdo/distributions.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::est_table {

namespace {
bool match_at(const char* p, const char* n) {
  if (*p == '\0') return *n == '\0';
  if (*p == '*') return match_at(p + 1, n) || (*n && match_at(p, n + 1));
  if (*n == '\0') return false;
  return (*p == '?' || *p == *n) && match_at(p + 1, n + 1);
}
}  // namespace

bool matches(const std::string& pattern, const std::string& name) { return match_at(pattern.c_str(), name.c_str()); }

const ResultSet& results_of(Session& session, const std::string& name) {
  if (name == ".") {
    if (!session.e.macros.count("cmd") && !session.e.matrices.count("b"))
      throw XtdoError(301, "last estimates not found");
    return session.e;
  }
  StoredEstimates* s = estore::find(session, name);
  if (!s) throw XtdoError(111, fmt::format("estimation result {} not found", name));
  return s->e;
}

CoefStats coef_stats(const ResultSet& e, int col, double level) {
  CoefStats out;
  const double miss = missing::kSysmiss;
  const Matrix& b = e.matrices.at("b");
  out.b = b.at(0, col);
  auto v = e.matrices.find("V");
  const double var = v == e.matrices.end() ? miss : v->second.at(col, col);
  if (missing::is_missing(var) || var <= 0 || missing::is_missing(out.b)) {
    out.se = missing::is_missing(var) || var < 0 ? miss : (var == 0 ? miss : std::sqrt(var));
    out.t = out.p = out.lo = out.hi = miss;
    return out;
  }
  out.se = std::sqrt(var);
  out.t = out.b / out.se;
  auto df = e.scalars.find("df_r");
  const bool has_df = df != e.scalars.end() && !missing::is_missing(df->second);
  const double alpha = (100 - level) / 200;
  if (has_df) {
    out.p = 2 * dist::ttail(df->second, std::fabs(out.t));
    const double crit = dist::invttail(df->second, alpha);
    out.lo = out.b - crit * out.se;
    out.hi = out.b + crit * out.se;
  } else {
    out.p = 2 * (1 - dist::normal(std::fabs(out.t)));
    const double crit = dist::invnormal(1 - alpha);
    out.lo = out.b - crit * out.se;
    out.hi = out.b + crit * out.se;
  }
  return out;
}

namespace {

struct StarLevel {
  std::string symbol;
  double level = 0;
  std::string text;  ///< the level as typed, for the legend
};

std::string stars_for(const std::vector<StarLevel>& levels, double p) {
  std::string out;
  if (missing::is_missing(p)) return out;
  for (const auto& l : levels)
    if (p < l.level) out = l.symbol;
  return out;
}

}  // namespace

void estimates_table(Session& session, const std::string& rest, int pos) {
  // --- Bind
  ast::Command cmd;
  cmd.name = "estimates table";
  cmd.rest = ast::Span{rest, pos};
  grammar::parse_command_body(cmd);
  CommandInfo info{"estimates table", 0,
                   "[anything] [, B(string) SE(string) T(string) P(string) STats(string) STAR(string) "
                   "KEEP(string) DROP(string) TItle(string) STFmt(string) VARWidth(integer 12) MODELWidth(integer 11) * ]",
                   nullptr};
  // se/t/p/b/star are also flags without an argument: accept both spellings.
  for (auto& o : cmd.options) {
    const std::string n = util::lower(o.name);
    if (!o.arg && (n == "b" || n == "se" || n == "t" || n == "p")) o.arg = "";
    if (!o.arg && n == "star") o.arg = "";
  }
  CallArgs a;
  bind_args(session, info, cmd, a);
  for (const auto& o : a.options)
    if (o.name != "b" && o.name != "se" && o.name != "t" && o.name != "p" && o.name != "stats" && o.name != "star" &&
        o.name != "keep" && o.name != "drop" && o.name != "title" && o.name != "varwidth" && o.name != "modelwidth" &&
        o.name != "stfmt")
      throw XtdoError(198, fmt::format("estimates table: option {} is not supported", o.name), o.pos);
  std::vector<std::string> names = estore::expand(session, a.anything, true, pos);
  if (names.empty()) names.push_back(".");
  const std::string bfmt = a.get("b") && !util::trim(*a.get("b")).empty() ? util::trim(*a.get("b")) : "%9.0g";
  auto aux_fmt = [&](const char* opt) {
    auto v = a.get(opt);
    return v && !util::trim(*v).empty() ? util::trim(*v) : bfmt;
  };
  std::vector<std::pair<std::string, std::string>> aux;  // statistic, format
  for (const char* s : {"se", "t", "p"})
    if (a.has(s)) aux.emplace_back(s, aux_fmt(s));
  std::vector<StarLevel> levels;
  if (a.has("star")) {
    if (!aux.empty()) throw XtdoError(198, "option star not allowed with se, t, or p", a.option_pos("star"));
    std::vector<std::string> w = grammar::split_words(*a.get("star"));
    if (w.empty()) w = {"0.05", "0.01", "0.001"};
    if (w.size() != 3) throw XtdoError(198, "star() requires three significance levels", a.option_pos("star"));
    const char* sym[] = {"*", "**", "***"};
    for (int k = 0; k < 3; ++k) levels.push_back({sym[k], std::strtod(w[k].c_str(), nullptr), w[k]});
  }
  // Scalar statistics use b's format unless stfmt() is given ([R] estimates table).
  const std::string stfmt = a.get("stfmt") ? util::trim(*a.get("stfmt")) : bfmt;
  const int varw = static_cast<int>(a.number("varwidth"));
  const int modelw = static_cast<int>(a.number("modelwidth"));
  const int starw = levels.empty() ? 0 : 3;

  // --- Build: the union of coefficient names in order of appearance, `_cons` last.
  std::vector<const ResultSet*> sets;
  for (const auto& n : names) sets.push_back(&results_of(session, n));
  std::vector<std::string> coefs;
  for (const ResultSet* e : sets) {
    auto b = e->matrices.find("b");
    if (b == e->matrices.end()) continue;
    for (const auto& c : b->second.colnames)
      if (std::find(coefs.begin(), coefs.end(), c) == coefs.end()) coefs.push_back(c);
  }
  auto cons = std::find(coefs.begin(), coefs.end(), "_cons");
  if (cons != coefs.end()) {
    coefs.erase(cons);
    coefs.push_back("_cons");
  }
  auto keep_drop = [&](const char* opt, bool keep) {
    auto v = a.get(opt);
    if (!v) return;
    std::vector<std::string> pats = grammar::split_words(*v);
    std::vector<std::string> out;
    for (const auto& c : coefs) {
      bool hit = std::any_of(pats.begin(), pats.end(), [&](const std::string& p) { return matches(p, c); });
      if (hit == keep) out.push_back(c);
    }
    coefs = out;
  };
  keep_drop("keep", true);
  keep_drop("drop", false);

  // --- Display
  Console& out = session.console;
  const int colw = modelw + starw;
  const size_t width = varw + 2 + names.size() * (colw + 2);
  auto cell = [&](const std::string& text) { return " " + fmt::format("{:>{}}", text, colw) + " "; };
  auto num = [&](double v, const std::string& f) { return util::trim(format_number(v, f)); };
  out.println();
  if (a.has("title")) out.println(fileutil::unquote(*a.get("title")));
  out.println(std::string(width, '-'));
  std::string head = fmt::format("{:>{}} |", "Variable", varw);
  for (const auto& n : names) {
    std::string label = est::abbrev(n == "." ? "Active" : n, colw);
    const int left = (colw - static_cast<int>(label.size())) / 2;
    head += " " + fmt::format("{:<{}}", std::string(std::max(left, 0), ' ') + label, colw) + " ";
  }
  out.println(head);
  out.println(std::string(varw + 1, '-') + "+" + std::string(width - varw - 2, '-'));
  for (const auto& c : coefs) {
    std::string line = fmt::format("{:>{}} |", est::abbrev(c, varw), varw);
    std::vector<std::string> aux_lines(aux.size(), std::string(varw, ' ') + " |");
    for (const ResultSet* e : sets) {
      auto b = e->matrices.find("b");
      int col = b == e->matrices.end() ? -1 : b->second.col_index(c);
      if (col < 0) {
        line += cell("");
        for (auto& l : aux_lines) l += cell("");
        continue;
      }
      CoefStats s = coef_stats(*e, col, 95);
      std::string text = num(s.b, bfmt);
      if (starw) text += fmt::format("{:<3}", stars_for(levels, s.p));
      line += cell(text);
      for (size_t k = 0; k < aux.size(); ++k) {
        const double v = aux[k].first == "se" ? s.se : aux[k].first == "t" ? s.t : s.p;
        aux_lines[k] += cell(num(v, aux[k].second));
      }
    }
    out.println(line);
    for (const auto& l : aux_lines) out.println(l);
  }
  if (a.has("stats")) {
    out.println(std::string(varw + 1, '-') + "+" + std::string(width - varw - 2, '-'));
    for (const std::string& st : grammar::split_words(*a.get("stats"))) {
      std::string line = fmt::format("{:>{}} |", est::abbrev(st, varw), varw);
      for (const ResultSet* e : sets) {
        auto v = e->scalars.find(st);
        line += cell(v == e->scalars.end() ? "" : num(v->second, stfmt));
      }
      out.println(line);
    }
  }
  out.println(std::string(width, '-'));
  std::string legend;
  if (!levels.empty()) {
    std::vector<std::string> parts;
    for (const auto& l : levels) parts.push_back(fmt::format("{} p<{}", l.symbol, l.text));
    legend = "Legend: " + util::join(parts, "; ");
  } else if (!aux.empty()) {
    legend = "Legend: b";
    for (const auto& x : aux) legend += "/" + x.first;
  }
  if (!legend.empty()) out.println(fmt::format("{:>{}}", legend, width));
}

}  // namespace xtdo::est_table
