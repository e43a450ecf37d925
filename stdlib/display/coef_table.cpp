// Stata's coefficient table (_coef_table) and estimation-header helpers.
#include "coef_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <vector>

#include "distributions.hpp"
#include "xtdo/eval.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::display {

namespace {

const std::string kRule(78, '-');
const std::string kSeparator = std::string(13, '-') + "+" + std::string(64, '-');
const std::string kBlank = std::string(13, ' ') + "|";

std::string pad_left(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}
std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(' ') - b + 1);
}
std::string abbrev(const std::string& name, size_t width) {
  if (name.size() <= width) return name;
  return name.substr(0, width - 2) + "~" + name.back();
}
std::string g9(double v) { return format_number(v, "%9.0g"); }

// An e(b) column name as the table shows it.
struct ParsedName {
  std::string header;   // group header ("" = a plain row)
  std::string label;    // row label
  bool factor = false;  // factor-level row (label padded with two spaces)
  bool base = false;
  bool omitted = false;
  std::string var;  // the factor variable, for value labels
  double level = 0;
};

// "2bL" → level 2, marks "b", ops "L"; "oL" → ops "L", omitted; "c" / "co".
struct Prefix {
  bool has_level = false;
  double level = 0;
  bool base = false, omitted = false, continuous = false;
  std::string ops;
};

Prefix parse_prefix(const std::string& p) {
  Prefix out;
  size_t i = 0;
  while (i < p.size() && (std::isdigit(static_cast<unsigned char>(p[i])) || p[i] == '.')) ++i;
  if (i > 0) {
    out.has_level = true;
    out.level = std::strtod(p.substr(0, i).c_str(), nullptr);
  }
  for (; i < p.size(); ++i) {
    const char c = p[i];
    if (c == 'b' && out.has_level)
      out.base = true;
    else if (c == 'n' && out.has_level)
      continue;
    else if (c == 'o' && (out.has_level || out.ops.empty()))
      out.omitted = true;
    else if (c == 'c' && !out.has_level && out.ops.empty())
      out.continuous = true;
    else
      out.ops += c;
  }
  return out;
}

// "L" → "L1.", "L2" → "L2.", "LD" → "LD." (Stata's operator row labels).
std::string ops_label(const std::string& ops) {
  if (ops.size() == 1) return ops + "1.";
  return ops + ".";
}

std::string level_text(double v) { return fmt::format("{}", v); }

ParsedName parse_name(const std::string& name) {
  ParsedName out;
  if (name.find('#') != std::string::npos) {
    std::vector<std::string> headers, levels;
    size_t start = 0;
    while (true) {
      const size_t hash = name.find('#', start);
      const std::string comp =
          name.substr(start, hash == std::string::npos ? std::string::npos : hash - start);
      const size_t dot = comp.find('.');
      const Prefix p = parse_prefix(dot == std::string::npos ? "" : comp.substr(0, dot));
      const std::string var = dot == std::string::npos ? comp : comp.substr(dot + 1);
      out.base = out.base || p.base;
      out.omitted = out.omitted || p.omitted;
      const std::string opvar = p.ops.empty() ? var : p.ops + "." + var;
      if (p.has_level) {
        headers.push_back(opvar);
        levels.push_back(level_text(p.level));
      } else {
        headers.push_back("c." + opvar);
      }
      if (hash == std::string::npos) break;
      start = hash + 1;
    }
    std::string header, label;
    for (size_t k = 0; k < headers.size(); ++k) header += (k ? "#" : "") + headers[k];
    for (size_t k = 0; k < levels.size(); ++k) label += (k ? "#" : "") + levels[k];
    if (levels.empty()) {
      out.label = header;
    } else {
      out.header = header;
      out.label = label;
      out.factor = true;
    }
    if (out.base) out.omitted = false;
    return out;
  }
  const size_t dot = name.find('.');
  if (dot == std::string::npos) {
    out.label = name;
    return out;
  }
  const Prefix p = parse_prefix(name.substr(0, dot));
  const std::string var = name.substr(dot + 1);
  out.base = p.base;
  out.omitted = p.omitted && !p.base;
  if (p.has_level) {
    out.header = p.ops.empty() ? var : p.ops + "." + var;
    out.label = level_text(p.level);
    out.factor = true;
    out.var = var;
    out.level = p.level;
  } else if (!p.ops.empty()) {
    out.header = var;
    out.label = ops_label(p.ops);
  } else {
    out.label = var;
  }
  return out;
}

// The row label of a factor level: its value label when the variable has one.
std::string factor_label(const Session& session, const ParsedName& pn) {
  if (pn.var.empty()) return pn.label;
  const Column* c = session.data.get(pn.var);
  if (!c || c->value_label.empty()) return pn.label;
  auto set = session.data.value_labels.find(c->value_label);
  if (set == session.data.value_labels.end()) return pn.label;
  auto hit = set->second.find(pn.level);
  return hit == set->second.end() ? pn.label : hit->second;
}

double escalar(const Session& session, const std::string& name) {
  auto it = session.e.scalars.find(name);
  return it == session.e.scalars.end() ? missing::kSysmiss : it->second;
}
std::string emacro(const Session& session, const std::string& name) {
  auto it = session.e.macros.find(name);
  return it == session.e.macros.end() ? std::string() : it->second;
}

}  // namespace

std::string header_line(const std::string& left, const std::string& label,
                        const std::string& value) {
  std::string line = left.size() < 48 ? pad_right(left, 48) : left + " ";
  line += pad_right(label, 18) + "= " + pad_left(value, 10);
  return line;
}

