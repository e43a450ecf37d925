// The results-table engine of esttab/estout: collects coefficients and
// statistics from stored results and lays them out in the output mode's markup,
// following the estout package's layout rules (see tabout.hpp).
#include "tabout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>

#include "../data/file_util.hpp"
#include "../estimation/design.hpp"
#include "estimates_store.hpp"
#include "estimates_table.hpp"
#include "xtdo/distributions.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::tabout {

std::string format_cell(double value, const std::string& fmt_in) {
  std::string fmt = util::trim(fmt_in);
  if (fmt.empty()) fmt = "a3";
  if (fmt[0] == 'a') {
    // estout's adaptive format: integers without decimals; |x| < 1 with d
    // significant digits (at least one decimal, at most nine); otherwise d+1
    // significant digits with at least one decimal.
    int d = 3;
    if (fmt.size() > 1) {
      char* end = nullptr;
      d = static_cast<int>(std::strtol(fmt.c_str() + 1, &end, 10));
      if (*end != '\0') throw XtdoError(198, fmt::format("{}: invalid format", fmt));
    }
    if (missing::is_missing(value)) {
      fmt = "%9.0g";
    } else if (value == std::trunc(value)) {
      fmt = "%12.0f";
    } else if (std::fabs(value) < 1) {
      const int right = -static_cast<int>(std::trunc(std::log10(std::fabs(value))));
      const int dec = std::max(1, d + right);
      fmt = dec <= 9 ? fmt::format("%12.{}f", dec) : fmt::format("%12.{}e", std::min(9, d - 1));
    } else {
      const int left = static_cast<int>(std::trunc(std::log10(std::fabs(value)) + 1));
      fmt = left <= 9 ? fmt::format("%12.{}f", std::max(1, d - left + 1)) : "%12.0e";
    }
  } else if (std::all_of(fmt.begin(), fmt.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
    const int dec = std::atoi(fmt.c_str());
    fmt = fmt::format("%{}.{}f", dec + 9, dec);
  } else if (fmt == "%g" || fmt == "g") {
    fmt = "%9.0g";
  } else if (fmt[0] != '%') {
    throw XtdoError(198, fmt::format("{}: invalid format", fmt));
  }
  return util::trim(format_number(value, fmt));
}

std::string star_symbol(Mode mode, const std::string& symbol) {
  switch (mode) {
    case Mode::kTex:
    case Mode::kBooktabs:
      return "\\sym{" + symbol + "}";
    case Mode::kHtml:
      return "<sup>" + symbol + "</sup>";
    case Mode::kMmd: {
      std::string escaped;
      for (char ch : symbol) escaped += ch == '*' ? std::string("\\*") : std::string(1, ch);
      return "<sup>" + escaped + "</sup>";
    }
    case Mode::kRtf:
      return "{\\super " + symbol + "}";
    default:
      return symbol;
  }
}

std::string substitute(Mode mode, const std::string& text) {
  if (mode != Mode::kTex && mode != Mode::kBooktabs && mode != Mode::kMmd) return text;
  std::string out;
  for (char ch : text) out += ch == '_' ? std::string("\\_") : std::string(1, ch);
  return out;
}

std::vector<std::string> quoted_items(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    if (text.compare(i, 2, "`\"") == 0) {
      size_t close = text.find("\"'", i + 2);
      if (close == std::string::npos) throw XtdoError(198, "unmatched quote");
      out.push_back(text.substr(i + 2, close - i - 2));
      i = close + 2;
    } else if (text[i] == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string::npos) throw XtdoError(198, "unmatched quote");
      out.push_back(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      size_t end = i;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      out.push_back(text.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

namespace {

/// One model's results as the table reads them.
struct Model {
  std::string name;
  const ResultSet* e = nullptr;
  std::vector<std::string> coefs;  ///< e(b) column names after rename()

  int column(const std::string& coef) const {
    for (size_t j = 0; j < coefs.size(); ++j)
      if (coefs[j] == coef) return static_cast<int>(j);
    return -1;
  }
  std::string macro(const std::string& k) const {
    auto it = e->macros.find(k);
    return it == e->macros.end() ? std::string() : it->second;
  }
};

/// Mode-specific markup: row delimiters, rules, gaps, widths.
struct Markup {
  std::string begin, delimiter, end;
  int varwidth = 0, modelwidth = 0;
  bool abbrev = false;
  std::optional<std::string> toprule, midrule, bottomrule;
  std::optional<std::string> topgap, midgap, bottomgap;
  std::string interaction = " # ";
};

Markup markup_for(const Config& c) {
  Markup m;
  const int varw = c.label ? 20 : 12;
  switch (c.mode) {
    case Mode::kSmcl:
    case Mode::kFixed:
      m.delimiter = " ";
      m.varwidth = varw;
      m.modelwidth = 12;
      m.abbrev = true;
      m.toprule = m.midrule = m.bottomrule = "@hline";
      m.topgap = m.midgap = m.bottomgap = "";
      break;
    case Mode::kTab:
      m.delimiter = "\t";
      m.topgap = m.midgap = m.bottomgap = "";
      break;
    case Mode::kCsv:
    case Mode::kScsv: {
      const std::string lhs = "=";
      m.begin = lhs + "\"";
      m.delimiter = std::string("\"") + (c.mode == Mode::kCsv ? "," : ";") + lhs + "\"";
      m.end = "\"";
      m.topgap = m.midgap = m.bottomgap = "";
      break;
    }
    case Mode::kTex:
    case Mode::kBooktabs:
      m.delimiter = "&";
      m.end = "\\\\";
      m.varwidth = varw;
      m.modelwidth = 12;
      m.interaction = " $\\times$ ";
      if (c.mode == Mode::kTex) {
        m.toprule = "\\hline\\hline";
        m.midrule = "\\hline";
        m.bottomrule = "\\hline\\hline";
        m.midgap = "[1em]";
      } else {
        m.toprule = "\\toprule";
        m.midrule = "\\midrule";
        m.bottomrule = "\\bottomrule";
        m.midgap = "\\addlinespace";
      }
      break;
    case Mode::kHtml:
      m.begin = "<tr><td>";
      m.delimiter = "</td><td>";
      m.end = "</td></tr>";
      m.varwidth = varw;
      m.modelwidth = 12;
      m.toprule = m.midrule = m.bottomrule = "<tr><td colspan=@span><hr></td></tr>";
      m.midgap = "<tr><td colspan=@span>&nbsp;</td></tr>";
      break;
    case Mode::kMmd:
      m.begin = "| ";
      m.delimiter = " | ";
      m.end = " |";
      m.varwidth = varw;
      m.modelwidth = 12;
      break;
    case Mode::kRtf:
      // Rows are RTF table rows; @rtfrowdef becomes the cell definitions (with
      // borders where the rules go) once the table is laid out.
      m.begin = "{\\trowd\\trgaph108\\trleft-108@rtfrowdef\\pard\\intbl\\ql {";
      m.delimiter = "}\\cell \\pard\\intbl\\qc {";
      m.end = "}\\cell\\row}";
      m.varwidth = varw;  // for the cell definitions only; cells are not padded
      m.modelwidth = 12;
      m.midgap = "{\\trowd\\trgaph108\\trleft-108@rtfemptyrow\\row}";
      break;
  }
  if (c.mode == Mode::kTab || c.mode == Mode::kCsv || c.mode == Mode::kScsv) m.toprule = m.midrule = m.bottomrule = {};
  if (c.compress && m.modelwidth > 0) m.modelwidth -= 3;
  if (c.compress && m.varwidth > 0) m.varwidth -= c.label ? 4 : 2;
  if (c.aux == Aux::kCi && m.modelwidth > 0 && !c.modelwidth) m.modelwidth = 2 * m.modelwidth - 2;
  if (c.varwidth) m.varwidth = *c.varwidth;
  if (c.modelwidth) m.modelwidth = *c.modelwidth;
  return m;
}

std::string pad_left(const std::string& s, int w) {
  return static_cast<int>(s.size()) >= w ? s : std::string(w - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, int w) {
  return static_cast<int>(s.size()) >= w ? s : s + std::string(w - s.size(), ' ');
}
std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  size_t at = 0;
  while ((at = s.find(from, at)) != std::string::npos) {
    s.replace(at, from.size(), to);
    at += to.size();
  }
  return s;
}

bool any_match(const std::vector<std::string>& patterns, const std::string& name) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return est_table::matches(p, name); });
}

/// The variable label of a coefficient's variable (plain names only), or "".
std::string variable_label(const Session& session, const std::string& coef) {
  const Column* col = session.data.get(coef);
  return col ? col->label : std::string();
}

/// The statistics estout computes rather than reads: rank (coefficients with a
/// non-zero variance), aic = −2 ll + 2 rank, bic = −2 ll + ln(N) rank, and the model
/// test's p-value from e(F) (F(df_m, df_r)) or e(chi2) (chi2(df_m)).
double derived_stat(const ResultSet& e, const std::string& name) {
  auto scalar = [&](const char* k) {
    auto it = e.scalars.find(k);
    return it == e.scalars.end() ? missing::kSysmiss : it->second;
  };
  if (name == "p") {
    if (e.scalars.count("F")) return dist::Ftail(scalar("df_m"), scalar("df_r"), scalar("F"));
    return dist::chi2tail(scalar("df_m"), scalar("chi2"));
  }
  double rank = 0;
  auto v = e.matrices.find("V");
  if (v != e.matrices.end())
    for (int j = 0; j < v->second.rows; ++j)
      if (v->second.at(j, j) != 0 && !missing::is_missing(v->second.at(j, j))) rank += 1;
  if (name == "rank") return rank;
  const double ll = scalar("ll"), n = scalar("N");
  if (missing::is_missing(ll) || missing::is_missing(n)) return missing::kSysmiss;
  return name == "aic" ? -2 * ll + 2 * rank : -2 * ll + std::log(n) * rank;
}

}  // namespace

void render(Session& session, const Config& c) {
  const Mode mode = c.mode;
  const bool rtf = mode == Mode::kRtf;
  Markup mk = markup_for(c);
  // RTF: the widths set the cell boundaries (120 twips a character, estout's
  // factor) instead of padding the text.
  const int rtf_varw = mk.varwidth > 0 ? mk.varwidth : 12;
  const int rtf_modelw = mk.modelwidth > 0 ? mk.modelwidth : 12;
  if (rtf) mk.varwidth = mk.modelwidth = 0;

  // --- Models
  std::vector<Model> models;
  for (const std::string& name : c.models) {
    Model m;
    m.name = name;
    m.e = &est_table::results_of(session, name);
    auto b = m.e->matrices.find("b");
    if (b != m.e->matrices.end()) {
      for (std::string coef : b->second.colnames) {
        for (const auto& [from, to] : c.rename)
          if (coef == from) {
            coef = to;
            break;
          }
        m.coefs.push_back(coef);
      }
    }
    models.push_back(std::move(m));
  }

  // --- Rows: the union of coefficient names in order of appearance, names new to
  // a later model appended, `_cons` kept last (estout's mat_capp with `cons`).
  std::vector<std::string> coefs;
  for (const Model& m : models)
    for (const std::string& coef : m.coefs)
      if (std::find(coefs.begin(), coefs.end(), coef) == coefs.end()) coefs.push_back(coef);
  auto cons = std::find(coefs.begin(), coefs.end(), "_cons");
  if (cons != coefs.end()) {
    coefs.erase(cons);
    coefs.push_back("_cons");
  }
  // indicate(): one Yes/No row per group; the group's coefficients leave the table.
  std::vector<std::pair<std::string, std::vector<std::string>>> indicator_rows;
  for (const Indicator& ind : c.indicate) {
    std::vector<std::string> cells;
    for (const Model& m : models) {
      bool any = std::any_of(m.coefs.begin(), m.coefs.end(),
                             [&](const std::string& coef) { return any_match(ind.patterns, coef); });
      cells.push_back(any ? ind.yes : ind.no);
    }
    coefs.erase(std::remove_if(coefs.begin(), coefs.end(),
                               [&](const std::string& coef) { return any_match(ind.patterns, coef); }),
                coefs.end());
    indicator_rows.emplace_back(ind.label, cells);
  }
  if (!c.keep.empty()) {
    std::vector<std::string> kept;
    for (const auto& coef : coefs)
      if (any_match(c.keep, coef)) kept.push_back(coef);
    coefs = kept;
  }
  if (!c.drop.empty())
    coefs.erase(std::remove_if(coefs.begin(), coefs.end(), [&](const std::string& coef) { return any_match(c.drop, coef); }),
                coefs.end());
  if (c.nocons) coefs.erase(std::remove(coefs.begin(), coefs.end(), "_cons"), coefs.end());
  // Factor-variable flags sit before the dot of each `#`-joined part: `1b.year` is a
  // base level, `o.x` and `2o.year` omitted terms.
  auto has_flag = [](const std::string& coef, char flag) {
    size_t start = 0;
    while (start <= coef.size()) {
      size_t end = coef.find('#', start);
      const std::string part = coef.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const size_t dot = part.find('.');
      if (dot != std::string::npos) {
        const std::string ops = part.substr(0, dot);
        size_t k = 0;
        while (k < ops.size() && std::isdigit(static_cast<unsigned char>(ops[k]))) ++k;
        if (ops.find(flag, k) != std::string::npos) return true;
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return false;
  };
  if (c.nobaselevels)
    coefs.erase(std::remove_if(coefs.begin(), coefs.end(), [&](const std::string& k) { return has_flag(k, 'b'); }),
                coefs.end());
  if (c.noomitted)
    coefs.erase(std::remove_if(coefs.begin(), coefs.end(), [&](const std::string& k) { return has_flag(k, 'o'); }),
                coefs.end());
  if (!c.order.empty()) {
    std::vector<std::string> ordered;
    for (const auto& pattern : c.order)
      for (const auto& coef : coefs)
        if (est_table::matches(pattern, coef) && std::find(ordered.begin(), ordered.end(), coef) == ordered.end())
          ordered.push_back(coef);
    for (const auto& coef : coefs)
      if (std::find(ordered.begin(), ordered.end(), coef) == ordered.end()) ordered.push_back(coef);
    coefs = ordered;
  }

  // --- Widths
  const bool has_stars = (c.stars || c.aux_stars) && !c.levels.empty();
  int starw = 0;
  if (has_stars && mk.modelwidth > 0)
    for (const auto& l : c.levels) starw = std::max(starw, static_cast<int>(star_symbol(mode, l.symbol).size()));
  const int modelw = mk.modelwidth;
  const int varw = mk.varwidth;
  const int nmodels = static_cast<int>(models.size());
  // `wide`: each model has a coefficient column and a column for the second
  // statistic; each keeps a star field only if its cells carry stars.
  const bool wide = c.wide && c.aux != Aux::kNone;
  const int main_starw = wide && !c.stars ? 0 : starw;
  const int aux_starw = wide && !c.aux_stars ? 0 : starw;
  const int delw = static_cast<int>(mk.delimiter.size());
  const int percols = wide ? 2 : 1;
  const int ncols = nmodels * percols + 1;
  const int model_width = modelw + main_starw + (wide ? delw + modelw + aux_starw : 0);
  const int total_width = varw + nmodels * (delw + model_width);
  auto expand_span = [&](std::string s) { return replace_all(std::move(s), "@span", std::to_string(ncols)); };
  auto rule = [&](const std::optional<std::string>& r) -> std::optional<std::string> {
    if (!r) return std::nullopt;
    if (*r == "@hline") return std::string(static_cast<size_t>(std::max(total_width, 0)), '-');
    return expand_span(*r);
  };

  // --- Cells
  auto stars_for = [&](double p) {
    std::string out;
    if (missing::is_missing(p)) return out;
    for (const auto& l : c.levels)
      if (p < l.value) out = star_symbol(mode, l.symbol);
    return out;
  };
  auto wrap = [&](const std::string& v) {
    if (c.aux == Aux::kCi || c.brackets) return c.parentheses || c.brackets ? "[" + v + "]" : v;
    return c.parentheses ? "(" + v + ")" : v;
  };
  auto body_cell = [&](const std::string& value, const std::string& stars, int sw) {
    std::string text = value;
    if (sw > 0) text += pad_right(stars, sw);
    else text += stars;
    return modelw > 0 || sw > 0 ? pad_left(text, modelw + sw) : text;
  };
  // A blank second (wide) column after a model's first cell.
  const std::string wide_blank =
      wide ? mk.delimiter + (modelw > 0 ? std::string(static_cast<size_t>(modelw + aux_starw), ' ') : std::string())
           : std::string();
  auto plain_cell = [&](const std::string& value) {
    std::string text = value;
    if (mk.abbrev && modelw > 0) text = est::abbrev(text, static_cast<size_t>(modelw));
    return (modelw > 0 ? pad_left(text, modelw) + std::string(static_cast<size_t>(main_starw), ' ') : text) + wide_blank;
  };
  auto header_cell = [&](const std::string& value) {
    if (mode == Mode::kTex || mode == Mode::kBooktabs)
      return pad_right(fmt::format("\\multicolumn{{{}}}{{c}}{{{}}}", percols, value), model_width);
    return plain_cell(value);
  };
  auto row_label = [&](const std::string& label) {
    std::string text = label;
    if (mk.abbrev && varw > 0) {
      if (varw > 32) text = text.substr(0, static_cast<size_t>(varw));
      else text = est::abbrev(text, static_cast<size_t>(varw));
    }
    return varw > 0 ? pad_right(text, varw) : text;
  };
  auto line = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string out = mk.begin + row_label(label);
    for (const auto& cell : cells) out += mk.delimiter + cell;
    return out + mk.end;
  };
  auto coef_label = [&](const std::string& coef) {
    for (const auto& [name, text] : c.varlabels)
      if (name == coef) return text;
    if (c.label) {
      if (coef == "_cons") return std::string("Constant");
      std::string vl = variable_label(session, coef);
      if (!vl.empty()) return vl;
    }
    return substitute(mode, replace_all(coef, "#", mk.interaction));
  };

  std::vector<std::string> out;
  // Rows by section (0 header, 1 body, 2 statistics), for the RTF borders.
  std::vector<std::pair<size_t, int>> rows;
  auto push_row = [&](int section, const std::string& text) {
    rows.emplace_back(out.size(), section);
    out.push_back(text);
  };
  // User-given parts of the table (prehead() ...) with their @-substitutions.
  auto user_lines = [&](const std::vector<std::string>& lines) {
    for (std::string l : lines) {
      l = replace_all(l, "@span", std::to_string(ncols));
      l = replace_all(l, "@starlegend", c.starlegend);
      l = replace_all(l, "@title", c.title);
      l = replace_all(l, "@hline", std::string(static_cast<size_t>(std::max(total_width, 0)), '-'));
      l = replace_all(l, "@M", std::to_string(nmodels));
      l = replace_all(l, "@E", std::to_string(ncols - 1));
      out.push_back(l);
    }
  };
  // --- Opening
  const bool tex = mode == Mode::kTex || mode == Mode::kBooktabs;
  const std::string sym_def = "\\def\\sym#1{\\ifmmode^{#1}\\else\\(^{#1}\\)\\fi}";
  if (c.prehead) {
    user_lines(*c.prehead);
  } else if (!c.fragment) {
    if (tex) {
      if (!c.title.empty()) {
        out.push_back("\\begin{table}[htbp]\\centering");
        if (has_stars) out.push_back(sym_def);
        out.push_back("\\caption{" + substitute(mode, c.title) + "}");
      } else if (has_stars) {
        out.push_back("{");
        out.push_back(sym_def);
      }
      out.push_back(fmt::format("\\begin{{tabular}}{{l*{{{}}}{{{}}}}}", nmodels, wide ? "cc" : "c"));
    } else if (mode == Mode::kHtml) {
      out.push_back("<table border=\"0\" width=\"*\">");
      if (!c.title.empty()) out.push_back("<caption>" + c.title + "</caption>");
    } else if (rtf) {
      // estout's RTF prologue; the \\creatim stamp is left out so that the file
      // does not change from run to run.
      out.push_back("{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0\\fnil Times New Roman;}}");
      out.push_back("{\\info {\\author .}{\\company .}{\\title .}}");
      out.push_back("\\deflang1033\\plain\\fs24");
      out.push_back("{\\footer\\pard\\qc\\plain\\f0\\fs24\\chpgn\\par}");
      if (!c.title.empty()) out.push_back("{\\pard\\keepn\\ql " + c.title + "\\par}");
      out.push_back("{");
    } else if (mode == Mode::kMmd) {
      out.push_back("");
      if (!c.title.empty()) {
        out.push_back(c.title);
        out.push_back("");
      }
    } else if (!c.title.empty()) {
      out.push_back(mode == Mode::kCsv || mode == Mode::kScsv ? "=\"" + c.title + "\"" : c.title);
    }
    // With lines the mode's rule (possibly none) takes the place of the gap.
    if (c.lines) {
      if (mk.toprule) out.push_back(*rule(mk.toprule));
    } else if (c.gaps && mk.topgap) {
      out.push_back(expand_span(*mk.topgap));
    }
  }

  // --- Header rows
  if (!c.mgroups.empty()) {
    std::vector<int> pattern = c.mgroups_pattern;
    if (pattern.empty()) pattern.assign(static_cast<size_t>(nmodels), 1);
    pattern.resize(static_cast<size_t>(nmodels), 0);
    pattern[0] = 1;
    std::vector<std::string> cells;
    std::string repeat;
    int group = -1;
    for (int m = 0; m < nmodels;) {
      if (pattern[static_cast<size_t>(m)]) ++group;
      int span = 1;
      while (m + span < nmodels && !pattern[static_cast<size_t>(m + span)]) ++span;
      std::string text = group < static_cast<int>(c.mgroups.size()) ? c.mgroups[static_cast<size_t>(group)] : "";
      text = c.mgroups_prefix + substitute(mode, text) + c.mgroups_suffix;
      text = replace_all(text, "@span", std::to_string((c.mgroups_span ? span : 1) * percols));
      if (c.mgroups_span) {
        const int width = span * model_width + (span - 1) * delw;
        cells.push_back(pad_right(text, width));
        if (!c.mgroups_erepeat.empty())
          repeat += replace_all(c.mgroups_erepeat, "@span",
                                fmt::format("{}-{}", m * percols + 2, (m + span) * percols + 1));
        // A spanning label occupies the following cells: join them to this one.
        m += span;
      } else {
        cells.push_back(tex ? header_cell(text) : plain_cell(text));
        for (int k = 1; k < span; ++k) cells.push_back(tex ? header_cell("") : plain_cell(""));
        m += span;
      }
    }
    push_row(0, line(c.mgroups_lhs, cells));
    if (!repeat.empty()) out.push_back(repeat);
  }
  if (c.numbers) {
    std::vector<std::string> cells;
    for (int m = 0; m < nmodels; ++m) cells.push_back(header_cell(fmt::format("({})", m + 1)));
    push_row(0, line("", cells));
  }
  if (c.mlabels != Config::MLabels::kNone) {
    std::vector<std::string> cells;
    for (int m = 0; m < nmodels; ++m) {
      const Model& model = models[static_cast<size_t>(m)];
      std::string text;
      switch (c.mlabels) {
        case Config::MLabels::kDepvars: {
          std::string dep = model.macro("depvar");
          std::vector<std::string> deps = grammar::split_words(dep);
          text = deps.empty() ? "" : deps[0];
          if (c.label && !text.empty()) {
            std::string vl = variable_label(session, text);
            if (!vl.empty()) text = vl;
          }
          break;
        }
        case Config::MLabels::kTitles: {
          const StoredEstimates* stored = model.name == "." ? nullptr : estore::find(session, model.name);
          text = stored && !stored->title.empty() ? stored->title : model.name;
          break;
        }
        case Config::MLabels::kNames:
          text = model.name == "." ? "." : model.name;
          break;
        case Config::MLabels::kGiven:
          text = m < static_cast<int>(c.mlabel_text.size()) ? c.mlabel_text[static_cast<size_t>(m)] : "";
          break;
        case Config::MLabels::kNone:
          break;
      }
      cells.push_back(header_cell(substitute(mode, text)));
    }
    push_row(0, line("", cells));
  }
  if (!c.collabels.empty()) {
    std::vector<std::string> cells;
    for (int m = 0; m < nmodels; ++m) cells.push_back(header_cell(c.collabels[0]));
    push_row(0, line("", cells));
  }
  if (mode == Mode::kMmd) {
    // Markdown's alignment row: left label column, right-aligned model columns.
    std::string div = "| " + std::string(static_cast<size_t>(std::max(1, varw)), '-');
    for (int m = 0; m < nmodels; ++m)
      for (int sw : wide ? std::vector<int>{main_starw, aux_starw} : std::vector<int>{main_starw})
        div += " | :" + std::string(static_cast<size_t>(std::max(1, modelw - 2)), '-') +
               (sw > 0 ? std::string(static_cast<size_t>(sw), '-') : std::string()) + ":";
    out.push_back(div + " |");
  }
  if (c.posthead) {
    user_lines(*c.posthead);
  } else if (c.lines) {
    if (mk.midrule) out.push_back(*rule(mk.midrule));
  } else if (c.gaps && mk.midgap) {
    out.push_back(expand_span(*mk.midgap));
  }

  // --- Body: one block per coefficient, then the indicator rows.
  const int nblocks = static_cast<int>(coefs.size() + indicator_rows.size());
  int block = 0;
  auto gap_after_block = [&] {
    ++block;
    if (c.gaps && mk.midgap && block < nblocks) out.push_back(expand_span(*mk.midgap));
  };
  for (const std::string& coef : coefs) {
    std::vector<std::string> main_cells, aux_cells;
    for (const Model& m : models) {
      const int j = m.column(coef);
      if (j < 0) {
        main_cells.push_back(body_cell("", "", main_starw));
        aux_cells.push_back(body_cell("", "", aux_starw));
        continue;
      }
      est_table::CoefStats s = est_table::coef_stats(*m.e, j, c.level);
      const std::string star = stars_for(s.p);
      main_cells.push_back(body_cell(format_cell(s.b, c.bfmt), c.stars ? star : "", main_starw));
      std::string aux;
      switch (c.aux) {
        case Aux::kT:
        case Aux::kZ:
          aux = format_cell(c.abs_t && !missing::is_missing(s.t) ? std::fabs(s.t) : s.t, c.auxfmt);
          break;
        case Aux::kSe:
          aux = format_cell(s.se, c.auxfmt);
          break;
        case Aux::kP:
          aux = format_cell(s.p, c.auxfmt);
          break;
        case Aux::kCi:
          aux = format_cell(s.lo, c.auxfmt) + "," + format_cell(s.hi, c.auxfmt);
          break;
        case Aux::kNone:
          break;
      }
      aux_cells.push_back(body_cell(wrap(aux), c.aux_stars ? star : "", aux_starw));
    }
    if (wide) {
      for (size_t k = 0; k < main_cells.size(); ++k) main_cells[k] += mk.delimiter + aux_cells[k];
      push_row(1, line(coef_label(coef), main_cells));
    } else {
      push_row(1, line(coef_label(coef), main_cells));
      if (c.aux != Aux::kNone) push_row(1, line("", aux_cells));
    }
    gap_after_block();
  }
  for (const auto& [label, values] : indicator_rows) {
    std::vector<std::string> cells;
    for (const auto& v : values) cells.push_back(body_cell(v, "", main_starw) + wide_blank);
    push_row(1, line(substitute(mode, label), cells));
    gap_after_block();
  }

  // --- Statistics
  if (c.prefoot) user_lines(*c.prefoot);
  if (!c.stats.empty()) {
    if (c.prefoot) {
    } else if (c.lines) {
      if (mk.midrule) out.push_back(*rule(mk.midrule));
    } else if (c.gaps && mk.midgap) {
      out.push_back(expand_span(*mk.midgap));
    }
    for (const StatRow& st : c.stats) {
      std::vector<std::string> cells;
      for (const Model& m : models) {
        std::string text;
        auto sc = m.e->scalars.find(st.name);
        if (st.name == "aic" || st.name == "bic" || st.name == "rank") {
          text = format_cell(derived_stat(*m.e, st.name), st.fmt);
        } else if (sc != m.e->scalars.end()) {
          text = format_cell(sc->second, st.fmt);
        } else if (st.name == "p" && (m.e->scalars.count("F") || m.e->scalars.count("chi2"))) {
          text = format_cell(derived_stat(*m.e, st.name), st.fmt);
        } else {
          auto mc = m.e->macros.find(st.name);
          if (mc != m.e->macros.end()) text = mc->second;
        }
        cells.push_back((modelw > 0 ? pad_left(text, modelw) + std::string(static_cast<size_t>(main_starw), ' ') : text) +
                        wide_blank);
      }
      push_row(2, line(st.label, cells));
    }
  }

  // --- Closing
  if (c.postfoot) {
    user_lines(*c.postfoot);
  } else if (!c.fragment) {
    if (c.lines) {
      if (mk.bottomrule) out.push_back(*rule(mk.bottomrule));
    } else if (c.gaps && mk.bottomgap) {
      out.push_back(expand_span(*mk.bottomgap));
    }
    if (tex) {
      for (const auto& n : c.notes) out.push_back(fmt::format("\\multicolumn{{{}}}{{l}}{{\\footnotesize {}}}\\\\", ncols, n));
      out.push_back(fmt::format("\\end{{tabular}}"));
      if (!c.title.empty()) out.push_back("\\end{table}");
      else if (has_stars) out.push_back("}");
    } else if (mode == Mode::kHtml) {
      if (!c.notes.empty()) out.push_back(fmt::format("<tr><td colspan={}>{}</td></tr>", ncols, util::join(c.notes, "<br />")));
      out.push_back("</table>");
    } else if (mode == Mode::kMmd) {
      if (!c.notes.empty()) {
        out.push_back("");
        for (size_t k = 0; k < c.notes.size(); ++k) out.push_back(c.notes[k] + (k + 1 < c.notes.size() ? "<br>" : ""));
      }
      out.push_back("");
    } else if (rtf) {
      for (const auto& n : c.notes) out.push_back("{\\pard\\ql\\fs20 " + n + "\\par}");
      out.push_back("}");
      out.push_back("{\\pard \\par}");
      out.push_back("}");
    } else if (mode == Mode::kCsv || mode == Mode::kScsv) {
      for (const auto& n : c.notes) out.push_back("=\"" + n + "\"");
    } else {
      for (const auto& n : c.notes) out.push_back(n);
    }
  }

  if (rtf) {
    // Cell boundaries: label column, then each model column (plus 3 characters for
    // the stars), each with twice the 108-twip gap, from trleft = -108.
    const int factor = 120, gap = 108;
    std::vector<int> cellx;
    int pos = rtf_varw * factor + 2 * gap - gap;
    cellx.push_back(pos);
    for (int m = 0; m < nmodels; ++m)
      for (int k = 0; k < percols; ++k) {
        const bool starred = has_stars && (k == 0 ? (!wide || c.stars) : c.aux_stars);
        pos += rtf_modelw * factor + 2 * gap + (starred ? 3 * factor : 0);
        cellx.push_back(pos);
      }
    auto rowdef = [&](bool top, bool bottom) {
      std::string def;
      for (int x : cellx) {
        if (c.lines && top) def += "\\clbrdrt\\brdrw10\\brdrs";
        if (c.lines && bottom) def += "\\clbrdrb\\brdrw10\\brdrs";
        def += fmt::format("\\cellx{}", x);
      }
      return def;
    };
    std::string empty_row = rowdef(false, false);
    for (size_t k = 0; k < cellx.size(); ++k) empty_row += "\\pard\\intbl\\ql\\cell";
    for (auto& l : out) l = replace_all(l, "@rtfemptyrow", empty_row);
    // Rules as borders: above the first row of each section, below the last body
    // and statistics rows.
    for (size_t k = 0; k < rows.size(); ++k) {
      const int section = rows[k].second;
      const bool first = k == 0 || rows[k - 1].second != section;
      const bool last = k + 1 == rows.size() || rows[k + 1].second != section;
      out[rows[k].first] = replace_all(out[rows[k].first], "@rtfrowdef", rowdef(first, last && section > 0));
    }
  }

  // --- Output
  if (c.using_file.empty()) {
    Console& con = session.console;
    con.println();
    for (const auto& l : out) con.println(l);
    return;
  }
  const std::string& file = c.using_file;
  if (fileutil::exists(file) && !c.replace && !c.append)
    throw XtdoError(602, fmt::format("file {} already exists", file));
  std::ofstream f(file, c.append ? std::ios::app : std::ios::trunc);
  if (!f) throw XtdoError(603, fmt::format("file {} could not be opened", file));
  for (const auto& l : out) f << l << '\n';
  f.close();
  if (!f) throw XtdoError(693, fmt::format("could not write file {}", file));
  session.console.println(fmt::format("(output written to {})", file));
}

}  // namespace xtdo::tabout
