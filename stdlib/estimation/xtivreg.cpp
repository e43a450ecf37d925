// xtivreg: panel instrumental-variables regression ([XT] xtivreg) — fe (2SLS on
// the within-transformed data with the grand mean added back, as xtreg, fe) and
// fd (2SLS on first differences with a constant), with the conventional VCE.
// Typing `xtivreg` alone replays.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "iv_design.hpp"
#include "panel.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/demean.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
std::string pad(std::string s, size_t w) {
  if (s.size() < w) s += std::string(w - s.size(), ' ');
  return s;
}
std::string ratio4(double v) {
  return missing::is_missing(v) ? "     ." : format_number(v, "%6.4f");
}

void display_xtivreg(Session& session, double level) {
  Console& out = session.console;
  const bool fe = em(session, "model") == "fe";
  out.println();
  out.println(display::header_line(
      fe ? "Fixed-effects (within) IV regression" : "First-differenced IV regression",
      "Number of obs", display::count_text(es(session, "N"))));
  out.println(display::header_line("Group variable: " + est::abbrev(em(session, "ivar"), 12),
                                   "Number of groups", display::count_text(es(session, "N_g"))));
  out.println();
  out.println(pad("R-squared:", 48) + "Obs per group:");
  auto row = [&](const char* name, const char* key, const char* stat, const char* gkey,
                 const char* fmt) {
    std::string left = fmt::format("     {:<7} = {}", name, ratio4(es(session, key)));
    out.println(pad(left, 62) + stat + " = " + util::trim(format_number(es(session, gkey), fmt)));
  };
  row("Within", "r2_w", "min", "g_min", "%10.0fc");
  row("Between", "r2_b", "avg", "g_avg", "%10.1fc");
  row("Overall", "r2_o", "max", "g_max", "%10.0fc");
  out.println();
  const double df_m = es(session, "df_m");
  if (em(session, "small").empty()) {
    const double chi2 = es(session, "chi2");
    out.println(display::header_line("", fmt::format("Wald chi2({})", format_default(df_m)),
                                     display::stat_text(chi2)));
    out.println(display::header_line(
        fe ? "corr(u_i, Xb) = " + util::trim(ratio4(es(session, "corr"))) : "", "Prob > chi2",
        display::prob_text(display::chi2tail(session, df_m, chi2))));
  } else {
    const double f = es(session, "F"), df_r = es(session, "df_r");
    out.println(display::header_line(
        "", fmt::format("F({}, {})", format_default(df_m), format_default(df_r)),
        display::stat_text(f)));
    out.println(display::header_line(
        fe ? "corr(u_i, Xb) = " + util::trim(ratio4(es(session, "corr"))) : "", "Prob > F",
        display::prob_text(display::Ftail(session, df_m, df_r, f))));
  }
  out.println();
  display::CoefTableOptions opt;
  opt.level = level;
  opt.plus = true;
  display::coef_table(session, opt);
  auto g10 = [](double v) { return format_number(v, "%10.0g"); };
  if (fe) {
    out.println(display::extra_row("sigma_u", g10(es(session, "sigma_u"))));
    out.println(display::extra_row("sigma_e", g10(es(session, "sigma_e"))));
    out.println(display::extra_row("rho", g10(es(session, "rho"))) +
                "   (fraction of variance due to u_i)");
  } else {
    out.println(display::extra_row("sigma_e", g10(es(session, "sigma_e"))));
  }
  out.println(std::string(78, '-'));
  out.println("Instrumented:   " + em(session, "instd"));
  out.println("Instruments:    " + em(session, "insts"));
  out.println(std::string(78, '-'));
}

}  // namespace

