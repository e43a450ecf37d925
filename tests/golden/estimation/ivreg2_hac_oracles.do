* name: ivreg2_hac_oracles
* description: kernel oracles: AC with bw(1) = i.i.d., HAC with bw(1) = robust, dkraay(1) = cluster on the time variable
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
quietly ivreg2 invest (mvalue = kstock L.kstock)
scalar s0 = _se[mvalue]
quietly ivreg2 invest (mvalue = kstock L.kstock), bw(1) kernel(qs)
assert e(kernel) == "Quadratic Spectral" & e(vce) == "ac"
quietly ivreg2 invest (mvalue = kstock L.kstock), bw(1)
assert reldif(_se[mvalue], scalar(s0)) < 1e-10
quietly ivreg2 invest (mvalue = kstock L.kstock), robust
scalar s1 = _se[mvalue]
quietly ivreg2 invest (mvalue = kstock L.kstock), robust bw(1) kernel(parzen)
assert reldif(_se[mvalue], scalar(s1)) < 1e-10
quietly ivreg2 invest (mvalue = kstock L.kstock), cluster(year)
scalar s2 = _se[mvalue]
quietly ivreg2 invest (mvalue = kstock L.kstock), dkraay(1)
assert reldif(_se[mvalue], scalar(s2)) < 1e-10
ivreg2 invest (mvalue = kstock L.kstock), robust bw(2) kernel(danielle)
capture noisily ivreg2 invest (mvalue = kstock L.kstock), robust bw(20)
capture noisily ivreg2 invest (mvalue = kstock L.kstock), robust bw(auto)
