// The results-table engine behind esttab and estout (Jann's estout package):
// models side by side, one block of rows per coefficient, summary statistics
// below, written in one of the output modes (fixed/smcl text, csv, LaTeX,
// booktabs, HTML, Markdown, RTF).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "xtdo/session.hpp"

namespace xtdo::tabout {

enum class Mode { kSmcl, kFixed, kTab, kCsv, kScsv, kTex, kBooktabs, kHtml, kMmd, kRtf };

/// The statistic shown under (or instead of) the coefficient.
enum class Aux { kNone, kT, kZ, kSe, kP, kCi };

struct StarLevel {
  std::string symbol;  ///< as typed (`*`)
  std::string level;   ///< as typed (`0.05`), printed in the legend
  double value = 0;
};

/// A row of summary statistics: e(name) (scalar or macro) with a label and format.
struct StatRow {
  std::string name;
  std::string label;
  std::string fmt;
};

/// An `indicate()` group: a row "Yes"/"No" per model, its coefficients dropped.
struct Indicator {
  std::string label;
  std::vector<std::string> patterns;
  std::string yes = "Yes", no = "No";
};

struct Config {
  Mode mode = Mode::kSmcl;
  bool to_screen = true;
  std::vector<std::string> models;  ///< stored names, "." = active results

  // cells
  std::string main = "b";           ///< b (beta is not supported)
  std::string bfmt = "a3";
  Aux aux = Aux::kT;
  std::string auxfmt = "2";
  bool stars = true;
  bool aux_stars = false;           ///< stars on the auxiliary statistic (staraux)
  std::vector<StarLevel> levels;    ///< ascending symbols (`*`, `**`, `***`)
  bool parentheses = true;
  bool brackets = false;
  bool abs_t = false;
  bool wide = false;                ///< the second statistic beside the coefficient
  double level = 95;

  // rows
  std::vector<std::string> keep, drop, order;
  std::vector<std::pair<std::string, std::string>> rename;
  std::vector<std::pair<std::string, std::string>> varlabels;
  std::vector<Indicator> indicate;
  bool label = false;                ///< variable labels for rows and depvars
  bool nocons = false;
  bool nobaselevels = false;        ///< drop base levels of factor variables (`1b.year`)
  bool noomitted = false;           ///< drop omitted terms (`o.x`, `2o.year`)
  std::vector<StatRow> stats;

  // header
  bool numbers = true;
  enum class MLabels { kDepvars, kTitles, kNames, kGiven, kNone } mlabels = MLabels::kDepvars;
  std::vector<std::string> mlabel_text;
  std::vector<std::string> collabels;  ///< estout's collabels row ("b"); empty = none
  std::vector<std::string> mgroups;
  std::vector<int> mgroups_pattern;
  bool mgroups_span = false;
  std::string mgroups_prefix, mgroups_suffix, mgroups_lhs, mgroups_erepeat;

  // layout
  bool gaps = true;
  bool lines = true;
  /// Lines below the table (the statistic note, addnotes(), the star legend),
  /// already in the mode's markup; each becomes one note line.
  std::vector<std::string> notes;
  std::optional<int> varwidth, modelwidth;
  bool compress = false;
  std::string title;
  bool fragment = false;             ///< LaTeX: table rows only, no tabular environment
  /// User text replacing the generated parts: before the header (prehead), after it
  /// (posthead), before the statistics (prefoot) and after them (postfoot, notes
  /// included). Substitutions: @span (columns), @M (models), @E (columns without the
  /// label column), @title, @hline, @starlegend.
  std::optional<std::vector<std::string>> prehead, posthead, prefoot, postfoot;
  std::string starlegend;

  // output file
  std::string using_file;
  bool replace = false, append = false;
};

/// Build the table and print it (screen) or write it to `using_file`.
void render(Session& session, const Config& config);

/// Stata-side formatting of one number for a table cell: `a#` (estout's adaptive
/// significant digits), `#` (fixed # decimals), `%fmt`; trimmed.
std::string format_cell(double value, const std::string& fmt);

/// Wrap a star symbol in the mode's markup (`\sym{*}`, `<sup>*</sup>`, ...).
std::string star_symbol(Mode mode, const std::string& symbol);

/// Escape text for the mode (LaTeX and Markdown: `_` becomes `\_`).
std::string substitute(Mode mode, const std::string& text);

/// Split a list of possibly quoted items ("a b" c `"d"') into its elements.
std::vector<std::string> quoted_items(const std::string& text);

}  // namespace xtdo::tabout
