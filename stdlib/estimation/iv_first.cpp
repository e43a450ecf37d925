// First-stage regressions of ivreg2 and ivregress (see iv_first.hpp).
#include "iv_first.hpp"

#include <fmt/format.h>

#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "../postestimation/estimates_store.hpp"
#include "design.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::est {

namespace {

double es(const Session& s, const std::string& name) { return s.e.scalar_or_missing(name); }
std::string em(const Session& s, const std::string& name) { return s.e.macro_or_empty(name); }

// Pad `s` with blanks to reach column `col` (1-based, as Stata's _col()).
std::string at_col(std::string s, size_t col) {
  if (s.size() < col - 1) s += std::string(col - 1 - s.size(), ' ');
  return s;
}

/// The instruments of `iv` as one matrix and where each column goes in the
/// design's coefficient space (design columns, the constant as column p).
struct FirstDesign {
  Eigen::MatrixXd z;
  std::vector<Eigen::Index> to;
  std::vector<size_t> terms;  ///< indices into iv.d.terms, in e(b) order
};

// ivreg2 orders the instruments excluded, included, constant; ivregress (as
// regress endog exog inst) included, excluded, constant.
FirstDesign first_design(const IvDesign& iv, bool excluded_first) {
  FirstDesign fd;
  const kernel::IvData& d = iv.data;
  const Eigen::Index k2 = d.x2.cols() - (iv.constant ? 1 : 0), l1 = d.z1.cols();
  fd.z.resize(d.y.size(), l1 + d.x2.cols());
  const auto p = static_cast<Eigen::Index>(iv.d.x.cols());
  std::vector<size_t> exog_terms, inst_terms;
  for (size_t t = iv.n_endog; t < iv.n_endog + iv.n_exog; ++t)
    if (iv.unposted.empty() || !iv.unposted[t]) exog_terms.push_back(t);
  for (size_t t = iv.n_endog + iv.n_exog; t < iv.n_endog + iv.n_exog + iv.n_inst; ++t)
    if (iv.unposted.empty() || !iv.unposted[t]) inst_terms.push_back(t);
  auto add_inst = [&](Eigen::Index at) {
    fd.z.middleCols(at, l1) = d.z1;
    for (int c : iv.inst_cols) fd.to.push_back(c);
    fd.terms.insert(fd.terms.end(), inst_terms.begin(), inst_terms.end());
  };
  auto add_exog = [&](Eigen::Index at) {
    fd.z.middleCols(at, k2) = d.x2.leftCols(k2);
    for (int c : iv.exog_cols) fd.to.push_back(c);
    fd.terms.insert(fd.terms.end(), exog_terms.begin(), exog_terms.end());
  };
  if (excluded_first) {
    add_inst(0);
    add_exog(l1);
  } else {
    add_exog(0);
    add_inst(k2);
  }
  if (iv.constant) {
    fd.z.rightCols(1) = d.x2.rightCols(1);
    fd.to.push_back(p);
  }
  return fd;
}

/// OLS of x on Z with the small-sample VCE of `meat` (σ² = RSS/(N − L − dofminus −
/// sdofminus); robust × N/(N − L − dofminus − sdofminus); cluster ×
/// (N − 1)/(N − L − sdofminus)·M/(M − 1)): the kernel's k-class fit without
/// endogenous regressors and with `small`.
kernel::IvFit fit_first(const Eigen::MatrixXd& z, const Eigen::VectorXd& x,
                        const kernel::IvMeat& meat) {
  kernel::IvData data;
  data.y = x;
  data.x1.resize(x.size(), 0);
  data.z1.resize(x.size(), 0);
  data.x2 = z;
  kernel::IvOptions o;
  o.meat = meat;
  o.small = true;
  return kernel::iv_fit(data, o);
}

// Post e(b), e(V) over the first stage's terms (factor bases and omitted terms as
// zeros) and _cons.
void post_first_coefficients(Session& session, const IvDesign& iv, const FirstDesign& fd,
                             const Eigen::VectorXd& coef, const Eigen::MatrixXd& v) {
  Design d;
  d.x.resize(0, iv.d.x.cols());
  for (size_t t : fd.terms) d.terms.push_back(iv.d.terms[t]);
  const Eigen::Index p = iv.d.x.cols();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(p + 1);
  Eigen::MatrixXd vv = Eigen::MatrixXd::Zero(p + 1, p + 1);
  for (size_t r = 0; r < fd.to.size(); ++r) {
    b(fd.to[r]) = coef(static_cast<Eigen::Index>(r));
    for (size_t c = 0; c < fd.to.size(); ++c)
      vv(fd.to[r], fd.to[c]) = v(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c));
  }
  post_coefficients(session, d, b, vv, iv.constant);
}

