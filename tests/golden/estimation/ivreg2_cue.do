* name: ivreg2_cue
* description: cue oracles (i.i.d. CUE = LIML, exactly identified CUE = 2SLS with J = 0, robust J below 2-step GMM), qs kernel with bw(auto), option errors
use ../../reference/data/griliches76.dta, clear
quietly ivreg2 lw expr tenure (s = med kww age), liml
scalar b_liml = _b[s]
ivreg2 lw expr tenure (s = med kww age), cue
assert reldif(_b[s], scalar(b_liml)) < 1e-7 & e(model) == "cue"
quietly ivreg2 lw expr tenure (s = med kww age), gmm2s robust
scalar j_gmm = e(j)
quietly ivreg2 lw expr tenure (s = med kww age), cue robust
assert e(j) <= scalar(j_gmm)
quietly ivreg2 lw expr (s = med), robust
scalar b_iv = _b[s]
quietly ivreg2 lw expr (s = med), cue robust
assert e(j) == 0 & reldif(_b[s], scalar(b_iv)) < 1e-10
capture noisily ivreg2 lw expr (s = med), cue gmm2s
capture noisily ivreg2 lw expr s, cue
import delimited using ../../reference/data/grunfeld.csv, clear
keep if company == 1
tsset year
ivreg2 invest (mvalue = kstock time), robust bw(auto) kernel(qs)
capture noisily ivreg2 invest (mvalue = kstock time), bw(auto) kernel(tent)
