// pca: principal components of the correlation (or covariance) matrix, with
// Stata's eigenvalue and eigenvector tables and e() names ([MV] pca), and the
// index(newvar) option: the variance-contribution-weighted composite of the
// retained components (docs/commands/pca.md).
#include <fmt/format.h>

#include <cmath>

#include "../data/data_common.hpp"
#include "../data/inspect_util.hpp"
#include "indices_common.hpp"
#include "pca_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/kernel/pca.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace indices {

std::vector<std::string> pca_variables(const Session& session) {
  auto cmd = session.e.macros.find("cmd");
  if (session.e.matrices.count("L") == 0 || cmd == session.e.macros.end() || cmd->second != "pca")
    throw XtdoError(301, "last estimates not found (pca required)");
  return session.e.matrices.at("L").rownames;
}

Eigen::MatrixXd pca_scores_from_e(const Session& session, const std::vector<int64_t>& rows, int n_comp) {
  const std::vector<std::string> vars = pca_variables(session);
  const Matrix& L = session.e.matrices.at("L");
  const Matrix& means = session.e.matrices.at("means");
  const Matrix& sds = session.e.matrices.at("sds");
  const bool covariance = session.e.macros.at("Ctype") == "covariance";
  Eigen::MatrixXd scores = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows.size()), n_comp);
  for (size_t j = 0; j < vars.size(); ++j) {
    const Column* col = session.data.get(vars[j]);
    if (!col) throw XtdoError(111, fmt::format("variable {} not found", vars[j]));
    const double mean = means.at(0, static_cast<int>(j));
    const double scale = covariance ? 1.0 : sds.at(0, static_cast<int>(j));
    for (size_t i = 0; i < rows.size(); ++i) {
      const double x = col->num[static_cast<size_t>(rows[i])];
      const double z = missing::is_missing(x) ? std::nan("") : (x - mean) / scale;
      for (int k = 0; k < n_comp; ++k) scores(static_cast<Eigen::Index>(i), k) += L.at(static_cast<int>(j), k) * z;
    }
  }
  return scores;
}

void check_correlation_input(const Eigen::MatrixXd& x, const std::vector<std::string>& vars) {
  if (x.rows() < 2) throw XtdoError(2001, "insufficient observations");
  for (int col : kernel::constant_columns(x))
    throw XtdoError(459, fmt::format("{} is constant in the sample; its correlations are undefined: drop it",
                                     vars[static_cast<size_t>(col)]));
}

void print_kmo_table(Session& session, const std::vector<std::string>& vars,
                     const Eigen::VectorXd& per_variable, double overall) {
  Console& out = session.console;
  out.println();
  out.println("Kaiser-Meyer-Olkin measure of sampling adequacy");
  out.println();
  out.println("    -----------------------");
  out.println("        Variable |     kmo ");
  out.println("    -------------+---------");
  for (size_t j = 0; j < vars.size(); ++j)
    out.println(fmt::format("    {} |  {} ", row_label(session.data, vars[j]),
                            format_number(per_variable(static_cast<Eigen::Index>(j)), "%6.4f")));
  out.println("    -------------+---------");
  out.println(fmt::format("    {} |  {} ", inspect::pad_left("Overall", 12), format_number(overall, "%6.4f")));
  out.println("    -----------------------");
}

void print_component_table(Session& session, const std::vector<std::string>& vars,
                           const std::vector<std::string>& comps, const Eigen::MatrixXd& values,
                           const std::string& fmt) {
  Console& out = session.console;
  const std::string rule = "    " + std::string(14 + 10 * comps.size(), '-');
  out.println();
  out.println(rule);
  std::string head = "        Variable |";
  for (const auto& c : comps) head += inspect::pad_left(c, 9) + " ";
  out.println(head);
  out.println("    -------------+" + std::string(10 * comps.size(), '-'));
  for (size_t j = 0; j < vars.size(); ++j) {
    std::string line = "    " + row_label(session.data, vars[j]) + " |";
    for (size_t k = 0; k < comps.size(); ++k)
      line += inspect::pad_left(util::trim(format_number(values(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k)), fmt)), 9) + " ";
    out.println(line);
  }
  out.println(rule);
}

}  // namespace indices