// The coefficient table without Stata's "(Std. err. adjusted for # clusters)" line,
// which ivreg2 suppresses by clearing e(clustvar) around `ereturn display`.
void table_without_cluster_note(Session& session, double level) {
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

// Centred (weighted mean) sum of squares of √w-weighted x.
double centred_ss(const IvDesign& iv, const Eigen::VectorXd& x) {
  const Eigen::VectorXd one =
      iv.sqrt_w.size() ? iv.sqrt_w : Eigen::VectorXd(Eigen::VectorXd::Ones(x.size()));
  return (x - x.dot(one) / one.squaredNorm() * one).squaredNorm();
}

}  // namespace

std::vector<std::string> ivreg2_store_first_stages(Session& session, const IvDesign& iv,
                                                   const Ivreg2FirstSpec& spec) {
  const FirstDesign fd = first_design(iv, true);
  const double n = static_cast<double>(iv.d.n());
  const double l = static_cast<double>(fd.z.cols());
  const double dm = spec.meat.dofminus, sdm = spec.meat.sdofminus;
  const double dof = n - l - dm - sdm;
  const auto k1 = static_cast<double>(iv.data.x1.cols());
  // e(vce) and the "Statistics robust to ..." line as ivreg2 posts them.
  std::string vce = spec.robust ? "robust" : "";
  if (!spec.clustvars.empty()) vce += spec.clustvars.size() == 2 ? " two-way cluster" : " cluster";
  if (!spec.kernel.empty())
    vce += fmt::format(" {} {} bw={}", spec.robust ? "hac" : "ac", spec.kernel,
                       format_default(spec.meat.bandwidth));
  vce = util::lower(util::trim(vce));
  std::string robust_to = spec.robust ? "heteroskedasticity" : "";
  std::string clustering;
  if (!spec.clustvars.empty())
    clustering = "clustering on " + util::join(spec.clustvars, " and ");
  else if (!spec.kernel.empty())
    clustering = "autocorrelation";
  if (!robust_to.empty() && !clustering.empty()) robust_to += " and ";
  robust_to += clustering;

  std::vector<std::string> stored;
  for (Eigen::Index j = 0; j < iv.data.x1.cols(); ++j) {
    const std::string& x = iv.endog_names[static_cast<size_t>(j)];
    const kernel::IvFit fit = fit_first(fd.z, iv.data.x1.col(j), spec.meat);
    session.e.clear();
    post_first_coefficients(session, iv, fd, fit.coef, fit.v);
    post_sample(session, iv.d);
    auto& e = session.e;
    e.set_macro("depvar", x);
    e.set_scalar("N", n);
    e.set_scalar("df_r", dof);
    e.set_scalar("df_m", l - (iv.constant ? 1 : 0) + sdm - (spec.partialled_constant ? 1 : 0));
    e.set_scalar("rmse", std::sqrt(fit.rss / dof));
    e.set_scalar("rss", fit.rss);
    e.set_scalar("k_eq", k1);
    if (!vce.empty()) e.set_macro("vce", vce);
    if (spec.robust) e.set_macro("vcetype", "Robust");
    if (spec.clustvars.size() == 1) {
      e.set_macro("clustvar", spec.clustvars[0]);
      e.set_scalar("N_clust", spec.meat.n_clusters[0]);
    } else if (spec.clustvars.size() == 2) {
      e.set_macro("clustvar", util::join(spec.clustvars, " "));
      e.set_macro("clustvar1", spec.clustvars[0]);
      e.set_macro("clustvar2", spec.clustvars[1]);
      e.set_scalar("N_clust", kernel::iv_min_clusters(spec.meat));
      e.set_scalar("N_clust1", spec.meat.n_clusters[0]);
      e.set_scalar("N_clust2", spec.meat.n_clusters[1]);
    }
    if (!spec.kernel.empty()) {
      e.set_macro("kernel", spec.kernel);
      e.set_scalar("bw", spec.meat.bandwidth);
      e.set_macro("tvar", spec.tvar);
      if (!spec.ivar.empty()) e.set_macro("ivar", spec.ivar);
    }
    e.set_macro("hacsubtitleV", robust_to.empty()
                                    ? "Statistics consistent for homoskedasticity only"
                                    : "Statistics robust to " + robust_to);
    if (spec.dkraay)
      e.set_macro("hacsubtitleV2",
                  "and kernel-robust to common correlated disturbances (Driscoll-Kraay)");
    e.set_macro("model", "first");
    e.set_macro("cmd", "ivreg2");
    e.set_macro("properties", "b V");
    std::string name = spec.prefix + x;
    for (char& c : name)
      if (c == '.') c = '_';
    try {
      estore::store(session, name, "First-stage regression: " + x, false);
      stored.push_back(name);
    } catch (const XtdoError&) {
      session.console.println();
      session.console.println("Unable to store first-stage regression of " + x + ".");
      session.console.println();
    }
  }
  session.e.clear();
  return stored;
}

