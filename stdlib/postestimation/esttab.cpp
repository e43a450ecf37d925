// esttab and estout (Jann's estout package): publication tables of stored
// estimation results. Both commands turn their options into a tabout::Config
// with the defaults of the original (esttab: b with stars and t statistics in
// parentheses, N below; estout: b alone) and hand it to the table engine.
#include <fmt/format.h>

#include <algorithm>

#include "../data/file_util.hpp"
#include "estimates_store.hpp"
#include "tabout.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using tabout::Aux;
using tabout::Config;
using tabout::Mode;

/// An option as typed, matched against a list of (full name, shortest abbreviation).
struct Opt {
  std::string name;                ///< canonical (full) name
  std::optional<std::string> arg;  ///< text in parentheses
  int pos = -1;
};

std::vector<Opt> match_options(const CallArgs& args, const std::vector<std::pair<const char*, size_t>>& table,
                               const char* command) {
  std::vector<Opt> out;
  for (const auto& o : args.options) {
    const std::string typed = o.name;
    const char* hit = nullptr;
    for (const auto& [full, min] : table)
      if (typed == full) hit = full;
    if (!hit)
      for (const auto& [full, min] : table) {
        const std::string f = full;
        if (typed.size() >= min && typed.size() < f.size() && f.compare(0, typed.size(), typed) == 0) {
          hit = full;
          break;
        }
      }
    if (!hit) throw XtdoError(198, fmt::format("{}: option {} is not supported", command, typed), o.pos);
    out.push_back({hit, o.arg, o.pos});
  }
  return out;
}

/// Split option text at its first top-level comma: {main part, suboptions}.
std::pair<std::string, std::string> split_sub(const std::string& text) {
  int depth = 0;
  bool quote = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '"') quote = !quote;
    if (quote) continue;
    if (ch == '(') ++depth;
    if (ch == ')') --depth;
    if (ch == ',' && depth == 0) return {text.substr(0, i), text.substr(i + 1)};
  }
  return {text, ""};
}

/// Suboptions `name(arg) flag ...` as (lower-case name, argument) pairs.
std::vector<std::pair<std::string, std::string>> suboptions(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) && text[j] != '(') ++j;
    std::string name = util::lower(text.substr(i, j - i));
    std::string arg;
    if (j < text.size() && text[j] == '(') {
      int depth = 0;
      size_t k = j;
      bool quote = false;
      for (; k < text.size(); ++k) {
        if (text[k] == '"') quote = !quote;
        if (quote) continue;
        if (text[k] == '(') ++depth;
        if (text[k] == ')' && --depth == 0) break;
      }
      if (k >= text.size()) throw XtdoError(132, "too few ')' or ']'");
      arg = text.substr(j + 1, k - j - 1);
      j = k + 1;
    }
    out.emplace_back(name, arg);
    i = j;
  }
  return out;
}

bool sub_is(const std::string& typed, const char* full, size_t min) {
  const std::string f = full;
  return typed.size() >= min && typed.size() <= f.size() && f.compare(0, typed.size(), typed) == 0;
}

std::vector<std::string> words_of(const std::string& text) { return grammar::split_words(text); }

Mode mode_of(const std::string& name) {
  static const std::vector<std::pair<std::string, Mode>> modes = {
      {"smcl", Mode::kSmcl}, {"fixed", Mode::kFixed}, {"tab", Mode::kTab},   {"csv", Mode::kCsv},
      {"scsv", Mode::kScsv}, {"rtf", Mode::kRtf},     {"html", Mode::kHtml}, {"tex", Mode::kTex},
      {"booktabs", Mode::kBooktabs}, {"md", Mode::kMmd}, {"mmd", Mode::kMmd}};
  for (const auto& [n, m] : modes)
    if (n == name) return m;
  throw XtdoError(198, fmt::format("style {} is not supported", name));
}

/// The mode a file name implies (esttab: .html/.htm .tex .csv .rtf .smcl .md .mmd,
/// anything else fixed text).
Mode mode_for_file(const std::string& file) {
  const std::string ext = fileutil::extension(file);
  if (ext == ".html" || ext == ".htm") return Mode::kHtml;
  if (ext == ".tex") return Mode::kTex;
  if (ext == ".csv") return Mode::kCsv;
  if (ext == ".rtf") return Mode::kRtf;
  if (ext == ".smcl") return Mode::kSmcl;
  if (ext == ".md" || ext == ".mmd") return Mode::kMmd;
  return Mode::kFixed;
}

