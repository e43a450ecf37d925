// estat firststage / overid / endogenous after ivregress (see ivregress_estat.hpp).
#include "ivregress_estat.hpp"

#include <fmt/format.h>

#include <cmath>

#include "../display/distributions.hpp"
#include "design.hpp"
#include "stock_yogo.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::est {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }
std::string at_pad(std::string s, size_t w) {
  if (s.size() < w) s += std::string(w - s.size(), ' ');
  return s;
}
std::string stat_p(double stat, double p) {
  return fmt::format("{}  (p = {})", util::trim(format_number(stat, "%9.4f")),
                     format_number(p, "%6.4f"));
}

}  // namespace

void estat_firststage(Session& session, const CallArgs&) {
  auto it = session.e.matrices.find("firststage");
  if (it == session.e.matrices.end()) throw XtdoError(321, "first-stage statistics not found");
  const Matrix& m = it->second;
  Console& out = session.console;
  const std::string rule(76, '-');
  out.println();
  out.println("  First-stage regression summary statistics");
  out.println("  " + rule);
  out.println("               |            Adjusted      Partial");
  const std::string fh =
      fmt::format("F({},{})", format_default(m.at(4, 0)), format_default(m.at(5, 0)));
  out.println(
      fmt::format("      Variable |   R-sq.       R-sq.        R-sq.    {:>9}   Prob > F", fh));
  out.println("  -------------+" + std::string(60, '-'));
  Matrix r(m.cols, 7);
  r.rownames = m.colnames;
  r.colnames = {"rsq", "adjrsq", "partrsq", "F", "df1", "df2", "pvalue"};
  for (int j = 0; j < m.cols; ++j) {
    out.println(fmt::format("  {:>12} |  {}      {}       {}    {}    {}",
                            abbrev(m.colnames[j], 12), format_number(m.at(0, j), "%6.4f"),
                            format_number(m.at(1, j), "%6.4f"), format_number(m.at(2, j), "%6.4f"),
                            format_number(m.at(3, j), "%9.4f"),
                            format_number(m.at(6, j), "%6.4f")));
    for (int c = 0; c < 7; ++c) r.at(j, c) = m.at(c, j);
  }
  out.println("  " + rule);
  const double mineig = es(session, "mineig");
  const int k1 = m.cols, l1 = static_cast<int>(m.at(4, 0));
  out.println();
  out.println();
  out.println("  Minimum eigenvalue statistic = " + util::trim(format_number(mineig, "%9.4f")));
  out.println();
  out.println(
      fmt::format("  Critical Values                      # of endogenous regressors: {:>4}", k1));
  out.println(
      fmt::format("  H0: Instruments are weak             # of excluded instruments:  {:>4}", l1));
  const std::string rule2(69, '-');
  out.println("  " + rule2);
  auto cv = [&](SyTable t) {
    const double v = stock_yogo(t, l1, k1);
    if (t == SyTable::k_ivbias5 || t == SyTable::k_ivsize10 || t == SyTable::k_limlsize10)
      return std::isnan(v) ? std::string("      .") : format_number(v, "%7.2f");
    return std::isnan(v) ? std::string("       .") : format_number(v, "%8.2f");
  };
  out.println("                                     |    5%     10%     20%     30%");
  out.println("  2SLS relative bias                 |" + cv(SyTable::k_ivbias5) +
              cv(SyTable::k_ivbias10) + cv(SyTable::k_ivbias20) + cv(SyTable::k_ivbias30));
  out.println("  -----------------------------------+" + std::string(33, '-'));
  out.println("                                     |   10%     15%     20%     25%");
  out.println("  2SLS size of nominal 5% Wald test  |" + cv(SyTable::k_ivsize10) +
              cv(SyTable::k_ivsize15) + cv(SyTable::k_ivsize20) + cv(SyTable::k_ivsize25));
  out.println("  LIML size of nominal 5% Wald test  |" + cv(SyTable::k_limlsize10) +
              cv(SyTable::k_limlsize15) + cv(SyTable::k_limlsize20) + cv(SyTable::k_limlsize25));
  out.println("  " + rule2);
  session.r.clear();
  session.r.set_scalar("mineig", mineig);
  session.r.set_matrix("singleresults", std::move(r));
}

void estat_overid(Session& session, const CallArgs&) {
  Console& out = session.console;
  const std::string est = em(session, "estimator");
  session.r.clear();
  if (est == "gmm") {
    const double j = es(session, "J"), df = es(session, "overid_df");
    if (!(df > 0)) throw XtdoError(498, "no overidentifying restrictions");
    const double p = display::chi2tail(session, df, j);
    out.println();
    out.println("  Test of overidentifying restriction:");
    out.println();
    out.println(fmt::format("  Hansen's J chi2({}) = {}", format_default(df), stat_p(j, p)));
    session.r.set_scalar("HansenJ", j);
    session.r.set_scalar("p_HansenJ", p);
    session.r.set_scalar("df", df);
    return;
  }
  if (est != "2sls" || !em(session, "vcetype").empty())
    throw XtdoError(198, "estat overid is supported after ivregress 2sls with vce(unadjusted)");
  if (!session.e.scalars.count("sargan")) throw XtdoError(498, "no overidentifying restrictions");
  const double df = es(session, "overid_df");
  const double s = es(session, "sargan"), b = es(session, "basmann");
  const double ps = display::chi2tail(session, df, s), pb = display::chi2tail(session, df, b);
  out.println();
  out.println("  Tests of overidentifying restrictions:");
  out.println();
  out.println(fmt::format("  Sargan (score) chi2({}) = {}", format_default(df), stat_p(s, ps)));
  out.println(fmt::format("  Basmann chi2({})        = {}", format_default(df), stat_p(b, pb)));
  session.r.set_scalar("sargan", s);
  session.r.set_scalar("p_sargan", ps);
  session.r.set_scalar("basmann", b);
  session.r.set_scalar("p_basmann", pb);
  session.r.set_scalar("df", df);
}

void estat_endogenous(Session& session, const CallArgs&) {
  if (em(session, "estimator") != "2sls" || !em(session, "vcetype").empty())
    throw XtdoError(198,
                    "estat endogenous is supported after ivregress 2sls with vce(unadjusted); "
                    "the robust score test is not supported");
  Console& out = session.console;
  const double d = es(session, "durbin"), df = es(session, "durbin_df");
  const double wu = es(session, "wuhausman");
  const double n = es(session, "N"), k = es(session, "rank");
  const double wdf_r = n - k - df;
  const double pd = display::chi2tail(session, df, d), pw = display::Ftail(session, df, wdf_r, wu);
  out.println();
  out.println("  Tests of endogeneity");
  out.println("  H0: Variables are exogenous");
  out.println();
  out.println(at_pad(fmt::format("  Durbin (score) chi2({})", format_default(df)), 34) + "=  " +
              stat_p(d, pd));
  out.println(
      at_pad(fmt::format("  Wu-Hausman F({},{})", format_default(df), format_default(wdf_r)), 34) +
      "=  " + stat_p(wu, pw));
  session.r.clear();
  session.r.set_scalar("durbin", d);
  session.r.set_scalar("p_durbin", pd);
  session.r.set_scalar("wu", wu);
  session.r.set_scalar("p_wu", pw);
  session.r.set_scalar("df", df);
  session.r.set_scalar("wudf_r", wdf_r);
}

}  // namespace xtdo::est