std::string count_text(double v) { return trim(format_number(v, "%10.0fc")); }
std::string stat_text(double v) { return trim(format_number(v, "%10.2f")); }
std::string prob_text(double v) { return trim(format_number(v, "%10.4f")); }

std::string rmse_text(double v) {
  if (missing::is_missing(v)) return ".";
  if (std::fabs(v) >= 1e5) return trim(format_number(v, "%10.0g"));
  std::string s = fmt::format("{:.5g}", v);
  if (s.rfind("0.", 0) == 0) s.erase(0, 1);
  if (s.rfind("-0.", 0) == 0) s.erase(1, 1);
  return s;
}

std::string extra_row(const std::string& label, const std::string& value) {
  return pad_left(label, 12) + " | " + pad_left(value, 10);
}

void coef_table(Session& session, const CoefTableOptions& options) {
  Console& out = session.console;
  auto bit = session.e.matrices.find("b");
  auto vit = session.e.matrices.find("V");
  if (bit == session.e.matrices.end() || vit == session.e.matrices.end()) return;
  const Matrix& b = bit->second;
  const Matrix& v = vit->second;
  const int k = b.cols;

  const double df_r = escalar(session, "df_r");
  const bool use_t = !missing::is_missing(df_r);
  const double alpha = 1 - options.level / 100.0;
  const double crit =
      use_t ? invttail(session, df_r, alpha / 2) : invnormal(session, 1 - alpha / 2);

  // --- Cluster note and column headings.
  const std::string clustvar = emacro(session, "clustvar");
  if (!clustvar.empty()) {
    const std::string note = fmt::format("(Std. err. adjusted for {} clusters in {})",
                                         count_text(escalar(session, "N_clust")), clustvar);
    out.println(pad_left(note, 78));
  }
  out.println(kRule);
  const std::string vcetype = emacro(session, "vcetype");
  if (!vcetype.empty()) {
    // Centred over the standard-error column (columns 28–37).
    const size_t room = vcetype.size() < 10 ? 10 - vcetype.size() : 0;
    out.println(kBlank + std::string(13 + room / 2, ' ') + vcetype);
  }
  std::string level_head = fmt::format("[{}% conf. interval]", format_default(options.level));
  std::string heading = pad_left(abbrev(emacro(session, "depvar"), 12), 12) + " | Coefficient  " +
                        (vcetype.empty() ? "Std. err." : "std. err.") +
                        (use_t ? "      t    P>|t|" : "      z    P>|z|");
  heading += pad_left(options.beta ? std::string("Beta") : level_head, 25);
  out.println(heading);
  out.println(kSeparator);

  // --- Rows, grouped by variable for factor levels and operators.
  Matrix table(9, k, missing::kSysmiss);
  table.rownames = {"b", "se", use_t ? "t" : "z", "pvalue", "ll", "ul", "df", "crit", "eform"};
  table.colnames = b.colnames;
  std::optional<Matrix> beta;
  if (options.beta) {
    auto it = session.e.matrices.find("beta");
    if (it != session.e.matrices.end()) beta = it->second;
  }

  std::string open_group;
  bool need_blank = false;
  bool first_line = true;
  for (int j = 0; j < k; ++j) {
    const ParsedName pn = parse_name(b.colnames[j]);
    const double coef = b.at(0, j);
    const double var = v.at(j, j);
    table.at(0, j) = coef;
    table.at(6, j) = use_t ? df_r : missing::kSysmiss;
    table.at(7, j) = crit;
    table.at(8, j) = 0;
    if (pn.base || pn.omitted) {
      table.at(0, j) = 0;
    } else if (var > 0 && !missing::is_missing(var)) {
      const double se = std::sqrt(var);
      const double stat = coef / se;
      table.at(1, j) = se;
      table.at(2, j) = stat;
      table.at(3, j) =
          use_t ? 2 * ttail(session, df_r, std::fabs(stat)) : 2 * normal(session, -std::fabs(stat));
      table.at(4, j) = coef - crit * se;
      table.at(5, j) = coef + crit * se;
    }
    if (pn.base) continue;  // Stata hides base levels by default (set showbaselevels off)

    // Group header and blank separators, as _coef_table lays them out.
    if (pn.header.empty()) {
      if (!open_group.empty()) need_blank = true;
      open_group.clear();
      if (need_blank && !first_line) out.println(kBlank);
      need_blank = false;
    } else if (pn.header != open_group) {
      if (!first_line) out.println(kBlank);
      out.println(pad_left(abbrev(pn.header, 12), 12) + " |");
      open_group = pn.header;
      need_blank = false;
    }
    first_line = false;

    std::string label = pn.factor ? pad_left(abbrev(factor_label(session, pn), 11), 11) + "  |"
                                  : pad_left(abbrev(pn.label, 12), 12) + " |";
    if (pn.omitted) {
      out.println(label + "  " + g9(0) + "  (omitted)");
      continue;
    }
    std::string row = label + "  " + g9(coef) + "  " + g9(table.at(1, j)) + " " +
                      format_number(table.at(2, j), "%8.2f") + "   " +
                      format_number(table.at(3, j), "%5.3f");
    if (options.beta) {
      const bool has_beta = beta && j < beta->cols && b.colnames[j] != "_cons";
      if (has_beta) row += pad_left(g9(beta->at(0, j)), 25);
    } else {
      row += "    " + g9(table.at(4, j)) + "   " + g9(table.at(5, j));
    }
    out.println(row);
  }
  out.println(options.plus ? kSeparator : kRule);

  session.r.clear();
  session.r.set_matrix("table", std::move(table));
  session.r.set_scalar("level", options.level);
}

}  // namespace xtdo::display