std::string default_extension(Mode mode) {
  switch (mode) {
    case Mode::kCsv:
    case Mode::kScsv:
      return ".csv";
    case Mode::kRtf:
      return ".rtf";
    case Mode::kHtml:
      return ".html";
    case Mode::kTex:
    case Mode::kBooktabs:
      return ".tex";
    case Mode::kSmcl:
      return ".smcl";
    case Mode::kMmd:
      return ".md";
    default:
      return ".txt";
  }
}

/// esttab's labels of the standard statistics in each mode (short / with `label`).
std::string stat_label(Mode mode, const std::string& stat, bool label) {
  const bool tex = mode == Mode::kTex || mode == Mode::kBooktabs;
  const bool html = mode == Mode::kHtml;
  const bool md = mode == Mode::kMmd;
  const bool rtf = mode == Mode::kRtf;
  auto r2 = [&] {
    return tex ? std::string("\\(R^{2}\\)") : html ? "<i>R</i><sup>2</sup>" : md ? "*R*<sup>2</sup>" : rtf ? "{\\i R}{\\super 2}" : "";
  };
  if (stat == "N") {
    if (label) return "Observations";
    return tex ? "\\(N\\)" : html ? "<i>N</i>" : md ? "*N*" : rtf ? "{\\i N}" : "N";
  }
  const bool plain = r2().empty();
  if (stat == "r2") return plain ? (label ? "R-squared" : "R-sq") : r2();
  if (stat == "r2_a") return plain ? (label ? "Adjusted R-squared" : "adj. R-sq") : (label ? "Adjusted " : "adj. ") + r2();
  if (stat == "r2_p") return plain ? (label ? "Pseudo R-squared" : "pseudo R-sq") : (label ? "Pseudo " : "pseudo ") + r2();
  if (stat == "aic" || stat == "bic") {
    const std::string up = stat == "aic" ? "AIC" : "BIC";
    return tex ? "\\textit{" + up + "}" : html ? "<i>" + up + "</i>" : md ? "*" + up + "*" : rtf ? "{\\i " + up + "}" : up;
  }
  return stat;
}

std::string stat_name_label(Mode mode, const char* what) {
  const bool tex = mode == Mode::kTex || mode == Mode::kBooktabs;
  const std::string w = what;
  if (tex) return "\\textit{" + w + "}";
  if (mode == Mode::kHtml) return "<i>" + w + "</i>";
  if (mode == Mode::kMmd) return "*" + w + "*";
  if (mode == Mode::kRtf) return "{\\i " + w + "}";
  return w;
}

/// The star legend ("* p<0.05, ** p<0.01, *** p<0.001") in the mode's markup.
std::string star_legend(Mode mode, const std::vector<tabout::StarLevel>& levels) {
  std::vector<std::string> parts;
  for (const auto& l : levels) {
    const std::string sym = tabout::star_symbol(mode, l.symbol);
    switch (mode) {
      case Mode::kTex:
      case Mode::kBooktabs:
        parts.push_back(sym + " \\(p<" + l.level + "\\)");
        break;
      case Mode::kHtml:
        parts.push_back(sym + " <i>p</i> < " + l.level);
        break;
      case Mode::kMmd:
        parts.push_back(sym + " *p* < " + l.level);
        break;
      case Mode::kRtf:
        parts.push_back(sym + " {\\i p} < " + l.level);
        break;
      default:
        parts.push_back(sym + " p<" + l.level);
    }
  }
  return util::join(parts, ", ");
}

std::vector<tabout::StarLevel> parse_levels(const std::string& text, int pos) {
  std::vector<std::string> items = tabout::quoted_items(text);
  if (items.size() % 2 != 0 || items.empty())
    throw XtdoError(198, "star(): symbols and levels must come in pairs, e.g. star(* 0.10 ** 0.05 *** 0.01)", pos);
  std::vector<tabout::StarLevel> out;
  for (size_t i = 0; i < items.size(); i += 2) {
    char* end = nullptr;
    const double v = std::strtod(items[i + 1].c_str(), &end);
    if (*end != '\0' || v <= 0 || v > 1) throw XtdoError(198, fmt::format("star(): {} invalid level", items[i + 1]), pos);
    out.push_back({items[i], items[i + 1], v});
  }
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].value > out[i - 1].value) throw XtdoError(198, "star(): levels must be in descending order", pos);
  return out;
}

/// The models to tabulate: the names given, else those stored by eststo, else the
/// active results.
std::vector<std::string> model_list(Session& session, const std::string& text) {
  if (!util::trim(text).empty()) return estore::expand(session, text, true);
  std::vector<std::string> stored;
  for (const std::string& name : grammar::split_words(session.macros.get_global("eststo")))
    if (estore::find(session, name)) stored.push_back(name);
  if (!stored.empty()) {
    auto active = session.e.macros.find("_estimates_name");
    const bool has_active = session.e.macros.count("cmd") > 0;
    if (has_active && (active == session.e.macros.end() ||
                       std::find(stored.begin(), stored.end(), active->second) == stored.end()))
      session.console.println("(tabulating estimates stored by eststo; specify \".\" to tabulate the active results)");
    return stored;
  }
  return {"."};
}