namespace {

std::string comp_name(int k) { return fmt::format("Comp{}", k + 1); }

/// Stata's pca header line: the left text in 49 columns, a 17-column label, "= ",
/// the value in 10 columns.
std::string pca_header(const std::string& left, const std::string& label, const std::string& value) {
  return inspect::pad_right(left, 49) + inspect::pad_right(label, 17) + "= " + inspect::pad_left(value, 10);
}

double escalar(const Session& session, const std::string& name) {
  auto it = session.e.scalars.find(name);
  return it == session.e.scalars.end() ? missing::kSysmiss : it->second;
}

/// The eigenvalue and eigenvector tables, from e() only (replay prints the same).
void display_pca(Session& session) {
  Console& out = session.console;
  const ResultSet& e = session.e;
  const Matrix& ev = e.matrices.at("Ev");
  const Matrix& L = e.matrices.at("L");
  const Matrix& psi = e.matrices.at("Psi");
  const int p = ev.cols, f = L.cols;
  const double trace = escalar(session, "trace");
  out.println();
  out.println(pca_header("Principal components/" + e.macros.at("Ctype"), "Number of obs",
                         inspect::commas(escalar(session, "N"))));
  out.println(pca_header("", "Number of comp.", inspect::commas(f)));
  out.println(pca_header("", "Trace", util::trim(format_number(trace, "%9.0g"))));
  out.println(pca_header("    Rotation: (unrotated = principal)", "Rho",
                         format_number(escalar(session, "rho"), "%6.4f")));
  out.println();
  const std::string rule = "    " + std::string(74, '-');
  out.println(rule);
  out.println("       Component |   Eigenvalue   Difference         Proportion   Cumulative");
  out.println("    -------------+" + std::string(60, '-'));
  double cumulative = 0;
  for (int k = 0; k < p; ++k) {
    const double lambda = ev.at(0, k);
    cumulative += lambda;
    const std::string diff = k + 1 < p ? util::trim(format_number(lambda - ev.at(0, k + 1), "%9.0g")) : ".";
    out.println(fmt::format("    {} |{}{}{}{}", inspect::pad_left(comp_name(k), 12),
                            inspect::pad_left(util::trim(format_number(lambda, "%9.0g")), 13),
                            inspect::pad_left(diff, 13),
                            inspect::pad_left(format_number(lambda / trace, "%6.4f"), 19),
                            inspect::pad_left(format_number(cumulative / trace, "%6.4f"), 13)));
  }
  out.println(rule);
  if (f == 0) return;
  out.println();
  out.println("Principal components (eigenvectors) ");
  out.println();
  const std::string wide = "    " + std::string(static_cast<size_t>(28 + 10 * f), '-');
  out.println(wide);
  std::string head = "        Variable |";
  for (int k = 0; k < f; ++k) head += inspect::pad_left(comp_name(k), 9) + " ";
  out.println(head + "| Unexplained ");
  out.println("    -------------+" + std::string(static_cast<size_t>(10 * f), '-') + "+-------------");
  for (int j = 0; j < L.rows; ++j) {
    std::string line = "    " + indices::row_label(session.data, L.rownames[static_cast<size_t>(j)]) + " |";
    for (int k = 0; k < f; ++k) line += inspect::pad_left(format_number(L.at(j, k), "%8.4f"), 9) + " ";
    line += '|';
    line += inspect::pad_left(util::trim(format_number(psi.at(0, j), "%9.0g")), 12);
    line += ' ';
    out.println(line);
  }
  out.println(wide);
}

}  // namespace

