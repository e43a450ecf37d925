// xtivreg's output: the panel header, the model test line as xtivreg prints it for
// each model and VCE, the coefficient table with sigma_u/sigma_e/rho, and the
// instrumented/instruments footer. Reads e() only, so replay prints the same.
#include <fmt/format.h>

#include <string>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "xtdo/stdlib/util.hpp"
#include "xtivreg.hpp"

namespace xtdo::est::xtiv {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
std::string pad_right(std::string s, size_t w) {
  if (s.size() < w) s += std::string(w - s.size(), ' ');
  return s;
}
std::string pad_left(const std::string& s, size_t w) {
  return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}
std::string ratio4(double v) {
  return missing::is_missing(v) ? "     ." : format_number(v, "%6.4f");
}
std::string num(double v) { return format_default(v); }

void panel_header(Session& session, const std::string& title) {
  Console& out = session.console;
  out.println();
  if (em(session, "model") == "fd") {
    // xtivreg's fd header: the title alone, then the panel and time variables.
    out.println(title);
    out.println(display::header_line("Group variable:    " + est::abbrev(em(session, "ivar"), 12),
                                     "Number of obs", display::count_text(es(session, "N"))));
    out.println(display::header_line("Time variable:     " + est::abbrev(em(session, "tvar"), 12),
                                     "Number of groups", display::count_text(es(session, "N_g"))));
  } else {
    out.println(
        display::header_line(title, "Number of obs", display::count_text(es(session, "N"))));
    out.println(display::header_line("Group variable: " + est::abbrev(em(session, "ivar"), 12),
                                     "Number of groups", display::count_text(es(session, "N_g"))));
  }
  out.println();
  out.println(pad_right("R-squared:", 48) + "Obs per group:");
  auto row = [&](const char* name, const char* key, const char* stat, const char* gkey,
                 const char* fmt) {
    std::string left = fmt::format("     {:<7} = {}", name, ratio4(es(session, key)));
    out.println(pad_right(left, 62) + stat + " = " +
                pad_left(util::trim(format_number(es(session, gkey), fmt)), 10));
  };
  row("Within", "r2_w", "min", "g_min", "%10.0fc");
  row("Between", "r2_b", "avg", "g_avg", "%10.1fc");
  row("Overall", "r2_o", "max", "g_max", "%10.0fc");
  out.println();
}

// The two lines of the model test: `left` is printed before the probability.
void test_lines(Session& session, const std::string& left, bool trailing_blank) {
  Console& out = session.console;
  const std::string model = em(session, "model");
  const bool re = model == "g2sls" || model == "ec2sls";
  const bool fe = model == "fe";
  const double df_r = es(session, "df_r");
  if (!em(session, "vcetype").empty()) {
    // Robust: a blank line, then F(df_m, df_r) when e(df_r) is posted, else Wald
    // chi2 (df_b for fe and fd, df_m otherwise), with the p-value recomputed.
    out.println();
    if (!missing::is_missing(df_r)) {
      const double df_m = es(session, "df_m"), f = std::fabs(es(session, "F"));
      out.println(display::header_line(
          "", fmt::format("F({},{})", format_number(df_m, "%4.0f"), format_number(df_r, "%7.0f")),
          display::stat_text(f)));
      out.println(display::header_line(left, "Prob > F",
                                       display::prob_text(display::Ftail(session, df_m, df_r, f))));
    } else {
      const double df = es(session, fe || model == "fd" ? "df_b" : "df_m");
      const double chi2 = std::fabs(es(session, "chi2"));
      out.println(display::header_line("", fmt::format("Wald chi2({})", num(df)),
                                       display::stat_text(chi2)));
      out.println(display::header_line(left, "Prob > chi2",
                                       display::prob_text(display::chi2tail(session, df, chi2))));
    }
  } else if (!em(session, "small").empty() && !re && model != "be") {
    // fe and fd with small.
    const double df1 = es(session, fe ? "df_m" : "df_b");
    const double df2 = es(session, fe ? "df_r" : "df_rz");
    const double f = es(session, "F");
    out.println(display::header_line("", fmt::format("F({},{})", num(df1), num(df2)),
                                     display::stat_text(f)));
    const double p = fe ? es(session, "F_p") : display::Ftail(session, df1, df2, f);
    out.println(display::header_line(left, "Prob > F", display::prob_text(p)));
  } else if (!em(session, "small").empty()) {
    // re and be with small.
    const double df_m = es(session, "df_m"), df2 = es(session, re ? "df_r" : "df_rz");
    const double f = es(session, "F");
    out.println(display::header_line("", fmt::format("F({},{})", num(df_m), num(df2)),
                                     display::stat_text(f)));
    const double p = re ? es(session, "m_p") : display::Ftail(session, df_m, df2, f);
    out.println(display::header_line(left, "Prob > F", display::prob_text(p)));
  } else {
    const double df = es(session, fe || model == "fd" ? "df_b" : "df_m");
    const double chi2 = es(session, "chi2");
    out.println(
        display::header_line("", fmt::format("Wald chi2({})", num(df)), display::stat_text(chi2)));
    const double p = re ? display::chi2tail(session, df, chi2) : es(session, "chi2_p");
    out.println(display::header_line(left, "Prob > chi2", display::prob_text(p)));
  }
  if (trailing_blank) out.println();
}

void sigma_rows(Session& session) {
  Console& out = session.console;
  auto g10 = [](double v) { return format_number(v, "%10.0g"); };
  out.println(display::extra_row("sigma_u", g10(es(session, "sigma_u"))));
  out.println(display::extra_row("sigma_e", g10(es(session, "sigma_e"))));
  out.println(display::extra_row("rho", g10(es(session, "rho"))) +
              "   (fraction of variance due to u_i)");
  out.println(std::string(78, '-'));
}

void footer(Session& session) {
  Console& out = session.console;
  out.println("Instrumented:   " + em(session, "instd"));
  out.println("Instruments:    " + em(session, "insts"));
  out.println(std::string(78, '-'));
}

}  // namespace