/// Options shared by esttab and estout: rows, labels, header, file.
bool common_option(Config& c, const Opt& o) {
  const std::string arg = o.arg ? *o.arg : "";
  const std::string& n = o.name;
  if (n == "keep" || n == "drop") {
    // `relax` (allow unmatched names) changes nothing: unmatched names are ignored.
    auto [names, subs] = split_sub(arg);
    for (const auto& [sn, sa] : suboptions(subs))
      if (sn != "relax") throw XtdoError(198, fmt::format("{}(): suboption {} is not supported", n, sn), o.pos);
    (n == "keep" ? c.keep : c.drop) = words_of(names);
  }
  else if (n == "order") c.order = words_of(arg);
  else if (n == "rename") {
    std::vector<std::string> w = words_of(arg);
    if (w.size() % 2) throw XtdoError(198, "rename(): names must come in pairs (old new)", o.pos);
    for (size_t i = 0; i < w.size(); i += 2) c.rename.emplace_back(w[i], w[i + 1]);
  } else if (n == "varlabels" || n == "coeflabels") {
    auto [pairs, subs] = split_sub(arg);
    if (!util::trim(subs).empty())
      throw XtdoError(198, fmt::format("{}(): suboptions are not supported", n), o.pos);
    std::vector<std::string> items = tabout::quoted_items(pairs);
    if (items.size() % 2) throw XtdoError(198, fmt::format("{}(): names and labels must come in pairs", n), o.pos);
    for (size_t i = 0; i < items.size(); i += 2) c.varlabels.emplace_back(items[i], items[i + 1]);
  } else if (n == "indicate") {
    auto [groups_text, subs] = split_sub(arg);
    std::vector<std::string> groups;
    if (groups_text.find('"') != std::string::npos) groups = tabout::quoted_items(groups_text);
    else groups.push_back(groups_text);
    std::string yes = "Yes", no = "No";
    for (const auto& [sn, sa] : suboptions(subs)) {
      if (!sub_is(sn, "labels", 1)) throw XtdoError(198, fmt::format("indicate(): suboption {} is not supported", sn), o.pos);
      std::vector<std::string> l = tabout::quoted_items(sa);
      if (l.size() != 2) throw XtdoError(198, "indicate(): labels() requires two labels", o.pos);
      yes = l[0];
      no = l[1];
    }
    for (const auto& g : groups) {
      tabout::Indicator ind;
      size_t eq = g.find('=');
      if (eq == std::string::npos) {
        ind.patterns = words_of(g);
        ind.label = ind.patterns.empty() ? "" : ind.patterns[0];
      } else {
        ind.label = util::trim(g.substr(0, eq));
        ind.patterns = words_of(g.substr(eq + 1));
      }
      if (ind.patterns.empty()) throw XtdoError(198, "indicate(): no coefficients specified", o.pos);
      ind.yes = yes;
      ind.no = no;
      c.indicate.push_back(ind);
    }
  } else if (n == "label") c.label = true;
  else if (n == "title") c.title = fileutil::unquote(arg);
  else if (n == "varwidth") c.varwidth = std::atoi(arg.c_str());
  else if (n == "modelwidth") c.modelwidth = std::atoi(words_of(arg).empty() ? "0" : words_of(arg)[0].c_str());
  else if (n == "replace") c.replace = true;
  else if (n == "append") c.append = true;
  else if (n == "mgroups") {
    auto [labels, subs] = split_sub(arg);
    c.mgroups = tabout::quoted_items(labels);
    for (const auto& [sn, sa] : suboptions(subs)) {
      if (sub_is(sn, "pattern", 3)) {
        for (const auto& w : words_of(sa)) c.mgroups_pattern.push_back(w == "1" ? 1 : 0);
      } else if (sn == "span") {
        c.mgroups_span = true;
      } else if (sub_is(sn, "prefix", 6)) {
        c.mgroups_prefix = fileutil::unquote(sa);
      } else if (sub_is(sn, "suffix", 6)) {
        c.mgroups_suffix = fileutil::unquote(sa);
      } else if (sn == "lhs") {
        c.mgroups_lhs = fileutil::unquote(sa);
      } else if (sub_is(sn, "erepeat", 7)) {
        c.mgroups_erepeat = fileutil::unquote(sa);
      } else {
        throw XtdoError(198, fmt::format("mgroups(): suboption {} is not supported", sn), o.pos);
      }
    }
  } else if (n == "mlabels") {
    auto [labels, subs] = split_sub(arg);
    if (!util::trim(subs).empty()) {
      for (const auto& [sn, sa] : suboptions(subs)) {
        if (sub_is(sn, "depvars", 3)) c.mlabels = Config::MLabels::kDepvars;
        else if (sub_is(sn, "titles", 5)) c.mlabels = Config::MLabels::kTitles;
        else if (sub_is(sn, "numbers", 3)) c.numbers = true;
        else throw XtdoError(198, fmt::format("mlabels(): suboption {} is not supported", sn), o.pos);
      }
    }
    if (util::trim(labels) == "none") c.mlabels = Config::MLabels::kNone;
    else if (!util::trim(labels).empty()) {
      c.mlabels = Config::MLabels::kGiven;
      c.mlabel_text = tabout::quoted_items(labels);
    }
  } else if (n == "collabels") {
    std::string t = util::trim(split_sub(arg).first);
    c.collabels = t == "none" ? std::vector<std::string>{}
                                : std::vector<std::string>{util::join(tabout::quoted_items(t), "/")};
  } else if (n == "prehead" || n == "posthead" || n == "prefoot" || n == "postfoot") {
    std::vector<std::string> lines =
        arg.find('"') != std::string::npos ? tabout::quoted_items(arg) : std::vector<std::string>{arg};
    (n == "prehead" ? c.prehead : n == "posthead" ? c.posthead : n == "prefoot" ? c.prefoot : c.postfoot) = lines;
  } else if (n == "level") c.level = std::atof(arg.c_str());
  else if (n == "nobaselevels") c.nobaselevels = true;
  else if (n == "baselevels") c.nobaselevels = false;
  else if (n == "noomitted") c.noomitted = true;
  else if (n == "omitted") c.noomitted = false;
  else if (n == "numbers") c.numbers = true;
  else if (n == "nonumbers") c.numbers = false;
  else if (n == "fragment") c.fragment = true;
  else if (n == "noisily" || n == "type" || n == "notype") {
  } else {
    return false;
  }
  return true;
}

