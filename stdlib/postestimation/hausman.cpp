// hausman: Hausman (1978) specification test comparing a consistent and an
// efficient estimator from stored results ([R] hausman), Stata's layout.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "../estimation/design.hpp"
#include "estimates_store.hpp"
#include "estimates_table.hpp"
#include "xtdo/command.hpp"
#include "xtdo/distributions.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

/// One side of the comparison: its coefficients (first equation), variance and
/// the sigma used by sigmamore/sigmaless.
struct Side {
  std::string name;
  std::string cmd;
  std::vector<std::string> coefs;
  Eigen::VectorXd b;
  Eigen::MatrixXd v;
  double sigma = missing::kSysmiss;
};

Side load_side(Session& session, const std::string& name, bool force) {
  const ResultSet& e = est_table::results_of(session, name);
  Side s;
  s.name = name;
  auto macro = [&](const char* k) {
    auto it = e.macros.find(k);
    return it == e.macros.end() ? std::string() : it->second;
  };
  auto scalar = [&](const char* k) {
    auto it = e.scalars.find(k);
    return it == e.scalars.end() ? missing::kSysmiss : it->second;
  };
  s.cmd = macro("cmd2").empty() ? macro("cmd") : macro("cmd2");
  if (!force && (!macro("clustvar").empty() || macro("vce") == "robust" || macro("wtype") == "pweight"))
    throw XtdoError(198, "hausman cannot be used with vce(robust), vce(cluster cvar), or p-weighted data");
  auto bm = e.matrices.find("b");
  auto vm = e.matrices.find("V");
  if (bm == e.matrices.end()) throw XtdoError(198, fmt::format("e(b) not found in {}", name));
  if (vm == e.matrices.end()) throw XtdoError(198, fmt::format("e(V) not found in {}", name));
  // Stata's sigma for the rescaling options: xtreg fe/ml use e(sigma_e), other
  // xtreg models e(rmse); other commands e(sigma), else e(rmse).
  if (s.cmd == "xtreg") {
    const std::string model = macro("model");
    s.sigma = model == "fe" || model == "ml" ? scalar("sigma_e") : scalar("rmse");
  } else {
    s.sigma = scalar("sigma");
    if (missing::is_missing(s.sigma)) s.sigma = scalar("rmse");
  }
  const Matrix& b = bm->second;
  const Matrix& v = vm->second;
  const int k = b.cols;
  s.coefs = b.colnames;
  s.b.resize(k);
  s.v.resize(k, k);
  for (int j = 0; j < k; ++j) {
    s.b(j) = b.at(0, j);
    for (int l = 0; l < k; ++l) s.v(j, l) = v.at(j, l);
  }
  return s;
}

/// Keep the listed columns of a side (by position).
void select(Side& s, const std::vector<int>& keep) {
  Side out = s;
  const int k = static_cast<int>(keep.size());
  out.coefs.clear();
  out.b.resize(k);
  out.v.resize(k, k);
  for (int i = 0; i < k; ++i) {
    out.coefs.push_back(s.coefs[keep[i]]);
    out.b(i) = s.b(keep[i]);
    for (int j = 0; j < k; ++j) out.v(i, j) = s.v(keep[i], keep[j]);
  }
  s = std::move(out);
}

/// Drop coefficients with a zero variance (omitted terms, base levels), and
/// `_cons` unless `constant`.
void strike(Side& s, bool constant) {
  std::vector<int> keep;
  for (int j = 0; j < static_cast<int>(s.coefs.size()); ++j)
    if (s.v(j, j) != 0 && (constant || s.coefs[j] != "_cons")) keep.push_back(j);
  select(s, keep);
}

/// Hanging-indent paragraph (SMCL {p 0 8}) wrapped at 79 columns.
void paragraph(Console& out, const std::string& text) {
  std::vector<std::string> words = grammar::split_words(text);
  std::string line;
  bool first = true;
  for (const auto& w : words) {
    const size_t indent = first ? 0 : 8;
    if (!line.empty() && indent + line.size() + 1 + w.size() > 79) {
      out.println(std::string(indent, ' ') + line);
      line.clear();
      first = false;
    }
    line += (line.empty() ? "" : " ") + w;
  }
  if (!line.empty()) out.println(std::string(first ? 0 : 8, ' ') + line);
}

std::string centered(const std::string& text, int width) {
  const int extra = width - static_cast<int>(text.size());
  if (extra <= 0) return text;
  return std::string(extra / 2, ' ') + text + std::string(extra - extra / 2, ' ');
}

}  // namespace

