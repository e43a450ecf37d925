// Instrumental-variables estimation: k-class (2SLS, LIML, Fuller, fixed k) and
// two-step efficient GMM, their sandwich VCEs (i.i.d., heteroskedasticity-robust,
// one- and two-way cluster-robust), and the identification / overidentification
// diagnostics ivreg2 reports (canonical correlations, Anderson LM, Cragg-Donald F,
// Kleibergen-Paap rk LM and Wald, Anderson-Rubin, Sargan and Hansen J).
// Pure numerics on dense matrices; the caller removes collinear columns first. The
// estimators and diagnostics below are the moment engine (iv_moments.hpp) applied to
// the columns of an IvData; CUE (iv_cue) and the meats of N-row scores are computed
// here directly.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

namespace xtdo::kernel {

/// How per-observation scores s_i (rows) are combined into the "meat" Σ of a
/// sandwich: i.i.d. (not a sandwich; callers use σ²), Σ_i s_i s_i' (robust),
/// Σ_g S_g S_g' with S_g = Σ_{i∈g} s_i (one-way cluster), or the
/// Cameron-Gelbach-Miller combination M_1 + M_2 − M_12 (two-way cluster).
struct IvMeat {
  enum class Kind { kIid, kRobust, kCluster } kind = Kind::kIid;
  /// One or two cluster codings (0..n_clusters-1 per observation) for kCluster.
  std::vector<std::span<const int32_t>> cluster;
  std::vector<int32_t> n_clusters;
  /// ivreg2's dofminus(#): observations' worth of degrees of freedom used up
  /// elsewhere (absorbed fixed effects), subtracted from N in every large-sample
  /// divisor (σ² = RSS/(N − dofminus), robust meats over N − dofminus, the
  /// identification statistics); sdofminus(#) only in small-sample divisors
  /// (N − K − dofminus − sdofminus). Cluster-robust meats use neither, and their
  /// small-sample factor is (N − 1)/(N − K − sdofminus) · M/(M − 1).
  double dofminus = 0;
  double sdofminus = 0;
  /// Kernel-weighted autocovariances (ivreg2's bw()/kernel()): with bandwidth > 0,
  /// the robust meat becomes the HAC meat Σ_j k(j/bw) Σ_t (s_t s_{t−j}' + s_{t−j} s_t')
  /// over lags j = 1..bw−1 within each panel (by `time`, gaps respected), and the
  /// one-way cluster meat on time periods becomes Driscoll-Kraay: the same sum over
  /// the period totals S_t = Σ_{i∈t} s_i.
  /// Lag windows (Bartlett … Tukey-Hamming) sum lags 1..⌊bw⌋; ivreg2's spectral
  /// windows (quadratic spectral, Daniell, tent) sum every lag 1..⌊spectral_lags⌋.
  enum class Kernel {
    kBartlett,
    kParzen,
    kTruncated,
    kTukeyHanning,
    kTukeyHamming,
    kQuadraticSpectral,
    kDaniell,
    kTent
  } kernel = Kernel::kBartlett;
  double bandwidth = 0;
  /// Spectral windows only: the largest lag, ivreg2's T/delta − 1 with T the time
  /// span max(t) − min(t) + 1 of the sample in the time variable's units.
  double spectral_lags = 0;
  std::vector<double> time;    ///< per observation (HAC) — period values
  std::vector<int32_t> panel;  ///< per observation (HAC on a panel); empty = one series
  /// ivreg2's AC statistics (bw() without robust), used with Kind::kRobust: the
  /// meat of basis B and residuals u is Σ_τ k(τ/bw) σ_τ (B_t'B_{t−τ} + B_{t−τ}'B_t)
  /// with σ_τ = Σ_t u_t u_{t−τ}/N (τ = 0 counted once): homoskedastic but
  /// autocorrelated errors.
  bool autocorrelation_only = false;
};

/// The meat of basis B (N × p) and residuals u under `meat` (AC-aware), as a sum:
/// Σ (b_i u_i)(b_i u_i)' for robust, cluster sums, HAC, or the AC form above.
Eigen::MatrixXd iv_omega(const Eigen::MatrixXd& basis, const Eigen::VectorXd& u,
                         const IvMeat& meat);

/// Raw meat (no small-sample factor) of the scores (N × p).
Eigen::MatrixXd iv_meat(const Eigen::MatrixXd& scores, const IvMeat& meat);

/// ivreg2's kernel weight k(τ/bw) at lag τ ≥ 1 (livreg2's m_calckw): Bartlett 1 − z,
/// Parzen, truncated 1, Tukey-Hanning, Tukey-Hamming, quadratic spectral
/// 25/(12π²z²)(sin(6πz/5)/(6πz/5) − cos(6πz/5)), Daniell sin(πz)/(πz) and ivreg2's
/// tent 2(1 − cos(τz))/z² (sic: τz, not z), with z = τ/bw.
double iv_kernel_weight(IvMeat::Kernel kernel, double tau, double bw);

/// True for the spectral windows (quadratic spectral, Daniell, tent).
bool iv_kernel_spectral(IvMeat::Kernel kernel);

/// The largest lag the HAC/AC sums run over: ⌊bw⌋ for lag windows,
/// ⌊spectral_lags⌋ for spectral ones.
int iv_max_lag(const IvMeat& meat);

/// ivreg2's bw(auto) (its `abw`, after Newey and West 1994) for one time series.
struct IvAutoBandwidth {
  double bw = 0;         ///< optimal lag + 1 (ivreg2's bandwidth convention)
  int mstar = 0;         ///< lags used in the pilot estimate: ⌊20 (T/100)^e⌋
  double gamma = 0;      ///< γ̂ = c_γ ((ŝ(q)/ŝ(0))²)^{1/(2q+1)}
  double lag = 0;        ///< m̂ = γ̂ T^{1/(2q+1)} before truncation
  bool ok = true;        ///< false for kernels bw(auto) does not allow
};
/// u: first-step (2SLS) residuals; z: the instruments without the constant; time:
/// the period of each row in units of delta; tobs: ivreg2's T = max(t) − min(t) + 1.
IvAutoBandwidth iv_auto_bandwidth(const Eigen::VectorXd& u, const Eigen::MatrixXd& z,
                                  const std::vector<double>& time, IvMeat::Kernel kernel,
                                  double tobs);

/// Smallest number of clusters over the codings (ivreg2's M for two-way clustering).
int32_t iv_min_clusters(const IvMeat& meat);

/// The equation y = X1 b1 + X2 b2 + u with endogenous X1 (N × K1), included
/// exogenous X2 (N × K2, the constant as a column of ones when fitted) and
/// excluded instruments Z1 (N × L1). X = [X1 X2], Z = [Z1 X2].
struct IvData {
  Eigen::VectorXd y;
  Eigen::MatrixXd x1, x2, z1;
};

/// kCue: Hansen, Heaton and Yaron's continuously-updated GMM (see iv_cue).
enum class IvEstimator { kTsls, kLiml, kFuller, kKclass, kGmm2s, kCue };

struct IvOptions {
  IvEstimator estimator = IvEstimator::kTsls;
  double fuller = 0;  ///< Fuller's alpha: k = λ_LIML − alpha/(N − L)
  double kclass = 1;  ///< k for kKclass
  IvMeat meat;
  /// Small-sample conventions: σ² = RSS/(N−K); robust × N/(N−K); cluster ×
  /// (N−1)/(N−K)·M/(M−1). Otherwise σ² = RSS/N and no factor (ivreg2's default).
  bool small = false;
};

struct IvFit {
  Eigen::VectorXd coef;  ///< [b1; b2]
  Eigen::MatrixXd v;     ///< VCE in the same order
  Eigen::VectorXd resid;
  /// Two-step GMM: the first-step (2SLS) residuals whose meat is the weighting
  /// matrix, and from which Hansen's J is evaluated (empty otherwise).
  Eigen::VectorXd first_step_resid;
  double rss = 0;
  double sigma2 = 0;  ///< RSS/N (or RSS/(N−K) with small)
  double k = 1;       ///< the k-class value used (1 = 2SLS)
  double lambda = 0;  ///< LIML eigenvalue (LIML/Fuller only)
  bool ok = true;     ///< false when a cross-product matrix is singular
  /// CUE only: the minimised objective J (ivreg2's e(j)), the optimizer's
  /// iterations and whether it met its tolerance.
  double j = 0;
  int iterations = 0;
  bool converged = true;
};

/// Estimate the equation. N = rows, K = K1 + K2, L = L1 + K2.
IvFit iv_fit(const IvData& data, const IvOptions& options);

/// Continuously-updated GMM: b minimises J(b) = N ḡ(b)'Ω(b)⁻¹ḡ(b), ḡ = Z'e(b)/N,
/// with Ω(b) the covariance of z_i e_i(b) under options.meat exactly as ivreg2 forms
/// it (i.i.d.: e'e/(N − dofminus) · Z'Z/N; robust/HAC/AC: meat/(N − dofminus);
/// cluster: meat/N). Started from 2SLS (i.i.d.) or two-step GMM and minimised by
/// BFGS on the analytic gradient, then Newton steps on a differenced Hessian.
/// V = (X'Z Ω̂⁻¹ Z'X)⁻¹ · N at the estimate, with iv_fit's small-sample factors.
/// iv_fit dispatches here for IvEstimator::kCue.
IvFit iv_cue(const IvData& data, const IvOptions& options);

/// The CUE objective J(b) above and, when `grad` is given, its analytic gradient;
/// NaN when Ω(b) is singular.
double iv_cue_objective(const IvData& data, const IvMeat& meat, const Eigen::VectorXd& b,
                        Eigen::VectorXd* grad);

/// Identification statistics on X1 and Z1 after partialling out X2.
struct IvIdentification {
  Eigen::VectorXd canon_corr2;  ///< squared canonical correlations, ascending
  double anderson_lm = 0;       ///< N · min r²
  double cragg_donald_f = 0;    ///< min r²/(1 − min r²) · (N − L)/L1
  double kp_lm = 0;             ///< Kleibergen-Paap rk LM (robust meats only)
  double kp_wald = 0;           ///< Kleibergen-Paap rk Wald chi2
  double kp_f = 0;              ///< rk Wald F as ivreg2 scales it
  int df = 0;                   ///< L1 − K1 + 1
  bool ok = true;
};
IvIdentification iv_identification(const IvData& data, const IvMeat& meat);

/// Overidentification: Sargan N·u'P_Z u / u'u (i.i.d.) or Hansen's J from the
/// two-step GMM estimate with Ω = meat of Z_i u_i (robust meats).
struct IvOverid {
  double stat = 0;
  int df = 0;
};
IvOverid iv_overid(const IvData& data, const Eigen::VectorXd& resid, const IvMeat& meat);

/// C (difference-in-Sargan) test that the columns `suspect` of X1 are exogenous:
/// J of the model treating them as exogenous instruments minus J of the model,
/// both evaluated with the error variance / Ω of the restricted model.
IvOverid iv_endog_test(const IvData& data, const std::vector<int>& suspect, const IvMeat& meat);

/// C test (ivreg2's orthog()) that the instruments `excluded` (columns of Z1) and
/// `included` (columns of X2) are valid: J of the model minus J of the model that
/// no longer uses them as instruments (included ones become endogenous), both with
/// the Ω (i.i.d.: σ²) of the full model; 0 for the restricted J when too few
/// instruments remain.
IvOverid iv_orthog_test(const IvData& data, const Eigen::VectorXd& resid,
                        const std::vector<int>& excluded, const std::vector<int>& included,
                        const IvMeat& meat);

/// Anderson-Rubin test of b1 = 0: Wald test that Z1 has no coefficients in the
/// regression of y on Z, with the chosen meat (large-sample scaling).
struct IvAndersonRubin {
  double chi2 = 0;
  double f = 0;  ///< chi2/L1 · (N − L)/N, or with clusters chi2/L1 · (N − L)/(N − 1) · (M − 1)/M
  int df = 0;
  double df_r = 0;  ///< N − L, or M − 1 with clusters
};
IvAndersonRubin iv_anderson_rubin(const IvData& data, const IvMeat& meat);

/// First-stage statistics of each endogenous regressor.
struct IvFirstStage {
  Eigen::VectorXd partial_r2;  ///< R² of X1_j on Z1 after partialling X2
  Eigen::VectorXd shea_r2;     ///< Shea (1997) partial R²
  Eigen::VectorXd f;           ///< F test of Z1 in the first stage (meat as the model)
  Eigen::VectorXd f_p_df_r;    ///< its denominator df
  Eigen::VectorXd sw_f;        ///< Sanderson-Windmeijer conditional F (K1 > 1), else = f
  Eigen::VectorXd sw_r2;       ///< R² of the SW residual on Z1 (partialled), else = partial_r2
  /// Angrist-Pischke F: as SW but the residual uses the fitted values of the other
  /// endogenous regressors (P_Z X1_{−j}) in place of X1_{−j}; = f when K1 = 1.
  Eigen::VectorXd ap_f;
  Eigen::VectorXd ap_r2;       ///< R² of the AP residual on Z1 (partialled)
  Eigen::VectorXd rmse;        ///< first-stage root MSE, sqrt(RSS/(N − L))
};
IvFirstStage iv_first_stage(const IvData& data, const IvMeat& meat);

}  // namespace xtdo::kernel