/// The output file of `using` and the mode it implies (an explicit mode wins).
void resolve_output(Config& c, const std::string& using_text, std::optional<Mode> explicit_mode, Mode screen_mode,
                    Mode file_default) {
  if (using_text.empty()) {
    c.to_screen = true;
    c.mode = explicit_mode ? *explicit_mode : screen_mode;
    return;
  }
  std::string file = fileutil::unquote(using_text);
  c.to_screen = false;
  Mode m = explicit_mode ? *explicit_mode : fileutil::extension(file).empty() ? file_default : mode_for_file(file);
  if (fileutil::extension(file).empty()) file += default_extension(m);
  c.mode = m;
  c.using_file = file;
}

const std::vector<std::pair<const char*, size_t>> kEsttabOptions = {
    {"b", 1}, {"t", 1}, {"not", 3}, {"z", 1}, {"se", 2}, {"p", 1}, {"ci", 2}, {"beta", 2}, {"main", 4}, {"aux", 3},
    {"abs", 3}, {"wide", 4}, {"nostar", 6}, {"star", 4}, {"staraux", 7}, {"noconstant", 5}, {"constant", 3},
    {"coeflabels", 4}, {"noobs", 5}, {"obslast", 7}, {"r2", 2}, {"ar2", 3}, {"pr2", 3}, {"aic", 3}, {"bic", 3},
    {"scalars", 3}, {"sfmt", 4}, {"nomtitles", 5}, {"mtitles", 3}, {"nogaps", 5}, {"gaps", 3}, {"nolines", 5},
    {"lines", 2}, {"addnotes", 4}, {"compress", 3}, {"plain", 5}, {"smcl", 4}, {"fixed", 3}, {"tab", 3},
    {"csv", 3}, {"scsv", 2}, {"rtf", 3}, {"html", 3}, {"tex", 3}, {"booktabs", 5}, {"md", 2}, {"mmd", 3},
    {"fragment", 1}, {"nodepvars", 5}, {"depvars", 3}, {"noparentheses", 5}, {"parentheses", 2},
    {"brackets", 2}, {"nonotes", 6}, {"notes", 5}, {"note", 4}, {"nolegend", 5}, {"legend", 2}, {"keep", 4},
    {"drop", 1}, {"order", 5}, {"rename", 3}, {"indicate", 1}, {"label", 1}, {"varlabels", 4},
    {"varwidth", 3}, {"modelwidth", 5}, {"title", 2}, {"stats", 1}, {"mgroups", 3}, {"level", 5},
    {"replace", 7}, {"append", 6}, {"nonumbers", 5}, {"numbers", 3}, {"noisily", 1}, {"type", 2},
    {"notype", 6}, {"cells", 1}, {"mlabels", 2}, {"starlevels", 5}, {"collabels", 5},
    {"nobaselevels", 6}, {"baselevels", 4}, {"noomitted", 5}, {"omitted", 4}, {"prehead", 5},
    {"posthead", 5}, {"prefoot", 5}, {"postfoot", 5}};

}  // namespace

