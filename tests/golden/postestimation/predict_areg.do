* name: predict_areg
* description: predict d, xbd, residuals after areg equal u, xbu, e after xtreg, fe (same slopes and constant); predict after estimates restore
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
quietly xtreg invest mvalue kstock, fe
estimates store fe
quietly areg invest mvalue kstock, absorb(company)
predict double d, d
predict double xbd, xbd
predict double r, residuals
estimates restore fe
predict double u, u
predict double xbu, xbu
predict double e, e
assert reldif(d, u) < 1e-9 & reldif(xbd, xbu) < 1e-9 & reldif(r, e) < 1e-9
quietly areg invest mvalue kstock [aw=kstock+1], absorb(company)
capture noisily predict bad, d
