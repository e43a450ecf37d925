// ivreg2's display (see iv_display.hpp), laid out as ivreg2 4.1 prints it.
#include "iv_display.hpp"

#include <fmt/format.h>

#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "../postestimation/estimates_store.hpp"
#include "design.hpp"
#include "iv_first.hpp"
#include "stock_yogo.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::est {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
bool has(const Session& s, const std::string& name) { return s.e.scalars.count(name) > 0; }

// Pad `s` with blanks to reach column `col` (1-based, as Stata's _col()).
std::string at_col(std::string s, size_t col) {
  if (s.size() < col - 1) s += std::string(col - 1 - s.size(), ' ');
  return s;
}
std::string fmtn(double v, const char* f) { return format_number(v, f); }
const std::string kRule(78, '-');

// "label:" then the statistic at column 65 (%14.3f), then its chi2 p-value line.
void stat_lines(Console& out, const std::string& label, double stat, double df, double p) {
  out.println(at_col(label, 65) + fmtn(stat, "%14.3f"));
  out.println(at_col("", 52) + fmt::format("Chi-sq({}) P-val =", format_default(df)) +
              fmtn(p, "%10.4f"));
}

// A list of names after a 22-character label, wrapped at 78 columns.
void name_list(Console& out, const std::string& label, const std::string& names) {
  std::string line = at_col(label, 23);
  const size_t start = line.size();
  for (const auto& w : grammar::split_words(names)) {
    if (line.size() > start && line.size() + 1 + w.size() > 78) {
      out.println(line);
      line = std::string(start, ' ');
    }
    if (line.size() > start) line += ' ';
    line += w;
  }
  out.println(line);
}

void stock_yogo_lines(Console& out, const std::string& model, int k1, int l1, bool robust) {
  // ivreg2 prints LIML's sizes after CUE, and 2SLS's after every other estimator.
  const std::vector<SyRow> rows =
      stock_yogo_rows(model == "liml" || model == "cue" ? "liml"
                      : model == "fuller"               ? "fuller"
                                                        : "iv");
  const std::string head = "Stock-Yogo weak ID test critical values: ";
  bool any = false;
  for (const auto& r : rows) {
    const double v = stock_yogo(r.table, l1, k1);
    if (std::isnan(v)) continue;
    out.println(at_col((any ? std::string(head.size(), ' ') : head) + r.label, 73) +
                fmtn(v, "%6.2f"));
    any = true;
  }
  if (!any) {
    out.println(head + "<not available>");
    return;
  }
  out.println("Source: Stock-Yogo (2005).  Reproduced by permission.");
  if (robust)
    out.println("NB: Critical values are for Cragg-Donald F statistic and i.i.d. errors.");
}

}  // namespace

// The coefficient table without Stata's "(Std. err. adjusted for # clusters)" line,
// which ivreg2 suppresses by clearing e(clustvar) around `ereturn display`.
void ivreg2_coef_table(Session& session, double level) {
  const std::string clustvar = em(session, "clustvar");
  session.e.macros.erase("clustvar");
  display::CoefTableOptions opt;
  opt.level = level;
  try {
    display::coef_table(session, opt);
  } catch (...) {
    if (!clustvar.empty()) session.e.macros["clustvar"] = clustvar;
    throw;
  }
  if (!clustvar.empty()) session.e.macros["clustvar"] = clustvar;
}