XTDO_COMMAND(xtivreg, "xtivreg", 7,
             "[anything] [if] [in] [, FE FD RE BE vce(string) SMall Level(cilevel)]") {
  // --- Bind
  const double level = est::confidence_level(session, args);
  if (util::trim(args.anything).empty()) {
    if (em(session, "cmd") != "xtivreg") throw XtdoError(301, "last estimates not found");
    display_xtivreg(session, level);
    return;
  }
  if (args.has("re") || args.has("be"))
    throw XtdoError(198, "xtivreg re and be are not supported; use fe or fd");
  if (args.has("fe") == args.has("fd")) throw XtdoError(198, "specify one of fe or fd");
  const bool fe = args.has("fe");
  if (auto v = args.get("vce"); v && !util::abbrev(util::lower(util::trim(*v)), "conventional", 4))
    throw XtdoError(198, "xtivreg: only vce(conventional) is supported");
  const std::string ivar = session.data.ts.panelvar;
  if (ivar.empty()) throw XtdoError(459, "panel variable not set; use xtset varname ...");
  if (!fe && session.data.ts.timevar.empty())
    throw XtdoError(111, "time variable not set; use xtset panelvar timevar");
  est::IvSyntax syntax = est::parse_iv_syntax(args.anything, args.cmd ? args.cmd->args.pos : 0);
  if (util::trim(syntax.endog).empty())
    throw XtdoError(198, "xtivreg requires (endogenous = instruments)");
  if (!fe) {
    // First differences of every variable.
    // First differences of every variable: D. before each word (D.L.x is LD.x).
    auto diff = [](const std::string& t) {
      std::vector<std::string> words;
      for (const auto& w : grammar::split_words(t)) words.push_back("D." + w);
      return util::join(words, " ");
    };
    syntax.depvar = "D." + syntax.depvar;
    syntax.exog = diff(syntax.exog);
    syntax.endog = diff(syntax.endog);
    syntax.inst = diff(syntax.inst);
  }
  const bool small = args.has("small");

  // --- Sample and build
  est::IvDesignOptions dopt;
  dopt.markout.push_back(ivar);
  est::IvDesign iv = est::build_iv_design(session, args, syntax, dopt);
  est::Panel panel = est::make_panel(session.data, ivar, iv.d);
  const double n = static_cast<double>(iv.d.n());
  const double n_g = panel.codes.n_groups;
  kernel::IvData data = iv.data;  // transformed below for fe
  if (fe) {
    // z − z̄_i + z̿ for y, X1, X2 (not the constant) and Z1 ([XT] xtivreg).
    const Eigen::Index k1 = data.x1.cols(), k2 = data.x2.cols() - 1, l1 = data.z1.cols();
    Eigen::MatrixXd all(iv.d.n(), 1 + k1 + k2 + l1);
    all << data.y, data.x1, data.x2.leftCols(k2), data.z1;
    Eigen::VectorXd ref(all.cols());
    for (Eigen::Index c = 0; c < all.cols(); ++c)
      ref(c) = (all.col(c).array() - all.col(c).mean()).square().sum();
    kernel::WithinOptions wo;
    wo.add_grand_mean = true;
    kernel::demean_within(all, panel.codes.code, panel.codes.n_groups, Eigen::VectorXd(), wo);
    for (Eigen::Index c = 1; c < all.cols(); ++c) {
      const double ss = (all.col(c).array() - all.col(c).mean()).square().sum();
      if (ss <= 1e-9 * ref(c))
        throw XtdoError(
            198, "a regressor or instrument is constant within panels; drop it from the model");
    }
    data.y = all.col(0);
    data.x1 = all.middleCols(1, k1);
    data.x2.leftCols(k2) = all.middleCols(1 + k1, k2);
    data.z1 = all.middleCols(1 + k1 + k2, l1);
  }
  const double k_slopes = static_cast<double>(data.x1.cols() + data.x2.cols() - 1);

  // --- Estimate: conventional VCE σ²(X'P_Z X)⁻¹ with σ² = RSS/(N − N_g − K) (fe:
  // the N_g panel means are estimated; K slopes) or RSS/(N − K − 1) (fd).
  kernel::IvOptions ko;
  ko.small = true;
  if (fe) ko.meat.dofminus = n_g - 1;
  const kernel::IvFit fit = kernel::iv_fit(data, ko);
  if (!fit.ok) throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
  const double df_r = fe ? n - n_g - k_slopes : n - k_slopes - 1;
  if (df_r <= 0) throw XtdoError(2001, "insufficient observations");
  const Eigen::Index ks = static_cast<Eigen::Index>(k_slopes);
  const double wald =
      ks > 0
          ? fit.coef.head(ks).dot(
                Eigen::LDLT<Eigen::MatrixXd>(fit.v.topLeftCorner(ks, ks)).solve(fit.coef.head(ks)))
          : 0;

  // Panel statistics on the untransformed data: xb = X b (+ _cons).
  Eigen::VectorXd xb = Eigen::VectorXd::Constant(iv.d.n(), fit.coef(fit.coef.size() - 1));
  {
    Eigen::Index j = 0;
    for (int c : iv.endog_cols) xb += fit.coef(j++) * iv.d.x.col(c);
    for (int c : iv.exog_cols) xb += fit.coef(j++) * iv.d.x.col(c);
  }
  const est::PanelR2 r2 = est::panel_r2(iv.d, xb, panel);
  const double sigma_e = std::sqrt(fit.rss / df_r);
  double sigma_u = missing::kSysmiss, corr = missing::kSysmiss;
  if (fe) {
    Eigen::MatrixXd resid(iv.d.n(), 1);
    resid.col(0) = iv.d.y - xb;
    const Eigen::VectorXd u = est::panel_means(resid, panel).col(0);
    sigma_u = std::sqrt((u.array() - u.mean()).square().sum() / (n_g - 1));
    Eigen::VectorXd u_obs(iv.d.n());
    for (Eigen::Index i = 0; i < iv.d.n(); ++i)
      u_obs(i) = u(panel.codes.code[static_cast<size_t>(i)]);
    corr = est::correlation(u_obs, xb);
  }

  // --- Post
  session.e.clear();
  est::post_iv_coefficients(session, iv, fit.coef, fit.v);
  est::post_sample(session, iv.d);
  auto& e = session.e;
  e.set_scalar("N", n);
  e.set_scalar("N_g", n_g);
  e.set_scalar("g_min", panel.g_min);
  e.set_scalar("g_avg", panel.g_avg);
  e.set_scalar("g_max", panel.g_max);
  e.set_scalar("df_m", k_slopes);
  e.set_scalar("rss", fit.rss);
  e.set_scalar("r2_w", r2.within);
  e.set_scalar("r2_b", r2.between);
  e.set_scalar("r2_o", r2.overall);
  e.set_scalar("sigma_e", sigma_e);
  if (fe) {
    e.set_scalar("sigma_u", sigma_u);
    e.set_scalar("rho", sigma_u * sigma_u / (sigma_u * sigma_u + sigma_e * sigma_e));
    e.set_scalar("corr", corr);
    e.set_scalar("df_a", n_g - 1);
  }
  if (small) {
    e.set_scalar("df_r", df_r);
    e.set_scalar("F", wald / k_slopes);
    e.set_macro("small", "small");
  } else {
    e.set_scalar("chi2", wald);
    e.set_macro("chi2type", "Wald");
  }
  e.set_macro("model", fe ? "fe" : "fd");
  e.set_macro("ivar", ivar);
  e.set_macro("vce", "conventional");
  e.set_macro("instd", util::join(iv.endog_names, " "));
  std::vector<std::string> insts = iv.exog_names;
  insts.insert(insts.end(), iv.inst_names.begin(), iv.inst_names.end());
  e.set_macro("insts", util::join(insts, " "));
  e.set_macro("cmd", "xtivreg");
  e.set_macro("cmdline", "xtivreg " + (args.cmd ? args.cmd->rest.text : std::string()));
  e.set_macro("title",
              fe ? "Fixed-effects (within) IV regression" : "First-differenced IV regression");
  e.set_macro("properties", "b V");

  // --- Display
  display_xtivreg(session, level);
}

}  // namespace xtdo
