// Shared by test, testparm, lincom and nlcom: finding coefficients of e(b) by the
// names users write (`x`, `_b[x]`, `2.region`, `1.treat#c.x`, `L.x`, `_cons`),
// linear expressions over them, Stata's constraint lines and the Wald test.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo::post {

/// e(b) and e(V) as dense arrays with the column names.
struct Estimates {
  std::vector<std::string> names;
  Eigen::VectorXd b;
  Eigen::MatrixXd v;
};
/// The current estimates; 301 "last estimates not found" when there are none.
Estimates current_estimates(const Session& session);

/// A name with the base/omitted marks (`1b.`, `o.`), `c.` and the lag number 1
/// (`L1.` = `L.`) removed, so that a name as typed matches its e(b) column.
inline std::string canonical_coef_name(const std::string& name) { return xtdo::canonical_coef_name(name); }

/// Column of e(b) that `name` refers to, or -1.
inline int find_coef(const std::vector<std::string>& names, const std::string& name) {
  return find_coef_name(names, name);
}

/// The linear form c'b + k of an expression such as `x1 + 2*x2 - 3`, `(x1 - x2)/2`,
/// `_b[L.x] - _b[x]`. Throws 111 for an unknown coefficient and 198 for a
/// product or quotient of coefficients (not linear) or a malformed expression.
struct LinearForm {
  Eigen::VectorXd coef;
  double constant = 0;
};
LinearForm parse_linear(const std::string& text, const std::vector<std::string>& names, int pos);

/// Stata's text of the constraint c'b = rhs: terms in e(b) order, "x1 - 2*x2 = 1".
std::string constraint_text(const Eigen::VectorXd& coef, double rhs,
                            const std::vector<std::string>& names);

/// The Wald test of R b = r. Constraints whose row of R V R' is zero or a linear
/// combination of the earlier kept rows are dropped in order, as Stata's test does.
struct WaldTest {
  double chi2 = 0;
  int df = 0;                 ///< constraints kept
  std::vector<int> dropped;   ///< 1-based numbers of dropped constraints
};
WaldTest wald(const Eigen::MatrixXd& r_mat, const Eigen::VectorXd& r_vec, const Estimates& est);

/// Options after the comma of a raw ("*") command line: words and word(arg).
struct RawOption {
  std::string name;  ///< lower case, as typed
  std::string arg;
  bool has_arg = false;
  int pos = -1;
};
struct RawLine {
  std::string body;  ///< text before the top-level comma
  int body_pos = 0;
  std::vector<RawOption> options;
};
RawLine split_raw_line(const CallArgs& args);

/// The confidence level from a level(#) option (nullptr = absent: `set level`, else 95).
double raw_level(const Session& session, const RawOption* opt);

/// Print a one-row-per-estimate table in the layout of the coefficient table
/// (depvar heading, t or z columns) used by lincom and nlcom.
struct EstimateRow {
  std::string label;
  double estimate = 0;
  double se = 0;
};
struct EstimateTableResult {
  double stat = 0, p = 0, lb = 0, ub = 0;
};
std::vector<EstimateTableResult> estimate_table(Session& session, const std::vector<EstimateRow>& rows,
                                                double df, double level);

}  // namespace xtdo::post