void display_ivreg2_first_eq(Session& session, double level) {
  Console& out = session.console;
  out.println();
  out.println("First-stage regression of " + em(session, "depvar") + ":");
  out.println();
  out.println(em(session, "hacsubtitleV"));
  if (!em(session, "hacsubtitleV2").empty()) out.println(em(session, "hacsubtitleV2"));
  out.println(at_col("Number of obs = ", 31) + format_number(es(session, "N"), "%8.0f"));
  if (!em(session, "kernel").empty()) {
    out.println("  kernel=" + em(session, "kernel") +
                "; bandwidth=" + format_default(es(session, "bw")));
    out.println("  time variable (t):  " + em(session, "tvar"));
    if (!em(session, "ivar").empty()) out.println("  group variable (i): " + em(session, "ivar"));
  }
  const bool two_way = !em(session, "clustvar2").empty();
  const std::string cv = two_way ? em(session, "clustvar1") : em(session, "clustvar");
  if (!cv.empty()) {
    out.println(at_col("Number of clusters (" + cv + ") = ", 33) +
                format_number(es(session, two_way ? "N_clust1" : "N_clust"), "%6.0f"));
  }
  if (two_way) {
    out.println(at_col("Number of clusters (" + em(session, "clustvar2") + ") = ", 33) +
                format_number(es(session, "N_clust2"), "%6.0f"));
  }
  table_without_cluster_note(session, level);
}

void display_ivreg2_first_stages(Session& session, double level) {
  auto it = session.e.matrices.find("first");
  const std::vector<std::string> eqs = grammar::split_words(em(session, "firsteqs"));
  Console& out = session.console;
  out.println();
  out.println("First-stage regressions");
  out.println("-----------------------");
  out.println();
  if (it == session.e.matrices.end()) return;
  const Matrix first = it->second;  // a copy: the active e() changes below
  if (eqs.size() < static_cast<size_t>(first.cols)) {
    out.println("Unable to display all first-stage regressions.");
    out.println();
  }
  for (const std::string& name : eqs) {
    if (!estore::find(session, name)) {
      out.println();
      out.println("Unable to list stored estimation " + name + ".");
      out.println();
      continue;
    }
    std::string x;
    estore::with_active(session, name, [&] {
      x = em(session, "depvar");
      display_ivreg2_first_eq(session, level);
    });
    const int col = first.col_index(x);
    if (col < 0) continue;
    auto cell = [&](const char* row) {
      const int r = first.row_index(row);
      return r < 0 ? missing::kSysmiss : first.at(r, col);
    };
    out.println("F test of excluded instruments:");
    out.println("  F(" + format_number(cell("df"), "%3.0f") + "," +
                format_number(cell("df_r"), "%6.0f") + ") = " + format_number(cell("F"), "%8.2f"));
    out.println("  Prob > F      = " + format_number(cell("pvalue"), "%8.4f"));
    out.println("Sanderson-Windmeijer multivariate F test of excluded instruments:");
    out.println("  F(" + format_number(cell("SWFdf1"), "%3.0f") + "," +
                format_number(cell("SWFdf2"), "%6.0f") + ") = " +
                format_number(cell("SWF"), "%8.2f"));
    out.println("  Prob > F      = " + format_number(cell("SWFp"), "%8.4f"));
    out.println();
  }
}

