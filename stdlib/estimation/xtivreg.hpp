// Shared by the xtivreg estimators (xtivreg.cpp: bind, fe, fd; xtivreg_re.cpp: re
// and be; xtivreg_display.cpp: the tables). Internal to stdlib/estimation.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "iv_design.hpp"
#include "panel.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/kernel/vce.hpp"
#include "xtdo/session.hpp"

namespace xtdo::est::xtiv {

/// What the Bind and Sample stages hand to every model.
struct Input {
  IvDesign iv;
  Panel panel;
  bool small = false;
  bool first = false;  ///< `first` (re/ec2sls print their first stages inside fit_re)
  double level = 95;   ///< confidence level of the tables
  /// Cluster-robust VCE: `vce(robust)` clusters on the panel variable (robust_alias).
  bool cluster = false;
  bool robust_alias = false;
  std::string clustvar;
  Codes clusters;  ///< codes of clustvar over the design rows (when cluster)
  std::string ivar, tvar;
};

/// Columns of `m` that are not linear combinations of the columns before them
/// (relative residual sum of squares above 1e-10), as Stata's _rmcoll keeps them.
std::vector<Eigen::Index> independent_columns(const Eigen::MatrixXd& m);
Eigen::MatrixXd select_columns(const Eigen::MatrixXd& m, const std::vector<Eigen::Index>& keep);

/// 2SLS of y on X with instruments Z (no implicit constant: pass it as a column),
/// dependent instrument columns dropped first. Conventional VCE RSS/(N − K − dofminus)
/// · (X'P_Z X)⁻¹, or the cluster sandwich × (N − 1)/(N − K)·G/(G − 1) (`_regress`'s
/// conventions), K = columns of X.
/// `clusters` (codes over the rows) empty = conventional.
kernel::IvFit tsls(const Eigen::VectorXd& y, const Eigen::MatrixXd& x, const Eigen::MatrixXd& z,
                   double dofminus, const Codes& clusters);

/// Every column of the IV data as one matrix: y, X1, X2 without the constant, Z1.
Eigen::MatrixXd stacked(const kernel::IvData& d);

/// xb = X b + _cons over the untransformed design rows (`coef` in IvData order).
Eigen::VectorXd level_xb(const IvDesign& iv, const Eigen::VectorXd& coef);

/// 1 − RSS/TSS (TSS about the mean), missing when negative: the R² that
/// `regress` posts after instrumental variables.
double iv_r2(double rss, const Eigen::VectorXd& y);

/// Wald statistic of the coefficients selected (rank-reduced as `test` does).
kernel::WaldResult wald(const Eigen::VectorXd& b, const Eigen::MatrixXd& v,
                        const std::vector<uint8_t>& select);

/// Random effects (G2SLS, or EC2SLS with `ec2sls`; Baltagi–Chang variance
/// components with `nosa`) and between 2SLS; both post e() (not cmd/cmdline).
void fit_re(Session& session, Input& in, bool ec2sls, bool nosa);
void fit_be(Session& session, Input& in);

/// Post what every model shares: N, N_g, g_*, ivar, instd, insts, vce macros.
void post_common(Session& session, const Input& in);

/// The table for e(model) fe, fd, g2sls, ec2sls, be (reads e() only).
void display(Session& session, double level, bool theta);

}  // namespace xtdo::est::xtiv
