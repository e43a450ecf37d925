// xtabond2's output, read from e() only (so replay prints the same): the
// header, the coefficient table, the instrument lists, the Arellano–Bond
// tests and the Sargan/Hansen and difference-in-Hansen tests.
#include <fmt/format.h>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "design.hpp"
#include "xtabond2.hpp"
#include "xtdo/eval.hpp"
#include "xtdo/util.hpp"

namespace xtdo::xtabond2 {

namespace {

double escalar(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string emacro(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
double ematrix(const Session& s, const std::string& name, int r, int c, double dflt = 0) {
  auto it = s.e.matrices.find(name);
  if (it == s.e.matrices.end() || r >= it->second.rows || c >= it->second.cols) return dflt;
  return it->second.at(r, c);
}
std::string pad_to(std::string s, size_t col) {  // continue at 1-based column `col`
  if (s.size() + 1 < col) s += std::string(col - 1 - s.size(), ' ');
  return s;
}
std::string num(double v, const char* fmt) { return format_number(v, fmt); }
std::string plain(double v) { return format_default(v); }

// Stata's `piece` macro function: pieces of at most `width` characters,
// broken at blanks.
std::vector<std::string> pieces(const std::string& text, size_t width) {
  std::vector<std::string> out;
  std::string cur;
  for (const auto& word : grammar::split_words(text)) {
    if (!cur.empty() && cur.size() + 1 + word.size() > width) {
      out.push_back(cur);
      cur.clear();
    }
    cur += (cur.empty() ? "" : " ") + word;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

void instrument_lists(Session& session) {
  Console& out = session.console;
  const bool system = emacro(session, "esttype") == "system";
  for (int eq = 0; eq <= (system ? 1 : 0); ++eq) {
    bool eq_shown = false;
    const std::string eqname = eq == 0 ? emacro(session, "transform") : "levels";
    for (const std::string type : {"iv", "gmm"}) {
      bool type_shown = false;
      for (int g = 1;; ++g) {
        const std::string base = emacro(session, fmt::format("{}insts{}", type, g));
        if (base.empty()) break;
        const int equation = static_cast<int>(ematrix(session, type + "equation", 0, g - 1));
        if (equation == eq) continue;
        if (!eq_shown) {
          out.println("Instruments for " + eqname + " equation");
          eq_shown = true;
        }
        if (!type_shown) {
          out.println(type == "iv" ? "  Standard"
                                   : "  GMM-type (missing=0, separate instruments for each "
                                     "period unless collapsed)");
          type_shown = true;
        }
        const bool several = grammar::split_words(base).size() > 1;
        const std::string vars = several ? "(" + base + ")" : base;
        std::string line;
        if (type == "iv") {
          if (eq || ematrix(session, "ivpassthru", 0, g - 1)) {
            line = base;
          } else {
            line = std::string(emacro(session, "transform") == "orthogonal deviations" ? "FO" : "") +
                   "D." + vars;
          }
          if (ematrix(session, "ivmz", 0, g - 1)) line += ", missing recoded as zero";
        } else {
          const bool shifted = eq && equation;  // levels instruments of an equation(both) group
          const int l1 = static_cast<int>(ematrix(session, "gmmlaglimits", 0, g - 1)) - shifted;
          const int l2 = static_cast<int>(ematrix(session, "gmmlaglimits", 1, g - 1)) - shifted;
          if (!eq && ematrix(session, "gmmorthogonal", 0, g - 1)) line += "BOD.";
          if (eq && !ematrix(session, "gmmpassthru", 0, g - 1)) line += "D";
          if (l2 > l1 && !shifted) {
            line += fmt::format("L({}/{})", l1, l2);
          } else if (l1) {
            line += l1 > 1 ? fmt::format("L{}", l1) : std::string("L");
          }
          line += "." + vars;
          if (ematrix(session, "gmmcollapse", 0, g - 1)) line += " collapsed";
        }
        for (const auto& p : pieces(line, 74)) out.println("    " + p);
      }
    }
  }
}

}  // namespace

void display_ar_tests(Session& session) {
  const int artests = static_cast<int>(escalar(session, "artests"));
  for (int i = 1; i <= artests; ++i) {
    const std::string left = fmt::format("Arellano-Bond test for AR({}) in {}:", i, emacro(session, "artype"));
    session.console.println(pad_to(left, 52) + "z = " + num(escalar(session, fmt::format("ar{}", i)), "%6.2f") +
                            "  Pr > z = " + num(escalar(session, fmt::format("ar{}p", i)), "%6.3f"));
  }
}

void display(Session& session, double level) {
  Console& out = session.console;
  const std::string rule(78, '-');
  out.println();
  out.println(fmt::format("Dynamic panel-data estimation, {}-step {} GMM",
                          emacro(session, "twostep").empty() ? "one" : "two",
                          emacro(session, "esttype") == "difference" ? "difference" : "system"));
  out.println(rule);
  out.println(pad_to("Group variable: " + est::abbrev(emacro(session, "ivar"), 12), 49) +
              "Number of obs      = " + num(escalar(session, "N"), "%9.0f"));
  out.println(pad_to("Time variable : " + est::abbrev(emacro(session, "tvar"), 12), 49) +
              "Number of groups   = " + num(escalar(session, "N_g"), "%9.0g"));
  out.println(pad_to("Number of instruments = " + plain(escalar(session, "j")), 49) +
              "Obs per group: min = " + num(escalar(session, "g_min"), "%9.0g"));
  const bool small = !emacro(session, "small").empty();
  const std::string test = small ? fmt::format("F({}, {})", plain(escalar(session, "df_m")),
                                               plain(escalar(session, "df_r")))
                                 : fmt::format("Wald chi2({})", plain(escalar(session, "df_m")));
  out.println(pad_to(pad_to(test, 15) + "= " + num(escalar(session, small ? "F" : "chi2"), "%9.2f"), 64) +
              "avg = " + num(escalar(session, "g_avg"), "%9.2f"));
  out.println(pad_to(pad_to(small ? "Prob > F" : "Prob > chi2", 15) + "=" +
                         num(escalar(session, small ? "F_p" : "chi2p"), "%10.3f"),
                     64) +
              "max = " + num(escalar(session, "g_max"), "%9.0g"));
  display::CoefTableOptions opt;
  opt.level = level;
  display::coef_table(session, opt);
  if (!emacro(session, "twostep").empty() && emacro(session, "vcetype") != "Corrected") {
    out.println("Warning: Uncorrected two-step standard errors are unreliable.");
    out.println();
  }
  instrument_lists(session);
  out.println(rule);
  display_ar_tests(session);
  out.println(rule);
  auto overid = [&](const std::string& name, const std::string& stat) {
    out.println(pad_to(fmt::format("{} test of overid. restrictions: chi2({})", name,
                                   plain(escalar(session, stat == "sargan" ? "sar_df" : "hansen_df"))),
                       49) +
                "=" + num(escalar(session, stat), "%7.2f") + "  Prob > chi2 = " +
                num(escalar(session, stat + "p"), "%6.3f"));
  };
  overid("Sargan", "sargan");
  out.println("  (Not robust, but not weakened by many instruments.)");
  const bool hansen = !(emacro(session, "twostep") + emacro(session, "vcetype")).empty();
  if (hansen) {
    overid("Hansen", "hansen");
    out.println("  (Robust, but weakened by many instruments.)");
  }
  auto it = session.e.matrices.find("diffsargan");
  if (it != session.e.matrices.end()) {
    const Matrix& d = it->second;
    const std::string test = hansen ? "Hansen" : "Sargan";
    bool header = false;
    for (int g = 0; g < d.cols; ++g) {
      if (missing::is_missing(d.at(4, g))) continue;
      if (!header) {
        out.println();
        out.println("Difference-in-" + test + " tests of exogeneity of instrument subsets:");
        header = true;
      }
      out.println("  " + emacro(session, fmt::format("diffgroup{}", g + 1)));
      out.println(pad_to(pad_to("    " + test + " test excluding group:", 38) +
                             fmt::format("chi2({})", plain(escalar(session, "sar_df") - d.at(2, g))),
                         49) +
                  "=" + num(d.at(0, g), "%7.2f") + "  Prob > chi2 = " + num(d.at(3, g), "%6.3f"));
      out.println(pad_to(pad_to("    Difference (null H = exogenous):", 38) +
                             fmt::format("chi2({})", plain(d.at(2, g))),
                         49) +
                  "=" + num(d.at(1, g), "%7.2f") + "  Prob > chi2 = " + num(d.at(4, g), "%6.3f"));
    }
  }
  out.println();
}

}  // namespace xtdo::xtabond2