void ivregress_first_stages(Session& session, const IvDesign& iv, const kernel::IvMeat& meat,
                            const std::string& clustvar, double level) {
  const FirstDesign fd = first_design(iv, false);
  const double n = static_cast<double>(iv.d.n());
  const double l = static_cast<double>(fd.z.cols());
  const bool cluster = meat.kind == kernel::IvMeat::Kind::kCluster;
  const double m = cluster ? kernel::iv_min_clusters(meat) : 0;
  const double df_r = cluster ? m - 1 : n - l;
  const Eigen::Index ks = fd.z.cols() - (iv.constant ? 1 : 0);
  Console& out = session.console;
  out.println();
  out.println("First-stage regressions");
  out.println("-----------------------");
  ResultSet main = std::move(session.e);
  try {
    for (Eigen::Index j = 0; j < iv.data.x1.cols(); ++j) {
      const Eigen::VectorXd x = iv.data.x1.col(j);
      const kernel::IvFit fit = fit_first(fd.z, x, meat);
      if (!fit.ok)
        throw XtdoError(506, "estimates nonsingular: the cross-product matrix is singular");
      // Model F: Wald test of the slopes / their number, on (K − 1, N − L) or
      // (K − 1, M − 1) degrees of freedom, as regress.
      double f = missing::kSysmiss;
      if (ks > 0) {
        const Eigen::LDLT<Eigen::MatrixXd> vf(fit.v.topLeftCorner(ks, ks));
        f = fit.coef.head(ks).dot(vf.solve(fit.coef.head(ks))) / static_cast<double>(ks);
      }
      const double tss = iv.constant ? centred_ss(iv, x) : x.squaredNorm();
      const double r2 = 1 - fit.rss / tss;
      session.e = ResultSet();
      post_first_coefficients(session, iv, fd, fit.coef, fit.v);
      auto& e = session.e;
      e.set_macro("depvar", iv.endog_names[static_cast<size_t>(j)]);
      e.set_scalar("N", n);
      e.set_scalar("df_m", static_cast<double>(ks));
      e.set_scalar("df_r", df_r);
      e.set_scalar("F", f);
      e.set_scalar("r2", r2);
      e.set_scalar("r2_a", 1 - (1 - r2) * (n - (iv.constant ? 1 : 0)) / (n - l));
      e.set_scalar("rmse", std::sqrt(fit.rss / (n - l)));
      if (cluster) {
        e.set_scalar("N_clust", m);
        e.set_macro("clustvar", clustvar);
        e.set_macro("vcetype", "Robust");
      } else if (meat.kind == kernel::IvMeat::Kind::kRobust) {
        e.set_macro("vcetype", "Robust");
      }
      // --- Display (from the e() just built)
      out.println();
      out.println(display::header_line("", "Number of obs", display::count_text(es(session, "N"))));
      out.println(display::header_line(
          "", fmt::format("F({}, {})", format_default(es(session, "df_m")), format_default(df_r)),
          display::stat_text(es(session, "F"))));
      out.println(display::header_line(
          "", "Prob > F",
          display::prob_text(display::Ftail(session, es(session, "df_m"), df_r, es(session, "F")))));
      out.println(display::header_line("", "R-squared", display::prob_text(es(session, "r2"))));
      out.println(
          display::header_line("", "Adj R-squared", display::prob_text(es(session, "r2_a"))));
      out.println(display::header_line("", "Root MSE",
                                       format_number(es(session, "rmse"), "%10.4f")));
      out.println();
      display::CoefTableOptions opt;
      opt.level = level;
      display::coef_table(session, opt);
      out.println();
    }
  } catch (...) {
    session.e = std::move(main);
    throw;
  }
  session.e = std::move(main);
}

}  // namespace xtdo::est