XTDO_COMMAND(pca, "pca", 0,
             "[varlist(numeric default=none)] [if] [in] [, COMPonents(integer 0) FActors(integer 0) "
             "MINEigen(real 1e-5) COVariance CORrelation INDEX(name) REPLACE]") {
  // --- Replay: `pca` alone prints the last pca results again.
  if (args.vars.empty()) {
    if (args.if_exp || args.in_range || !args.options.empty())
      throw XtdoError(100, "varlist required");
    indices::pca_variables(session);
    display_pca(session);
    return;
  }

  // --- Bind
  Dataset& data = session.data;
  const std::vector<std::string> vars = args.var_names();
  const bool covariance = args.has("covariance");
  if (covariance && args.has("correlation"))
    throw XtdoError(198, "options correlation and covariance may not be combined");
  int max_comp = static_cast<int>(args.number("components"));
  if (args.has("factors")) max_comp = static_cast<int>(args.number("factors"));
  if (max_comp < 0) throw XtdoError(198, "components() must be positive", args.option_pos("components"));
  const double min_eigen = args.number("mineigen");
  std::string index_var;
  if (auto idx = args.get("index")) {
    index_var = util::trim(*idx);
    indices::check_new_variable(data, index_var, args.has("replace"), args.option_pos("index"));
  }

  // --- Sample
  std::vector<uint8_t> sample = args.sample(session);
  const std::vector<int64_t> rows = indices::sample_rows(sample);
  indices::require_observations(rows.size());
  const Eigen::Index p = static_cast<Eigen::Index>(vars.size());
  if (static_cast<Eigen::Index>(rows.size()) <= p)
    throw XtdoError(2001, fmt::format("insufficient observations: pca of {} variables needs more than {} "
                                      "observations, {} in the sample",
                                      p, p, rows.size()));
  const Eigen::MatrixXd x = indices::sample_matrix(data, vars, rows);
  if (!covariance) indices::check_correlation_input(x, vars);

  // --- Estimate
  kernel::PcaOptions options;
  options.covariance = covariance;
  const kernel::PcaResult res = kernel::pca(x, options);
  const Eigen::VectorXd& lambda = res.eigen.values;
  // Retained: at most components(), and only eigenvalues above mineigen() ([MV] pca).
  int f = 0;
  while (f < p && lambda(f) > min_eigen && (max_comp == 0 || f < max_comp)) ++f;
  const double trace = res.c.trace();
  // Unexplained variance of each variable: diag(C − L Λ L') over the retained components.
  Eigen::VectorXd psi = res.c.diagonal();
  for (int k = 0; k < f; ++k) psi -= lambda(k) * res.eigen.vectors.col(k).cwiseAbs2();
  for (Eigen::Index j = 0; j < p; ++j)
    if (std::fabs(psi(j)) < 1e-12 * std::max(1.0, trace)) psi(j) = 0;

  // --- Post
  ResultSet& e = session.e;
  e.clear();
  std::vector<std::string> comps, retained;
  for (Eigen::Index k = 0; k < p; ++k) comps.push_back(comp_name(static_cast<int>(k)));
  retained.assign(comps.begin(), comps.begin() + f);
  e.set_scalar("N", static_cast<double>(rows.size()));
  e.set_scalar("f", f);
  e.set_scalar("trace", trace);
  e.set_scalar("rho", lambda.head(f).sum() / trace);
  e.set_scalar("lndet", lambda.minCoeff() > 0 ? lambda.array().log().sum() : missing::kSysmiss);
  e.set_scalar("cond", lambda.minCoeff() > 0 ? std::sqrt(lambda(0) / lambda(p - 1)) : missing::kSysmiss);
  e.set_matrix("Ev", indices::named_matrix(lambda.transpose(), {"Eigenvalues"}, comps));
  e.set_matrix("L", indices::named_matrix(res.eigen.vectors.leftCols(f), vars, retained));
  e.set_matrix("Psi", indices::named_matrix(psi.transpose(), {"Unexplained"}, vars));
  e.set_matrix("C", indices::named_matrix(res.c, vars, vars));
  e.set_matrix("means", indices::named_matrix(res.moments.mean.transpose(), {"mean"}, vars));
  e.set_matrix("sds", indices::named_matrix(res.moments.sd.transpose(), {"sd"}, vars));
  e.set_macro("Ctype", covariance ? "covariance" : "correlation");
  e.set_macro("cmd", "pca");
  e.set_macro("cmdline", "pca " + (args.cmd ? util::trim(args.cmd->rest.text) : std::string()));
  e.set_macro("title", "Principal components");
  e.set_macro("predict", "pca_p");
  e.set_macro("estat_cmd", "pca_estat");
  e.set_macro("properties", "nob noV eigen");
  session.set_esample(sample);

  // The composite index: Σ_k (λ_k / Σ_{retained} λ) · score_k over the retained
  // components (the "variance contribution rate" weighting of the applied papers).
  int64_t n_missing = 0;
  if (!index_var.empty()) {
    if (f == 0) throw XtdoError(198, "index(): no components retained");
    const Eigen::VectorXd iw = lambda.head(f) / lambda.head(f).sum();
    const Eigen::MatrixXd scores = indices::pca_scores_from_e(session, rows, f);
    std::vector<double> values(data.nobs(), missing::kSysmiss);
    for (size_t i = 0; i < rows.size(); ++i)
      values[static_cast<size_t>(rows[i])] = scores.row(static_cast<Eigen::Index>(i)).dot(iw);
    n_missing = indices::store_variable(data, index_var, std::move(values));
    e.set_matrix("index_w", indices::named_matrix(iw.transpose(), {"weight"}, retained));
    e.set_macro("index", index_var);
  }

  // --- Display
  display_pca(session);
  if (!index_var.empty()) {
    std::string terms;
    for (int k = 0; k < f; ++k)
      terms += fmt::format("{}{}*{}", k ? " + " : "", util::trim(format_number(lambda(k) / lambda.head(f).sum(), "%9.4f")),
                           comp_name(k));
    session.console.println(fmt::format("(index {} = {})", index_var, terms));
    if (n_missing > 0) data::note_missing_generated(session, n_missing);
  }
}

}  // namespace xtdo