void display_ivreg2(Session& session, double level) {
  Console& out = session.console;
  const std::string model = em(session, "model");
  const bool robust = !em(session, "vcetype").empty();
  const std::string clustvar = em(session, "clustvar");
  if (model == "first" || model == "rf") {  // a stored first-stage / reduced form
    display_ivreg2_first_eq(session, level);
    return;
  }
  if (!em(session, "rfopt").empty() && !em(session, "rfeq").empty()) {
    const std::string name = em(session, "rfeq");
    if (estore::find(session, name)) {
      estore::with_active(session, name, [&] { display_ivreg2_first_eq(session, level); });
    } else {
      out.println();
      out.println("Unable to display stored reduced form estimation.");
      out.println();
    }
  }
  if (!em(session, "firstopt").empty() && !em(session, "firsteqs").empty())
    display_ivreg2_first_stages(session, level);
  if (!em(session, "ffirstopt").empty()) display_ivreg2_first_summary(session);

  // --- Header
  if (em(session, "cmd") == "xtivreg2") {
    out.println();
    const std::string xt_title = em(session, "xtmodel") == "fd" ? "FIRST DIFFERENCES ESTIMATION"
                                                                : "FIXED EFFECTS ESTIMATION";
    out.println(xt_title);
    out.println(std::string(xt_title.size(), '-'));
    out.println(at_col("Number of groups = " + fmtn(es(session, "N_g"), "%8.0f"), 45) +
                "Obs per group: min = " + fmtn(es(session, "g_min"), "%6.0f"));
    out.println(at_col("", 60) + "avg = " + fmtn(es(session, "g_avg"), "%6.1f"));
    out.println(at_col("", 60) + "max = " + fmtn(es(session, "g_max"), "%6.0f"));
  }
  std::string title = model == "liml"     ? "LIML estimation"
                      : model == "fuller" ? "LIML estimation"
                      : model == "kclass" ? "k-class estimation"
                      : model == "gmm2s"  ? "2-Step GMM estimation"
                      : model == "cue"    ? "CUE estimation"
                      : model == "ols"    ? "OLS estimation"
                                          : "IV (2SLS) estimation";
  out.println();
  out.println(title);
  out.println(std::string(title.size(), '-'));
  out.println();
  if (model == "liml" || model == "fuller" || model == "kclass") {
    out.println("k               =" + fmtn(es(session, "kclass"), "%10.5f"));
    if (has(session, "lambda"))
      out.println("lambda          =" + fmtn(es(session, "lambda"), "%10.5f"));
    if (model == "fuller") out.println("Fuller parameter=" + fmtn(es(session, "fuller"), "%10.5f"));
    out.println();
  }
  if ((model == "gmm2s" || model == "cue") && robust) {
    out.println(clustvar.empty()
                    ? "Estimates efficient for arbitrary heteroskedasticity"
                    : "Estimates efficient for arbitrary heteroskedasticity and clustering on " +
                          clustvar);
  } else {
    out.println("Estimates efficient for homoskedasticity only");
  }
  const std::string kern = em(session, "kernel");
  // bw(auto): ivreg2 says how the bandwidth was chosen under the kernel line.
  auto bw_note = [&] {
    if (!em(session, "bwchoice").empty()) out.println("  " + em(session, "bwchoice"));
  };
  if (em(session, "vce") == "dkraay") {
    out.println(
        "Statistics robust to heteroskedasticity, autocorrelation and cross-panel correlation");
    out.println("  kernel=" + kern + "; bandwidth=" + format_default(es(session, "bw")) +
                " (Driscoll-Kraay)");
  } else if (em(session, "vce") == "ac") {
    out.println("Statistics robust to autocorrelation");
    out.println("  kernel=" + kern + "; bandwidth=" + format_default(es(session, "bw")));
    bw_note();
  } else if (!kern.empty()) {
    out.println(
        clustvar.empty()
            ? "Statistics robust to heteroskedasticity and autocorrelation"
            : "Statistics robust to heteroskedasticity, autocorrelation and clustering on " +
                  clustvar);
    out.println("  kernel=" + kern + "; bandwidth=" + format_default(es(session, "bw")));
    bw_note();
  } else if (!clustvar.empty()) {
    out.println("Statistics robust to heteroskedasticity and clustering on " + clustvar);
  } else if (robust) {
    out.println("Statistics robust to heteroskedasticity");
  } else {
    out.println("Statistics consistent for homoskedasticity only");
  }
  out.println();
  const auto words = grammar::split_words(clustvar);
  std::string left;
  if (words.size() == 1) {
    left = at_col(fmt::format("Number of clusters ({}) = ", words[0]), 1) +
           fmtn(es(session, "N_clust"), "%8.0f");
  }
  for (size_t c = 0; c < words.size() && words.size() == 2; ++c) {
    std::string l = fmt::format("Number of clusters ({}) = ", words[c]) +
                    fmtn(es(session, fmt::format("N_clust{}", c + 1)), "%8.0f");
    if (c == 0) {
      out.println(at_col(l, 55) + "Number of obs = " + fmtn(es(session, "N"), "%8.0f"));
    } else {
      left = l;
    }
  }
  if (words.size() == 2) {
    out.println(at_col(left, 55) + "F(" + fmtn(es(session, "Fdf1"), "%3.0f") + "," +
                fmtn(es(session, "Fdf2"), "%6.0f") + ") = " + fmtn(es(session, "F"), "%8.2f"));
  } else {
    out.println(at_col(left, 55) + "Number of obs = " + fmtn(es(session, "N"), "%8.0f"));
    out.println(at_col("", 55) + "F(" + fmtn(es(session, "Fdf1"), "%3.0f") + "," +
                fmtn(es(session, "Fdf2"), "%6.0f") + ") = " + fmtn(es(session, "F"), "%8.2f"));
  }
  out.println(at_col("", 55) + "Prob > F      = " + fmtn(es(session, "Fp"), "%8.4f"));
  const double yyc = es(session, "yyc"), yy = es(session, "yy");
  out.println(at_col("Total (centered) SS     = " + fmtn(yyc, "%12.0g"), 55) +
              "Centered R2   = " + fmtn(es(session, "r2c"), "%8.4f"));
  out.println(at_col("Total (uncentered) SS   = " + fmtn(yy, "%12.0g"), 55) +
              "Uncentered R2 = " + fmtn(es(session, "r2u"), "%8.4f"));
  out.println(at_col("Residual SS             = " + fmtn(es(session, "rss"), "%12.0g"), 55) +
              "Root MSE      = " + fmtn(es(session, "rmse"), "%8.4g"));
  out.println();

  // --- Coefficients
  ivreg2_coef_table(session, level);

  // --- Diagnostics (for OLS only the test of any excluded instruments)
  if (model == "ols") {
    if (es(session, "jdf") > 0) {
      stat_lines(out,
                 robust ? "Hansen J statistic (overidentification test of all instruments):"
                        : "Sargan statistic (overidentification test of all instruments):",
                 es(session, "j"), es(session, "jdf"), es(session, "jp"));
      out.println(kRule);
    }
    return;
  }
  const int k1 = static_cast<int>(grammar::split_words(em(session, "instd")).size());
  const int l1 = static_cast<int>(grammar::split_words(em(session, "exexog")).size());
  stat_lines(out,
             robust ? "Underidentification test (Kleibergen-Paap rk LM statistic):"
                    : "Underidentification test (Anderson canon. corr. LM statistic):",
             es(session, "idstat"), es(session, "iddf"), es(session, "idp"));
  out.println(kRule);
  out.println(at_col("Weak identification test (Cragg-Donald Wald F statistic):", 65) +
              fmtn(es(session, "cdf"), "%14.3f"));
  if (robust)
    out.println(at_col("                         (Kleibergen-Paap rk Wald F statistic):", 65) +
                fmtn(es(session, "widstat"), "%14.3f"));
  stock_yogo_lines(out, model, k1, l1, robust);
  out.println(kRule);
  const std::string overid =
      robust ? "Hansen J statistic (overidentification test of all instruments):"
             : "Sargan statistic (overidentification test of all instruments):";
  if (es(session, "jdf") > 0) {
    stat_lines(out, overid, es(session, "j"), es(session, "jdf"), es(session, "jp"));
  } else {
    out.println(at_col(overid, 65) + fmtn(0, "%14.3f"));
    out.println(at_col("", 50) + "(equation exactly identified)");
  }
  if (has(session, "cstatdf")) {
    out.println("-orthog- option:");
    stat_lines(out,
               robust ? "Hansen J statistic (eqn. excluding suspect orthog. conditions):"
                      : "Sargan statistic (eqn. excluding suspect orthogonality conditions):",
               es(session, "j") - es(session, "cstat"), es(session, "jdf") - es(session, "cstatdf"),
               display::chi2tail(session, es(session, "jdf") - es(session, "cstatdf"),
                                 es(session, "j") - es(session, "cstat")));
    stat_lines(out, "C statistic (exogeneity/orthogonality of suspect instruments): ",
               es(session, "cstat"), es(session, "cstatdf"), es(session, "cstatp"));
    name_list(out, "Instruments tested:", em(session, "clist"));
  }
  if (has(session, "estat")) {
    out.println("-endog- option:");
    stat_lines(out, "Endogeneity test of endogenous regressors:", es(session, "estat"),
               es(session, "estatdf"), es(session, "estatp"));
    name_list(out, "Regressors tested:", em(session, "endogtested"));
  }
  out.println(kRule);
  name_list(out, "Instrumented:", em(session, "instd"));
  if (!em(session, "inexog").empty())
    name_list(out, "Included instruments:", em(session, "inexog"));
  name_list(out, "Excluded instruments:", em(session, "exexog"));
  if (has(session, "partial_ct")) {
    name_list(out, "Partialled-out:",
              em(session, "partial") + (em(session, "partialcons").empty() ? "" : " _cons"));
    out.println("                      nb: total SS, model F and R2s are after partialling-out;");
    out.println("                          any small-sample adjustments include partialled-out");
    out.println("                          variables in regressor count K");
  }
  out.println(kRule);
}

}  // namespace xtdo::est