void display(Session& session, double level, bool theta) {
  Console& out = session.console;
  const std::string model = em(session, "model");
  display::CoefTableOptions opt;
  opt.level = level;
  opt.plus = model != "be";
  const std::string corr_xb = "corr(u_i, Xb) = " + util::trim(ratio4(es(session, "corr")));
  if (model == "fe") {
    panel_header(session, "Fixed-effects (within) IV regression");
    test_lines(session, corr_xb, true);
    display::coef_table(session, opt);
    sigma_rows(session);
    if (em(session, "vcetype").empty()) {
      const std::string line =
          fmt::format("F  test that all u_i=0:     F({},{}) = {}", num(es(session, "df_a")),
                      num(es(session, "df_rz")), format_number(es(session, "F_f"), "%8.2f"));
      out.println(pad_right(line, 58) +
                  "Prob > F    = " + format_number(es(session, "F_fp"), "%6.4f"));
      out.println(std::string(78, '-'));
    }
  } else if (model == "fd") {
    panel_header(session, "First-differenced IV regression");
    test_lines(session, corr_xb, true);
    display::coef_table(session, opt);
    sigma_rows(session);
  } else if (model == "be") {
    panel_header(session, "Between-effects IV regression:");
    test_lines(session, "sd(u_i + avg(e_i.))= " + format_number(es(session, "rmse"), "%9.0g"),
               true);
    display::coef_table(session, opt);
  } else {
    panel_header(session, (model == "ec2sls" ? std::string("EC2SLS") : std::string("G2SLS")) +
                              " random-effects IV regression");
    test_lines(session, "corr(u_i, X)       = 0 (assumed)", false);
    if (theta) {
      if (es(session, "Tcon") == 1) {
        out.println("theta              = " + num(es(session, "theta")));
      } else {
        out.println();
        out.println(std::string(19, '-') + " theta " + std::string(20, '-'));
        out.println("  min      5%       median        95%      max");
        out.println(format_number(es(session, "thta_min"), "%6.4f") +
                    format_number(es(session, "thta_5"), "%9.4f") +
                    format_number(es(session, "thta_50"), "%11.4f") +
                    format_number(es(session, "thta_95"), "%11.4f") +
                    format_number(es(session, "thta_max"), "%9.4f"));
      }
    }
    out.println();
    display::coef_table(session, opt);
    sigma_rows(session);
  }
  footer(session);
}

}  // namespace xtdo::est::xtiv
