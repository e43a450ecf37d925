// First-stage regressions of the IV commands: each endogenous regressor on every
// instrument, posted as an e() of its own — stored as `_ivreg2_<x>` by ivreg2's
// first/savefirst, shown before the main table by `ivregress ..., first` — and
// their displays, which read that e() only.
#pragma once

#include <string>
#include <vector>

#include "iv_design.hpp"
#include "xtdo/kernel/iv.hpp"
#include "xtdo/session.hpp"

namespace xtdo::est {

/// How ivreg2's main equation forms its VCE, as its first stages inherit it.
struct Ivreg2FirstSpec {
  kernel::IvMeat meat;                 ///< the main equation's meat (dofminus, sdofminus)
  bool robust = false;                 ///< e(vcetype) Robust (robust, cluster, dkraay)
  std::vector<std::string> clustvars;  ///< one or two; the time variable for dkraay
  bool dkraay = false;
  std::string kernel;  ///< kernel name for bw() (e(kernel)), "" without HAC/AC
  std::string tvar, ivar;
  std::string prefix = "_ivreg2_";  ///< savefprefix()
  bool partialled_constant = false;  ///< partial() removed the constant
  /// Store the reduced form (y on the same instruments, e(model) "rf", titled
  /// "Reduced-form regression: y") instead of the first stages.
  bool reduced_form = false;
};

/// ivreg2's first-stage summary statistics: e(first) (rows rmse sheapr2 pr2 F df df_r
/// pvalue SWF SWFdf1 SWFdf2 SWFp SWchi2 SWchi2p SWr2 APF APFdf1 APFdf2 APFp APchi2
/// APchi2p APr2, one column per endogenous regressor) and the Stock-Wright LM S
/// statistic e(sstat), e(sstatdf), e(sstatp). Posts into the active e().
void post_ivreg2_first_stats(Session& session, const IvDesign& iv, const IvNumbers& numbers,
                             const kernel::IvMeat& meat);

/// Fit the first stage of every endogenous regressor of `iv` (OLS of x on the
/// excluded then the included instruments, ivreg2's small-sample VCE with the main
/// equation's meat) and store each as estimates `<prefix><x>` (titled
/// "First-stage regression: x"). Leaves session.e cleared. Returns the names stored.
std::vector<std::string> ivreg2_store_first_stages(Session& session, const IvDesign& iv,
                                                   const IvNumbers& numbers,
                                                   const Ivreg2FirstSpec& spec);

/// ivreg2's "First-stage regressions" block: for each name in e(firsteqs) the
/// stored regression (as `display_ivreg2_first_eq`) and the F and
/// Sanderson-Windmeijer tests of the excluded instruments from e(first).
void display_ivreg2_first_stages(Session& session, double level);

/// ivreg2 4's "Summary results for first-stage regressions" (DispFFirst): the
/// F / SW chi2 / SW F table from e(first), the Stock-Yogo values for one regressor,
/// the underidentification, weak identification and weak-instrument-robust
/// (Anderson-Rubin, Stock-Wright S) tests and the counts, all read from e().
void display_ivreg2_first_summary(Session& session);

/// One stored first-stage regression (e(model) == "first"), as ivreg2 replays it.
void display_ivreg2_first_eq(Session& session, double level);

/// ivregress's `first`: regress each endogenous regressor on the exogenous
/// regressors and the instruments with the VCE of the main fit (regress's
/// small-sample conventions) and print Stata's "First-stage regressions" block.
void ivregress_first_stages(Session& session, const IvDesign& iv, const kernel::IvMeat& meat,
                            const std::string& clustvar, double level);

}  // namespace xtdo::est
