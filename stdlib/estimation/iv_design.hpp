// Shared by the instrumental-variables commands (ivreg2, ivregress, xtivreg2):
// the `depvar [exog] (endog = instruments) [exog]` syntax, the estimation sample
// over every variable, Stata's collinearity notes for each variable group, and
// the kernel's IvData in the order ivreg2 posts e(b) (endogenous, exogenous, _cons).
#pragma once

#include <string>
#include <vector>

#include "design.hpp"
#include <functional>
#include <optional>
#include <utility>

#include "xtdo/kernel/iv.hpp"
#include "xtdo/kernel/iv_moments.hpp"

namespace xtdo::est {

/// The varlist of an IV command split at its parenthesised equation.
struct IvSyntax {
  std::string depvar, exog, endog, inst;  ///< varlist texts as typed
};
/// Parse `depvar [exog] (endog = instruments) [exog]`; r(198) when malformed.
IvSyntax parse_iv_syntax(const std::string& text, int pos);

struct IvDesignOptions {
  bool constant = true;
  std::vector<std::string> markout;  ///< cluster variables, panel variable
  /// Build IvDesign::data (the equation's matrices, √w-weighted). Without it only
  /// the design, the kept columns and the names are set (the moment engine reads
  /// the design's columns in place).
  bool materialize = true;
  /// Without `materialize`: read plain variables in place (Design::source) rather
  /// than copying them into the design.
  bool borrow = false;
  /// Further rows to leave out (DesignOptions::within).
  const std::vector<uint8_t>* within = nullptr;
};

/// The design: `d.terms` holds the endogenous, exogenous and excluded-instrument
/// terms in that order (counts below); columns of the kept (non-collinear) terms.
struct IvDesign {
  Design d;
  size_t n_endog = 0, n_exog = 0, n_inst = 0;         ///< terms per group in d.terms
  std::vector<int> endog_cols, exog_cols, inst_cols;  ///< kept columns of d.x
  bool constant = true;
  /// The data with √w-weighted rows when weighted (aweight/pweight), the constant
  /// as the last column of x2.
  kernel::IvData data;
  Eigen::VectorXd sqrt_w;  ///< √ of the normalised weights (empty when unweighted)
  std::vector<std::string> endog_names, exog_names, inst_names;  ///< kept, as in e(b)
  /// Sum of squares of each column of d.x about its mean (unweighted; empty without
  /// a constant), from the collinearity check's cross-products.
  Eigen::VectorXd centred_ss;
  /// Terms left out of e(b) altogether (partialled out, with their factor bases).
  std::vector<uint8_t> unposted;
  /// Fixed effects absorbed as level coefficients (a borrowed design, see
  /// absorb_iv_in_place): the codes per factor, and per design column (y first, then
  /// the columns of d.x) the coefficients per factor (empty when not absorbed).
  std::vector<const int32_t*> fe_code;
  std::vector<std::vector<std::vector<double>>> fe_coef;
};

/// Build the sample and the matrices; prints "note: x omitted because of
/// collinearity." for dropped exogenous/endogenous regressors and instruments and
/// throws r(481) when fewer excluded instruments than endogenous regressors remain.
IvDesign build_iv_design(Session& session, const CallArgs& args, const IvSyntax& syntax,
                         const IvDesignOptions& options);

/// Absorb fixed effects (codes over the design rows): every column of the data is
/// residualised on the factors (one factor: group means; several: the kernel's
/// hdfe projections), weighted by the design's aweights/pweights when it has them
/// (the √w rows are unweighted, demeaned with weighted means, and weighted again),
/// the constant is dropped, and regressors or instruments the factors absorb (no
/// variation left) are omitted with Stata's note. Returns the degrees of freedom
/// the factors use: G for one factor, G1 + G2 − c for two (c the connected
/// components of their bipartite graph), and for more reghdfe's pairwise rule
/// Σ_g (G_g − M_g), M_1 = 0, M_g = max(1, components with each earlier factor).
double absorb_iv(Session& session, IvDesign& iv, const std::vector<Codes>& factors);

/// absorb_iv for a design built without `materialize`: the design's own columns
/// (d.y and the kept columns of d.x) are residualised in place, nothing is copied.
/// A borrowed design (the data set's columns read in place) keeps the columns as
/// they are and records the fixed effects' level coefficients instead (fe_code,
/// fe_coef; kernel::hdfe_coefficients), which the moment engine subtracts as it
/// reads; when the plain sweeps mix too slowly for that, the columns are copied
/// and residualised in place after all.
/// With `deferred_ref`, the check for absorbed columns is left to the caller:
/// their reference sums of squares (y first, then the kept endogenous, exogenous
/// and instrument columns) are stored there for drop_absorbed.
double absorb_iv_in_place(Session& session, IvDesign& iv, const std::vector<Codes>& factors,
                          std::vector<double>* deferred_ref = nullptr);

/// Omit, with Stata's note, the regressors and instruments whose sum of squares
/// after absorbing, ss(c), is at most 1e-9 of its reference ref[c] (c indexes y,
/// then the kept endogenous, exogenous and instrument columns); r(481) when too few
/// instruments remain. Returns a keep flag per column.
std::vector<uint8_t> drop_absorbed(Session& session, IvDesign& iv, const std::vector<double>& ref,
                                   const std::function<double(size_t)>& ss);

/// ivreg2's partial(): residualise y, X1, the other exogenous regressors and Z1 on
/// the exogenous regressors `which` (indices into the kept exogenous ones) and the
/// constant, and drop them from the equation. Returns how many columns were
/// partialled out (the constant included), which ivreg2 adds to sdofminus.
double partial_iv(IvDesign& iv, const std::vector<int>& which);

/// The equation's numbers, from the moment engine (kernel/iv_moments.hpp: W'W and
/// per-cluster sums over the design's own columns, read in place) or, for what it
/// does not cover (kernel-weighted meats, CUE, weights, partial()), from the dense
/// routines over IvDesign::data, which must then be materialised. Both give the same
/// numbers (tests/unit/kernel_iv_moments_test.cpp).
class IvNumbers {
 public:
  IvNumbers(IvDesign& iv, const kernel::IvMeat& meat, bool moments);
  kernel::IvFit fit(const kernel::IvOptions& o);
  kernel::IvIdentification identification() const;
  /// From the first-step residuals of two-step GMM, else the last fit's residuals.
  kernel::IvOverid overid() const;
  kernel::IvAndersonRubin anderson_rubin() const;
  kernel::IvOverid endog_test(const std::vector<int>& suspect) const;
  kernel::IvOverid orthog_test(const std::vector<int>& excl, const std::vector<int>& incl) const;
  kernel::IvFirstStage first_stage() const;
  /// Sum of squares of column c of W (y, X1, X2, Z1) — moments only.
  double column_ss(size_t c) const;
  /// OLS of the j-th endogenous regressor on [Z1 X2] (excluded instruments first, the
  /// constant last) with the small-sample VCE of the meat, as ivreg2's first stages;
  /// j = −1: the dependent variable on the same instruments (ivreg2's reduced form).
  kernel::IvFit first_stage_fit(int j) const;
  /// Stock-Wright LM S: N·ḡ'Ω⁻¹ḡ with ḡ = Z'e/N at e = M_{X2} y (b1 = 0) and Ω the
  /// meat of e: i.i.d. (N − d)·g'(Z'Z)⁻¹g/e'e, robust/HAC (N − d)/N·g'Σ⁻¹g, cluster g'Σ⁻¹g.
  double stock_wright() const;
  /// Uncentred and centred (about the weighted mean, also without a constant) total
  /// sums of squares of the (weighted) dependent variable.
  std::pair<double, double> total_ss() const;

 private:
  IvDesign& iv_;
  const kernel::IvMeat& meat_;
  std::optional<kernel::IvMoments> m_;
  Eigen::VectorXd resid_, first_resid_;  // N-vectors (dense) or coefficients over W
  const Eigen::VectorXd& j_resid() const { return first_resid_.size() ? first_resid_ : resid_; }
};

/// Post e(b), e(V) over the endogenous and exogenous terms (+ _cons);
/// `coef`/`v` are in IvData order ([X1 X2(+constant)]).
void post_iv_coefficients(Session& session, const IvDesign& iv, const Eigen::VectorXd& coef,
                          const Eigen::MatrixXd& v);

}  // namespace xtdo::est
