* name: hausman
* description: hausman fe re on Grunfeld, sigmamore, and the error cases
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
quietly xtreg invest mvalue kstock, fe
estimates store fixed
quietly xtreg invest mvalue kstock, re
estimates store random
hausman fixed random
* R plm phtest(within, random) on the same Grunfeld data prints chisq = 2.3304, p = 0.3119.
assert abs(r(chi2) - 2.3304) < 5e-5 & r(df) == 2 & abs(r(p) - .3119) < 5e-5
hausman fixed ., sigmamore
display r(chi2)
hausman fixed random, sigmaless tconsistent(FE) tefficient(RE)
capture noisily hausman fixed fixed
quietly xtreg invest mvalue kstock, fe vce(robust)
estimates store rob
capture noisily hausman rob random