XTDO_COMMAND(hausman, "hausman", 0,
             "anything [, Alleqs Constant SIGmamore SIGMALess FORCE df(integer 0) "
             "TCONsistent(string) TEFFicient(string) SKipeqs(string) EQuations(string)]") {
  // --- Bind
  if (args.has("skipeqs") || args.has("equations"))
    throw XtdoError(198, "hausman options skipeqs() and equations() are not supported",
                    args.option_pos(args.has("skipeqs") ? "skipeqs" : "equations"));
  if (args.has("sigmamore") && args.has("sigmaless"))
    throw XtdoError(198, "options sigmamore and sigmaless may not be combined");
  std::vector<std::string> words = grammar::split_words(args.anything);
  if (words.size() == 1) words.push_back(".");
  if (words.size() != 2) throw XtdoError(198, words.size() > 2 ? "too many names specified" : "name required");
  std::vector<std::string> names;
  for (const auto& w : words) {
    auto one = estore::expand(session, w, true);
    if (one.size() != 1) throw XtdoError(198, fmt::format("{}: one estimation result expected", w));
    names.push_back(one[0]);
  }
  if (names[0] == names[1]) throw XtdoError(198, "the two models need to be different");
  const bool force = args.has("force");
  Side c = load_side(session, names[0], force);  // consistent under H0 and Ha
  Side f = load_side(session, names[1], force);  // efficient under H0
  // Single-equation estimators only: `alleqs` changes nothing for them.

  // --- Build: common coefficients in the consistent model's order.
  strike(c, args.has("constant"));
  strike(f, args.has("constant"));
  std::vector<int> keep_c, keep_f;
  for (int j = 0; j < static_cast<int>(c.coefs.size()); ++j) {
    auto hit = std::find(f.coefs.begin(), f.coefs.end(), c.coefs[j]);
    if (hit == f.coefs.end()) continue;
    keep_c.push_back(j);
    keep_f.push_back(static_cast<int>(hit - f.coefs.begin()));
  }
  if (keep_c.empty())
    throw XtdoError(498, "no coefficients in common; specify equations(matchlist)\n"
                         "for problems with different equation names.");
  select(c, keep_c);
  select(f, keep_f);
  if (args.has("sigmamore") || args.has("sigmaless")) {
    if (missing::is_missing(c.sigma) || missing::is_missing(f.sigma))
      throw XtdoError(198, "Estimators do not save e(sigma) or e(rmse),\nsigma option not allowed");
    // sigmamore: both variances use the efficient model's sigma; sigmaless: the
    // consistent model's.
    if (args.has("sigmamore")) c.v *= (f.sigma / c.sigma) * (f.sigma / c.sigma);
    else f.v *= (c.sigma / f.sigma) * (c.sigma / f.sigma);
  }

  // --- Estimate: chi2 = d'(V_b - V_B)^+ d with the Moore–Penrose inverse; the rank
  // counts singular values above max(sv) * k * 1e-9, as Stata's hausman does.
  const int k = static_cast<int>(c.coefs.size());
  Eigen::MatrixXd dv = c.v - f.v;
  dv = (dv + dv.transpose()) / 2;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(dv, Eigen::EigenvaluesOnly);
  const bool posdef = eig.eigenvalues().minCoeff() > 0;
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(dv, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd sv = svd.singularValues();
  const double tol = (sv.size() ? sv.maxCoeff() : 0) * k * 1.0e-9;
  Eigen::VectorXd inv_sv = Eigen::VectorXd::Zero(sv.size());
  int rank = 0;
  for (int i = 0; i < sv.size(); ++i)
    if (sv(i) > tol) inv_sv(i) = 1 / sv(i), ++rank;
  const Eigen::MatrixXd ginv = svd.matrixV() * inv_sv.asDiagonal() * svd.matrixU().transpose();
  const Eigen::VectorXd d = c.b - f.b;
  const double chi2 = d.dot(ginv * d);
  const int df = args.number("df") > 0 ? static_cast<int>(args.number("df")) : rank;
  const double p = dist::chi2tail(df, chi2);

  // --- Post
  session.r.clear();
  session.r.set_scalar("chi2", chi2);
  session.r.set_scalar("df", df);
  session.r.set_scalar("p", p);
  session.r.set_scalar("rank", rank);

  // --- Display
  Console& out = session.console;
  if (rank != k) {
    out.println();
    paragraph(out, fmt::format("Note: the rank of the differenced variance matrix ({}) does not equal the number of "
                               "coefficients being tested ({}); be sure this is what you expect, or there may be "
                               "problems computing the test.  Examine the output of your estimators for anything "
                               "unexpected and possibly consider scaling your variables so that the coefficients "
                               "are on a similar scale.",
                               rank, k));
  }
  auto label = [&](const std::string& opt, const std::string& name) {
    std::string t = util::trim(args.get_or(opt, name == "." ? "." : name));
    return est::abbrev(t.empty() ? "." : t, 12);
  };
  auto g9 = [](double v) { return format_number(v, "%9.0g"); };
  out.println();
  out.println(std::string(17, ' ') + "---- Coefficients ----");
  out.println("             |      (b)          (B)            (b-B)     sqrt(diag(V_b-V_B))");
  out.println("             |  " + centered(label("tconsistent", names[0]), 12) + " " +
              centered(label("tefficient", names[1]), 12) + "    Difference       Std. err.");
  out.println(std::string(13, '-') + "+" + std::string(64, '-'));
  for (int j = 0; j < k; ++j) {
    const double diff = c.b(j) - f.b(j);
    const double var = dv(j, j);
    out.println(fmt::format("{:>12} |   {}    {}       {}       {}", est::abbrev(c.coefs[j], 12), g9(c.b(j)),
                            g9(f.b(j)), g9(diff), g9(var >= 0 ? std::sqrt(var) : missing::kSysmiss)));
  }
  out.println(std::string(78, '-'));
  out.println(fmt::format("{:>78}", fmt::format("b = Consistent under H0 and Ha; obtained from {}.", c.cmd)));
  out.println(fmt::format("{:>78}", fmt::format("B = Inconsistent under Ha, efficient under H0; obtained from {}.", f.cmd)));
  out.println();
  out.println("Test of H0: Difference in coefficients not systematic");
  out.println();
  out.println(fmt::format("{:>11} = (b-B)'[(V_b-V_B)^(-1)](b-B)", fmt::format("chi2({})", df)));
  if (chi2 >= 0) {
    out.println("            = " + format_number(chi2, "%6.2f"));
    out.println("Prob > chi2 = " + format_number(p, "%6.4f"));
    if (!posdef) out.println("(V_b-V_B is not positive definite)");
  } else {
    out.println("            = " + format_number(chi2, "%6.2f") + "    chi2<0 ==> model fitted on these data fails");
    out.println("                       to meet the asymptotic assumptions of the Hausman test;");
    out.println("                       see suest for a generalized test");
  }
}

}  // namespace xtdo
