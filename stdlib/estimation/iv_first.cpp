// First-stage regressions of ivreg2 and ivregress (see iv_first.hpp).
#include "iv_first.hpp"

#include "iv_display.hpp"

#include <fmt/format.h>

#include <cmath>

#include "../display/coef_table.hpp"
#include "../display/distributions.hpp"
#include "../postestimation/estimates_store.hpp"
#include "design.hpp"
#include "stock_yogo.hpp"
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
// With `with_data`, fd.z holds the instruments from iv.data (which must be
// materialised); otherwise only the coefficient mapping is built.
FirstDesign first_design(const IvDesign& iv, bool excluded_first, bool with_data = true) {
  FirstDesign fd;
  const kernel::IvData& d = iv.data;
  const auto k2 = static_cast<Eigen::Index>(iv.exog_cols.size());
  const auto l1 = static_cast<Eigen::Index>(iv.inst_cols.size());
  if (with_data) fd.z.resize(d.y.size(), l1 + k2 + (iv.constant ? 1 : 0));
  const auto p = static_cast<Eigen::Index>(iv.d.x.cols());
  std::vector<size_t> exog_terms, inst_terms;
  for (size_t t = iv.n_endog; t < iv.n_endog + iv.n_exog; ++t)
    if (iv.unposted.empty() || !iv.unposted[t]) exog_terms.push_back(t);
  for (size_t t = iv.n_endog + iv.n_exog; t < iv.n_endog + iv.n_exog + iv.n_inst; ++t)
    if (iv.unposted.empty() || !iv.unposted[t]) inst_terms.push_back(t);
  auto add_inst = [&](Eigen::Index at) {
    if (with_data) fd.z.middleCols(at, l1) = d.z1;
    for (int c : iv.inst_cols) fd.to.push_back(c);
    fd.terms.insert(fd.terms.end(), inst_terms.begin(), inst_terms.end());
  };
  auto add_exog = [&](Eigen::Index at) {
    if (with_data) fd.z.middleCols(at, k2) = d.x2.leftCols(k2);
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
    if (with_data) fd.z.rightCols(1) = d.x2.rightCols(1);
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


// Centred (weighted mean) sum of squares of √w-weighted x.
double centred_ss(const IvDesign& iv, const Eigen::VectorXd& x) {
  const Eigen::VectorXd one =
      iv.sqrt_w.size() ? iv.sqrt_w : Eigen::VectorXd(Eigen::VectorXd::Ones(x.size()));
  return (x - x.dot(one) / one.squaredNorm() * one).squaredNorm();
}

// Disp_cdsy of ivreg2: the Stock-Yogo critical values of `model` for L1 excluded
// instruments and `k1` endogenous regressors, labels at column 36 and values at 67;
// false when the table has none.
bool stock_yogo_block(Console& out, const std::string& model, int l1, int k1) {
  const std::vector<SyRow> rows = stock_yogo_rows(model == "gmm2s" ? "iv" : model);
  bool any = false;
  for (const auto& r : rows) {
    const double v = stock_yogo(r.table, l1, k1);
    if (std::isnan(v)) continue;
    out.println(at_col(at_col("", 36) + r.label, 67) + format_number(v, "%6.2f"));
    any = true;
  }
  if (any && model == "fuller") out.println("NB: Critical values based on Fuller parameter=1");
  return any;
}

// "label   Chi-sq(df)=stat   P-val=p" lines of the summary.
std::string test_line(const std::string& label, const std::string& dist, double stat,
                      double p, const char* stat_fmt, size_t stat_col) {
  std::string line = at_col(label, 36) + dist + "=";
  line = (stat_col ? at_col(line, stat_col) : line) + format_number(stat, stat_fmt);
  return at_col(line, 61) + "P-val=" + format_number(p, "%6.4f");
}

}  // namespace

void display_ivreg2_first_summary(Session& session) {
  auto it = session.e.matrices.find("first");
  if (it == session.e.matrices.end() || it->second.cols == 0) return;
  const Matrix& m = it->second;
  auto cell = [&](const char* row, int col) {
    const int r = m.row_index(row);
    return r < 0 ? missing::kSysmiss : m.at(r, col);
  };
  Console& out = session.console;
  out.println();
  out.println();
  out.println("Summary results for first-stage regressions");
  out.println("-------------------------------------------");
  out.println();
  const double df = cell("df", 0), df_r = cell("df_r", 0);
  const double swdf1 = cell("SWFdf1", 0), swdf2 = cell("SWFdf2", 0);
  out.println(at_col("", 44) + "(Underid)            (Weak id)");
  out.println("Variable     | F(" + format_number(df, "%3.0f") + "," +
              format_number(df_r, "%6.0f") + ")  P-val | SW Chi-sq(" +
              format_number(swdf1, "%3.0f") + ") P-val | SW F(" + format_number(swdf1, "%3.0f") +
              "," + format_number(swdf2, "%6.0f") + ")");
  for (int j = 0; j < m.cols; ++j) {
    const std::string& vn = m.colnames[static_cast<size_t>(j)];
    out.println(fmt::format("{:<13}|{}{} |{}{} |{}", vn.substr(0, 12),
                            format_number(cell("F", j), "%11.2f"),
                            format_number(cell("pvalue", j), "%10.4f"),
                            format_number(cell("SWchi2", j), "%12.2f"),
                            format_number(cell("SWchi2p", j), "%9.4f"),
                            format_number(cell("SWF", j), "%12.2f")));
  }
  out.println();

  const bool robust = em(session, "vcetype") == "Robust";
  const bool cluster = !em(session, "clustvar").empty() || em(session, "vce") == "dkraay";
  const bool kernel = !em(session, "kernel").empty();
  std::string rtype;
  if (robust || cluster) {
    rtype = cluster  ? "cluster-robust"
            : kernel ? "heteroskedasticity and autocorrelation-robust"
                     : "heteroskedasticity-robust";
  } else if (kernel) {
    rtype = "autocorrelation-robust";
  }
  if (!rtype.empty()) {
    out.println("NB: first-stage test statistics " + rtype);
    out.println();
  }
  const std::string model = em(session, "model");
  const int k1 = m.cols;
  const int l1 = static_cast<int>(df);
  out.println("Stock-Yogo weak ID F test critical values for single endogenous regressor:");
  if (stock_yogo_block(out, model, l1, 1)) {
    out.println("Source: Stock-Yogo (2005).  Reproduced by permission.");
    out.println(model == "iv" && !robust && !kernel
                    ? "NB: Critical values are for Sanderson-Windmeijer F statistic."
                    : "NB: Critical values are for i.i.d. errors only.");
    out.println();
  } else {
    out.println(at_col("", 64) + "<not available>");
  }

  out.println("Underidentification test");
  out.println("Ho: matrix of reduced form coefficients has rank=K1-1 (underidentified)");
  out.println("Ha: matrix has rank=K1 (identified)");
  {
    std::string line = (robust || kernel) ? "Kleibergen-Paap rk LM statistic"
                                          : "Anderson canon. corr. LM statistic";
    line = at_col(line, 42) + "Chi-sq(" + format_default(es(session, "iddf")) +
           ")=" + format_number(es(session, "idstat"), "%-7.2f");
    out.println(at_col(line, 61) + "P-val=" + format_number(es(session, "idp"), "%6.4f"));
  }
  out.println();
  out.println("Weak identification test");
  out.println("Ho: equation is weakly identified");
  out.println(at_col("Cragg-Donald Wald F statistic", 65) +
              format_number(es(session, "cdf"), "%8.2f"));
  if (robust || kernel)
    out.println(at_col("Kleibergen-Paap Wald rk F statistic", 65) +
                format_number(es(session, "widstat"), "%8.2f"));
  out.println();
  out.println(fmt::format("Stock-Yogo weak ID test critical values for K1={} and L1={}:", k1, l1));
  if (stock_yogo_block(out, model, l1, k1)) {
    out.println("Source: Stock-Yogo (2005).  Reproduced by permission.");
    if (robust || kernel)
      out.println("NB: Critical values are for Cragg-Donald F statistic and i.i.d. errors.");
  } else {
    out.println(at_col("", 64) + "<not available>");
  }
  out.println();

  out.println("Weak-instrument-robust inference");
  out.println("Tests of joint significance of endogenous regressors B1 in main equation");
  out.println("Ho: B1=0 and orthogonality conditions are valid");
  const std::string ardf = format_default(es(session, "ardf"));
  out.println(test_line("Anderson-Rubin Wald test",
                        "F(" + ardf + "," + format_default(es(session, "ardf_r")) + ")",
                        es(session, "arf"), es(session, "arfp"), "%7.2f", 49));
  out.println(test_line("Anderson-Rubin Wald test", "Chi-sq(" + ardf + ")",
                        es(session, "archi2"), es(session, "archi2p"), "%7.2f", 49));
  out.println(test_line("Stock-Wright LM S statistic",
                        "Chi-sq(" + format_default(es(session, "sstatdf")) + ")",
                        es(session, "sstat"), es(session, "sstatp"), "%7.2f", 49));
  out.println();
  if (!rtype.empty()) {
    out.println("NB: Underidentification, weak identification and weak-identification-robust");
    out.println("    test statistics " + rtype);
    out.println();
  }
  if (em(session, "clustvar").find(' ') != std::string::npos) {
    out.println("Number of clusters (1)         N_clust1 = " +
                format_number(es(session, "N_clust1"), "%10.0f"));
    out.println("Number of clusters (2)         N_clust2 = " +
                format_number(es(session, "N_clust2"), "%10.0f"));
  } else if (cluster) {
    out.println("Number of clusters             N_clust  = " +
                format_number(es(session, "N_clust"), "%10.0f"));
  }
  out.println("Number of observations               N  = " +
              format_number(es(session, "N"), "%10.0f"));
  out.println("Number of regressors                 K  = " +
              format_number(es(session, "rankxx"), "%10.0f"));
  out.println("Number of endogenous regressors      K1 = " + format_number(k1, "%10.0f"));
  out.println("Number of instruments                L  = " +
              format_number(es(session, "rankzz"), "%10.0f"));
  out.println("Number of excluded instruments       L1 = " + format_number(l1, "%10.0f"));
  if (!em(session, "partial").empty() || session.e.scalars.count("partial_ct")) {
    out.println("Number of partialled-out regressors/IVs = " +
                format_number(es(session, "partial_ct"), "%10.0f"));
    out.println("NB: K & L do not included partialled-out variables");
  }
}

void post_ivreg2_first_stats(Session& session, const IvDesign& iv, const IvNumbers& numbers,
                             const kernel::IvMeat& meat) {
  const kernel::IvFirstStage fs = numbers.first_stage();
  const double n = static_cast<double>(iv.d.n());
  const int k1 = static_cast<int>(iv.endog_cols.size()), l1 = static_cast<int>(iv.inst_cols.size());
  const double l = static_cast<double>(l1) + static_cast<double>(iv.exog_cols.size()) +
                   (iv.constant ? 1.0 : 0.0);
  const double dm = meat.dofminus, sdm = meat.sdofminus;
  const bool cluster = meat.kind == kernel::IvMeat::Kind::kCluster;
  const double m = cluster ? kernel::iv_min_clusters(meat) : 0;
  // An F statistic back on its large-sample (chi2) scale: ivreg2 forms
  // F = W/(N − d)·(N − L − d − s)/df, or with clusters W/(N − 1)·(N − L − s)·(M − 1)/M/df.
  const double to_chi2 =
      cluster ? (n - 1) / (n - l - sdm) * m / (m - 1) : (n - dm) / (n - l - dm - sdm);
  Matrix mat(21, k1);
  mat.rownames = {"rmse",   "sheapr2", "pr2",     "F",    "df",     "df_r",   "pvalue",
                  "SWF",    "SWFdf1",  "SWFdf2",  "SWFp", "SWchi2", "SWchi2p", "SWr2",
                  "APF",    "APFdf1",  "APFdf2",  "APFp", "APchi2", "APchi2p", "APr2"};
  mat.colnames = iv.endog_names;
  const double df1 = l1 - k1 + 1;
  for (int j = 0; j < k1; ++j) {
    const double df_r = fs.f_p_df_r(j);
    const double swchi2 = fs.sw_f(j) * df1 * to_chi2, apchi2 = fs.ap_f(j) * df1 * to_chi2;
    const double col[21] = {fs.rmse(j),
                            fs.shea_r2(j),
                            fs.partial_r2(j),
                            fs.f(j),
                            static_cast<double>(l1),
                            df_r,
                            display::Ftail(session, l1, df_r, fs.f(j)),
                            fs.sw_f(j),
                            df1,
                            df_r,
                            display::Ftail(session, df1, df_r, fs.sw_f(j)),
                            swchi2,
                            display::chi2tail(session, df1, swchi2),
                            fs.sw_r2(j),
                            fs.ap_f(j),
                            df1,
                            df_r,
                            display::Ftail(session, df1, df_r, fs.ap_f(j)),
                            apchi2,
                            display::chi2tail(session, df1, apchi2),
                            fs.ap_r2(j)};
    for (int r = 0; r < 21; ++r) mat.at(r, j) = col[r];
  }
  session.e.set_matrix("first", std::move(mat));

  // Stock-Wright LM S statistic (see IvNumbers::stock_wright).
  const double s = numbers.stock_wright();
  session.e.set_scalar("sstat", s);
  session.e.set_scalar("sstatdf", l1);
  session.e.set_scalar("sstatp", display::chi2tail(session, l1, s));
}

std::vector<std::string> ivreg2_store_first_stages(Session& session, const IvDesign& iv,
                                                   const IvNumbers& numbers,
                                                   const Ivreg2FirstSpec& spec) {
  const FirstDesign fd = first_design(iv, true, false);
  const double n = static_cast<double>(iv.d.n());
  const double l = static_cast<double>(fd.to.size());
  const double dm = spec.meat.dofminus, sdm = spec.meat.sdofminus;
  const double dof = n - l - dm - sdm;
  const auto k1 = static_cast<double>(iv.endog_cols.size());
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
  // Equation j of the endogenous regressors, or the reduced form (j = −1).
  const long first_j = spec.reduced_form ? -1 : 0;
  const long last_j = spec.reduced_form ? 0 : static_cast<long>(iv.endog_cols.size());
  for (long j = first_j; j < last_j; ++j) {
    const std::string& x = j < 0 ? iv.d.depvar : iv.endog_names[static_cast<size_t>(j)];
    const kernel::IvFit fit = numbers.first_stage_fit(static_cast<int>(j));
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
    e.set_macro("model", j < 0 ? "rf" : "first");
    e.set_macro("cmd", "ivreg2");
    e.set_macro("properties", "b V");
    std::string name = spec.prefix + x;
    for (char& c : name)
      if (c == '.') c = '_';
    try {
      estore::store(session, name,
                    (j < 0 ? "Reduced-form regression: " : "First-stage regression: ") + x, false);
      stored.push_back(name);
    } catch (const XtdoError&) {
      session.console.println();
      session.console.println((j < 0 ? "Unable to store reduced form regression of "
                                     : "Unable to store first-stage regression of ") +
                              x + ".");
      session.console.println();
    }
  }
  session.e.clear();
  return stored;
}

void display_ivreg2_first_eq(Session& session, double level) {
  Console& out = session.console;
  out.println();
  if (em(session, "model") == "rf") {
    const std::string title = "Reduced-form regression: " + em(session, "depvar");
    out.println(title);
    out.println(std::string(title.size(), '-'));
  } else {
    out.println("First-stage regression of " + em(session, "depvar") + ":");
  }
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
  ivreg2_coef_table(session, level);
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
