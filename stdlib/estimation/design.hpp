// Shared by the estimation commands: the estimation sample (if/in/weights/markout),
// dependent variable and regressors as dense columns with Stata's e(b) names
// (factor bases `1b.x`, time-series `L.x`, omitted `o.x`), the vce() option, and
// posting e(b)/e(V). Commands call these in their Bind/Sample/Build/Post stages.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xtdo/command.hpp"
#include "xtdo/kernel/ols.hpp"
#include "xtdo/session.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo::est {

/// One regressor as Stata names it in e(b).
struct Term {
  std::string name;  ///< as expanded: "x", "L.x", "2.region", "1b.region"
  VarRef ref;
  bool base = false;          ///< factor base level: in e(b) as 0, never estimated
  bool user_omitted = false;  ///< written with the o. operator
  bool collinear = false;     ///< dropped by the collinearity rule (set after the fit)
  int column = -1;            ///< column of Design::x, -1 when the term has none
  /// The e(b) column name: `name`, or with the o. mark when collinear.
  std::string colname() const;
};

struct Design {
  std::vector<uint8_t> sample;  ///< per dataset row: in the estimation sample
  std::vector<int64_t> rows;    ///< the sample's dataset rows, ascending
  std::string depvar;           ///< e(depvar): "n", "D.n"
  Eigen::VectorXd y;
  std::vector<Term> terms;  ///< the regressors, in the order written
  Eigen::MatrixXd x;        ///< rows × columns for terms with column >= 0
  Eigen::VectorXd weights;  ///< raw weights over the sample rows; empty if none
  std::string weight_type;  ///< "aweight", "fweight", "pweight", "iweight" or ""
  std::string weight_exp;   ///< "= w" as typed (for e(wexp))
  kernel::WeightKind weight_kind = kernel::WeightKind::kNone;
  /// Built with DesignOptions::borrow: y and x are empty (x has its columns but no
  /// rows) and `source` points at the data set's own columns, y first, then one per
  /// column of x; their rows are `rows` (all of them when full_sample()).
  std::vector<const double*> source;
  bool borrowed() const { return !source.empty(); }
  bool full_sample() const { return rows.size() == sample.size(); }
  int64_t n() const { return static_cast<int64_t>(rows.size()); }
};

struct DesignOptions {
  /// Further variables whose missing values (numeric) or empty strings mark out
  /// observations: the panel variable, the cluster variable, absorb().
  std::vector<std::string> markout;
  /// Point at the data set's columns instead of copying them when every term is a
  /// plain numeric variable and there are no weights (Design::source).
  bool borrow = false;
  /// Further rows to leave out (0 = out), one flag per data set row; null = none.
  const std::vector<uint8_t>* within = nullptr;
};

/// Sample, depvar and regressors for `depvar indepvars [if] [in] [weight]`.
/// Factor levels and bases are taken from the estimation sample, as Stata does.
/// Errors: 2000 no observations, 402 negative weights, 401 noninteger fweights,
/// 198 depvar a factor variable.
Design build_design(Session& session, const CallArgs& args, const DesignOptions& options);

/// Dense codes (0..G-1, ascending value) of a numeric or string variable over
/// `rows`; used for panels, clusters and absorbed factors.
struct Codes {
  std::vector<int32_t> code;
  int32_t n_groups = 0;
};
Codes codes_of(const Dataset& data, const std::string& var, const std::vector<int64_t>& rows);

/// Mark the terms the fit dropped (kernel order = design columns) and print
/// Stata's "note: x omitted because of collinearity." for each.
void mark_collinear(Session& session, Design& design, const std::vector<uint8_t>& omitted_columns);

/// vce() as given: vce(ols|conventional|robust|hc2|hc3|cluster var), `robust`,
/// `cluster(var)`.
struct VceSpec {
  enum class Kind { kDefault, kOls, kRobust, kHC2, kHC3, kCluster } kind = Kind::kDefault;
  std::string clustvar;  ///< resolved variable name for kCluster
  /// vce(robust) that the command turned into clustering on the panel variable
  /// (xtreg): e(vce) says "robust".
  bool robust_alias = false;
};
/// `allowed` lists the vce types the command accepts among
/// {"ols", "conventional", "unadjusted", "robust", "hc2", "hc3", "cluster"}; errors 198 otherwise.
VceSpec parse_vce(Session& session, const CallArgs& args, const std::vector<std::string>& allowed);

/// The confidence level: level() or `set level`, default 95; 198 if out of range.
double confidence_level(Session& session, const CallArgs& args);

/// Post e(b) (1 × K, rowname y1) and e(V) (K × K) over every term (bases and
/// omitted terms as zeros) and `_cons` when `constant`. `coef`/`v` are in
/// kernel order: the design columns, then the constant.
void post_coefficients(Session& session, const Design& design, const Eigen::VectorXd& coef,
                       const Eigen::MatrixXd& v, bool constant);

/// e(sample), e(N) is the command's; this posts e(sample), e(depvar), e(wtype)
/// and e(wexp).
void post_sample(Session& session, const Design& design);

/// Stata's name abbreviation for a 12-character table column ("longvariab~e").
std::string abbrev(const std::string& name, size_t width);

}  // namespace xtdo::est
