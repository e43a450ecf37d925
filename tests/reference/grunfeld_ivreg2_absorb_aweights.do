* ivreg2 with absorbed fixed effects and aweights (weighted within transformation),
* small: the weighted dummy-variable IV regression. Read as doubles, as R reads the CSV.
import delimited using data/grunfeld.csv, clear asdouble
generate double w = 1 + mod(_n, 3) + kstock/1000
ivreg2 invest (mvalue = kstock) [aw=w], absorb(company) small robust
ivreg2 invest (mvalue = kstock) [aw=w], absorb(company year) small robust
ivreg2 invest (mvalue = kstock) [aw=w], absorb(company year) small cluster(company)