XTDO_COMMAND(esttab, "esttab", 0, "[anything] [using/] [, *]") {
  // --- Bind
  std::vector<Opt> opts = match_options(args, kEsttabOptions, "esttab");
  Config c;
  std::optional<Mode> explicit_mode;
  for (const Opt& o : opts)
    for (const char* m : {"smcl", "fixed", "tab", "csv", "scsv", "rtf", "html", "tex", "booktabs", "md", "mmd"})
      if (o.name == m) {
        if (explicit_mode)
          throw XtdoError(198, "only one allowed of smcl, fixed, tab, csv, scsv, rtf, html, tex, booktabs, md, or mmd",
                          o.pos);
        explicit_mode = mode_of(m);
      }
  resolve_output(c, args.using_file, explicit_mode, Mode::kSmcl, Mode::kFixed);
  const Mode mode = c.mode;

  std::string bfmt, auxfmt, sfmt;
  Aux aux = Aux::kT;
  bool aux_given = false, no_t = false, nostar = false, plain = false, notes = true, legend = true;
  bool depvars = true, obs = true, obslast = false;
  std::optional<bool> gaps, lines, parentheses;
  std::vector<tabout::StarLevel> levels = {{"*", "0.05", 0.05}, {"**", "0.01", 0.01}, {"***", "0.001", 0.001}};
  std::vector<std::pair<std::string, std::string>> extra_stats;  // r2 ar2 pr2 with formats
  std::vector<std::pair<std::string, std::string>> scalars;      // name, label
  std::optional<std::vector<tabout::StatRow>> user_stats;
  std::vector<std::string> addnotes;
  std::optional<std::string> note;
  std::optional<Config::MLabels> mlabels;
  for (const Opt& o : opts) {
    const std::string arg = o.arg ? util::trim(*o.arg) : "";
    const std::string& n = o.name;
    auto set_aux = [&](Aux a) {
      if (aux_given && aux != a) throw XtdoError(198, "only one allowed of z, se, p, ci, and aux()", o.pos);
      aux = a;
      aux_given = true;
      if (!arg.empty()) auxfmt = arg;
    };
    if (n == "b") {
      if (!arg.empty()) bfmt = arg;
    } else if (n == "t") {
      if (!arg.empty() && (!aux_given || aux == Aux::kT)) auxfmt = arg;
      if (aux_given && aux != Aux::kT) continue;
    } else if (n == "not") {
      no_t = true;
    } else if (n == "z") set_aux(Aux::kZ);
    else if (n == "se") set_aux(Aux::kSe);
    else if (n == "p") set_aux(Aux::kP);
    else if (n == "ci") set_aux(Aux::kCi);
    else if (n == "abs") c.abs_t = true;
    else if (n == "nostar") nostar = true;
    else if (n == "star") {
      if (!arg.empty()) levels = parse_levels(arg, o.pos);
    } else if (n == "staraux") c.aux_stars = true;
    else if (n == "noconstant") c.nocons = true;
    else if (n == "constant") c.nocons = false;
    else if (n == "noobs") obs = false;
    else if (n == "obslast") obslast = true;
    else if (n == "r2" || n == "ar2" || n == "pr2") {
      extra_stats.emplace_back(n == "r2" ? "r2" : n == "ar2" ? "r2_a" : "r2_p", arg.empty() ? "3" : arg);
    } else if (n == "aic" || n == "bic") {
      extra_stats.emplace_back(n, arg);  // format: b's unless given
    } else if (n == "scalars") {
      for (const auto& item : tabout::quoted_items(arg)) {
        std::vector<std::string> w = words_of(item);
        if (w.empty()) continue;
        std::string label = util::trim(item.substr(item.find(w[0]) + w[0].size()));
        scalars.emplace_back(w[0], label);
      }
    } else if (n == "sfmt") sfmt = arg;
    else if (n == "nomtitles") mlabels = Config::MLabels::kNone;
    else if (n == "mtitles") {
      if (arg.empty()) {
        mlabels = Config::MLabels::kTitles;
      } else {
        mlabels = Config::MLabels::kGiven;
        c.mlabel_text = tabout::quoted_items(arg);
      }
    } else if (n == "nogaps") gaps = false;
    else if (n == "gaps") gaps = true;
    else if (n == "nolines") lines = false;
    else if (n == "lines") lines = true;
    else if (n == "addnotes") {
      for (const auto& item : tabout::quoted_items(arg)) addnotes.push_back(item);
    } else if (n == "note") note = fileutil::unquote(arg);
    else if (n == "compress") c.compress = true;
    else if (n == "plain") plain = true;
    else if (n == "nodepvars") depvars = false;
    else if (n == "depvars") depvars = true;
    else if (n == "noparentheses") parentheses = false;
    else if (n == "parentheses") parentheses = true;
    else if (n == "brackets") c.brackets = true;
    else if (n == "nonotes") notes = false;
    else if (n == "notes") notes = true;
    else if (n == "nolegend") legend = false;
    else if (n == "legend") legend = true;
    else if (n == "stats") {
      auto [names, subs] = split_sub(arg);
      std::vector<std::string> fmts, labels;
      for (const auto& [sn, sa] : suboptions(subs)) {
        if (sub_is(sn, "fmt", 1)) fmts = words_of(sa);
        else if (sub_is(sn, "labels", 1)) labels = tabout::quoted_items(split_sub(sa).first);
        else throw XtdoError(198, fmt::format("stats(): suboption {} is not supported", sn), o.pos);
      }
      std::vector<tabout::StatRow> rows;
      std::vector<std::string> w = words_of(names);
      for (size_t i = 0; i < w.size(); ++i) {
        tabout::StatRow r;
        r.name = w[i];
        r.label = i < labels.size() ? labels[i] : w[i];
        r.fmt = fmts.empty() ? "%9.0g" : i < fmts.size() ? fmts[i] : fmts.back();
        rows.push_back(r);
      }
      user_stats = rows;
    } else if (n == "wide") {
      c.wide = true;
    } else if (n == "beta" || n == "main" || n == "aux" || n == "cells" ||
               n == "starlevels") {
      throw XtdoError(198, fmt::format("esttab option {}() is not supported", n), o.pos);
    } else if (n == "smcl" || n == "fixed" || n == "tab" || n == "csv" || n == "scsv" || n == "rtf" || n == "html" ||
               n == "tex" || n == "booktabs" || n == "md" || n == "mmd") {
      // the output mode, handled above
    } else if (!common_option(c, o)) {
      throw XtdoError(198, fmt::format("esttab option {} is not supported", n), o.pos);
    }
  }
  if (no_t && !aux_given) aux = Aux::kNone;

  // --- Defaults as esttab sets them (plain turns the decorations off).
  if (plain) {
    if (bfmt.empty()) bfmt = "%9.0g";
    if (auxfmt.empty()) auxfmt = bfmt;
    nostar = true;
    depvars = false;
    c.numbers = false;
    if (!parentheses) parentheses = false;
    notes = false;
  }
  if (bfmt.empty()) bfmt = "a3";
  if (auxfmt.empty()) auxfmt = aux == Aux::kT || aux == Aux::kZ ? "2" : aux == Aux::kP ? "3" : bfmt;
  c.bfmt = bfmt;
  c.aux = aux;
  c.auxfmt = auxfmt;
  c.stars = !nostar && !c.aux_stars;
  if (nostar) c.aux_stars = false;
  c.levels = nostar ? std::vector<tabout::StarLevel>{} : levels;
  c.parentheses = parentheses.value_or(true);
  if (c.aux == Aux::kCi) c.brackets = c.parentheses;
  // Gaps between coefficients when a second row is shown; rules unless plain.
  c.gaps = gaps.value_or(!plain && !c.wide && aux != Aux::kNone);
  c.lines = lines.value_or(!plain) && mode != Mode::kTab && mode != Mode::kCsv && mode != Mode::kScsv;
  c.models = model_list(session, args.anything);
  const bool mlabels_option =
      std::any_of(opts.begin(), opts.end(), [](const Opt& o) { return o.name == "mlabels"; });
  if (mlabels) c.mlabels = *mlabels;
  else if (!mlabels_option) c.mlabels = depvars && !plain ? Config::MLabels::kDepvars : Config::MLabels::kNames;

  // Statistics: N first (or last with obslast), then r2/ar2/pr2, then scalars().
  if (user_stats) {
    c.stats = *user_stats;
  } else {
    auto has = [&](const std::string& name) {
      return std::any_of(c.stats.begin(), c.stats.end(), [&](const tabout::StatRow& r) { return r.name == name; });
    };
    if (obs && !obslast) c.stats.push_back({"N", stat_label(mode, "N", c.label), "%18.0g"});
    for (const auto& [name, f] : extra_stats)
      if (!has(name))
        c.stats.push_back({name, stat_label(mode, name, c.label), f.empty() || (plain && f == "3") ? bfmt : f});
    std::vector<std::string> sfmts = words_of(sfmt);
    for (size_t i = 0; i < scalars.size(); ++i) {
      const auto& [name, label] = scalars[i];
      if (has(name) || (name == "N" && obs && obslast)) continue;
      std::string f = sfmts.empty() ? bfmt : i < sfmts.size() ? sfmts[i] : sfmts.back();
      c.stats.push_back({name, label.empty() ? name : label, f});
    }
    if (obs && obslast) c.stats.push_back({"N", stat_label(mode, "N", c.label), "%18.0g"});
  }

  // Notes: the statistic in the second row, addnotes(), the star legend.
  if (notes && aux != Aux::kNone) {
    std::string what;
    switch (aux) {
      case Aux::kT:
        what = (c.abs_t ? "Absolute " : "") + stat_name_label(mode, "t") + " statistics";
        break;
      case Aux::kZ:
        what = (c.abs_t ? "Absolute " : "") + stat_name_label(mode, "z") + " statistics";
        break;
      case Aux::kSe:
        what = "Standard errors";
        break;
      case Aux::kP:
        what = stat_name_label(mode, "p") + "-values";
        break;
      case Aux::kCi:
        what = fmt::format("{}{} confidence intervals", format_default(c.level),
                           mode == Mode::kTex || mode == Mode::kBooktabs ? "\\%" : "%");
        break;
      default:
        break;
    }
    what += !c.parentheses ? (c.wide ? " in second column" : " in second row")
            : c.brackets   ? " in brackets"
                           : " in parentheses";
    c.notes.push_back(what);
  }
  if (note) {
    c.notes.clear();
    c.notes.push_back(*note);
  }
  for (const auto& n : addnotes) c.notes.push_back(n);
  if (!c.levels.empty()) c.starlegend = star_legend(mode, c.levels);
  if (notes && legend && (c.stars || c.aux_stars) && !c.levels.empty()) c.notes.push_back(c.starlegend);

  // --- Display / write
  tabout::render(session, c);
}

