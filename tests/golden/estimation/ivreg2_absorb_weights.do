* name: ivreg2_absorb_weights
* description: ivreg2 absorb() with aweights/pweights and one to three factors equals the dummy regression (partial() without small, plain with small)
import delimited using ../../reference/data/grunfeld.csv, clear
generate w = 1 + mod(_n, 3) + kstock/1000
generate g3 = mod(company + 2*year, 3)
xtset company year
ivreg2 invest kstock (mvalue = L.mvalue) [aw=w], absorb(company) robust
scalar b = _b[mvalue]
scalar s = _se[mvalue]
scalar f = e(widstat)
quietly ivreg2 invest kstock i.company (mvalue = L.mvalue) [aw=w], partial(i.company) robust
display reldif(b, _b[mvalue]) < 1e-9 & reldif(s, _se[mvalue]) < 1e-9 & reldif(f, e(widstat)) < 1e-9
quietly ivreg2 invest (mvalue = kstock) [pw=w], absorb(company year) small
scalar b = _b[mvalue]
scalar s = _se[mvalue]
quietly ivreg2 invest i.company i.year (mvalue = kstock) [pw=w], small
display reldif(b, _b[mvalue]) < 1e-9 & reldif(s, _se[mvalue]) < 1e-9
quietly ivreg2 invest (mvalue = kstock) [aw=w], absorb(company year g3) small cluster(company)
scalar b = _b[mvalue]
scalar s = _se[mvalue]
quietly ivreg2 invest i.company i.year i.g3 (mvalue = kstock) [aw=w], small cluster(company)
display reldif(b, _b[mvalue]) < 1e-9 & reldif(s, _se[mvalue]) < 1e-9