const std::vector<std::pair<const char*, size_t>> kEstoutOptions = {
    {"cells", 1}, {"stats", 1}, {"style", 3}, {"starlevels", 5}, {"keep", 4}, {"drop", 1}, {"order", 5},
    {"rename", 3}, {"indicate", 1}, {"label", 1}, {"varlabels", 4}, {"coeflabels", 4}, {"mlabels", 2},
    {"collabels", 5}, {"numbers", 3}, {"nonumbers", 5}, {"title", 2}, {"legend", 2}, {"nolegend", 5},
    {"varwidth", 3}, {"modelwidth", 5}, {"replace", 7}, {"append", 6}, {"mgroups", 3}, {"level", 5},
    {"note", 4}, {"addnotes", 4}, {"noisily", 1}, {"type", 2}, {"notype", 6}, {"nobaselevels", 6},
    {"baselevels", 4}, {"noomitted", 5}, {"omitted", 4}, {"fragment", 1}, {"prehead", 5}, {"posthead", 5},
    {"prefoot", 5}, {"postfoot", 5}};

// estout [namelist] [using filename] [, cells() stats() style() ...]: the general
// table command; by default one column per model with the coefficients in %9.0g.
XTDO_COMMAND(estout, "estout", 0, "[anything] [using/] [, *]") {
  // --- Bind
  std::vector<Opt> opts = match_options(args, kEstoutOptions, "estout");
  Config c;
  std::optional<Mode> style;
  for (const Opt& o : opts)
    if (o.name == "style") {
      std::string s = util::trim(o.arg.value_or(""));
      style = s == "esttab" ? Mode::kTab : mode_of(s);
    }
  resolve_output(c, args.using_file, style, Mode::kSmcl, Mode::kTab);
  const Mode mode = c.mode;
  c.bfmt = "%9.0g";
  c.aux = Aux::kNone;
  c.stars = false;
  c.gaps = false;
  c.lines = mode == Mode::kSmcl;
  c.numbers = false;
  c.mlabels = Config::MLabels::kNames;
  std::vector<std::string> collabels = {"b"};
  bool legend = false;
  std::vector<tabout::StarLevel> levels = {{"*", "0.05", 0.05}, {"**", "0.01", 0.01}, {"***", "0.001", 0.001}};
  std::optional<std::string> note;
  std::vector<std::string> addnotes;
  for (const Opt& o : opts) {
    const std::string arg = o.arg ? util::trim(*o.arg) : "";
    const std::string& n = o.name;
    if (n == "style") continue;
    if (n == "cells") {
      // cells(b(star fmt(#)) se|t|p|ci(par fmt(#) star)): one main and one second row.
      std::string text = fileutil::unquote(arg);
      std::vector<std::pair<std::string, std::string>> parts = suboptions(text);
      if (text != arg && parts.size() > 1)
        throw XtdoError(198, "estout: several statistics in one row (a quoted cells() row) is not supported", o.pos);
      if (parts.empty() || parts.size() > 2 || parts[0].first != "b")
        throw XtdoError(198, "estout: cells() supports b and one of se, t, z, p, ci (e.g. cells(b(star) se(par)))",
                        o.pos);
      collabels.clear();
      for (size_t k = 0; k < parts.size(); ++k) {
        const auto& [stat, subs] = parts[k];
        Aux a = Aux::kNone;
        if (k == 1) {
          if (stat == "se") a = Aux::kSe;
          else if (stat == "t") a = Aux::kT;
          else if (stat == "z") a = Aux::kZ;
          else if (stat == "p") a = Aux::kP;
          else if (stat == "ci") a = Aux::kCi;
          else throw XtdoError(198, fmt::format("estout: cells() element {} is not supported", stat), o.pos);
          c.aux = a;
          c.auxfmt = "%9.0g";
          c.parentheses = false;
        }
        collabels.push_back(stat);
        for (const auto& [sn, sa] : suboptions(subs)) {
          if (sn == "star") {
            if (k == 0) c.stars = true;
            else c.aux_stars = true;
          } else if (sub_is(sn, "fmt", 1)) {
            if (k == 0) c.bfmt = util::trim(sa);
            else c.auxfmt = util::trim(sa);
          } else if (sub_is(sn, "par", 3)) {
            if (k == 0) throw XtdoError(198, "estout: par is supported on the second cells() element only", o.pos);
            c.parentheses = true;
            if (!util::trim(sa).empty()) {
              std::vector<std::string> p = tabout::quoted_items(sa);
              if (p.size() == 2 && p[0] == "[" && p[1] == "]") c.brackets = true;
              else if (!(p.size() == 2 && p[0] == "(" && p[1] == ")"))
                throw XtdoError(198, "estout: par() supports ( ) and [ ]", o.pos);
            }
          } else {
            throw XtdoError(198, fmt::format("estout: cells() suboption {} is not supported", sn), o.pos);
          }
        }
      }
    } else if (n == "stats") {
      auto [names, subs] = split_sub(arg);
      std::vector<std::string> fmts, labels;
      for (const auto& [sn, sa] : suboptions(subs)) {
        if (sub_is(sn, "fmt", 1)) fmts = words_of(sa);
        else if (sub_is(sn, "labels", 1)) labels = tabout::quoted_items(split_sub(sa).first);
        else throw XtdoError(198, fmt::format("stats(): suboption {} is not supported", sn), o.pos);
      }
      std::vector<std::string> w = words_of(names);
      for (size_t i = 0; i < w.size(); ++i)
        c.stats.push_back({w[i], i < labels.size() ? labels[i] : w[i],
                           fmts.empty() ? "%9.0g" : i < fmts.size() ? fmts[i] : fmts.back()});
    } else if (n == "starlevels") {
      levels = parse_levels(split_sub(arg).first, o.pos);
    } else if (n == "legend") legend = true;
    else if (n == "nolegend") legend = false;
    else if (n == "note") note = fileutil::unquote(arg);
    else if (n == "addnotes") {
      for (const auto& item : tabout::quoted_items(arg)) addnotes.push_back(item);
    } else if (!common_option(c, o)) {
      throw XtdoError(198, fmt::format("estout option {} is not supported", n), o.pos);
    }
  }
  const bool collabels_option =
      std::any_of(opts.begin(), opts.end(), [](const Opt& o) { return o.name == "collabels"; });
  if (!collabels_option) c.collabels = {util::join(collabels, "/")};
  c.levels = c.stars || c.aux_stars ? levels : std::vector<tabout::StarLevel>{};
  c.models = model_list(session, args.anything);
  if (note) c.notes.push_back(*note);
  for (const auto& n : addnotes) c.notes.push_back(n);
  if (!c.levels.empty()) c.starlegend = star_legend(mode, c.levels);
  if (legend && !c.levels.empty()) c.notes.push_back(c.starlegend);
  tabout::render(session, c);
}

}  // namespace xtdo
