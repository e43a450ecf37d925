* name: bad_input
* description: Stata's errors and notes on bad input (all-missing regressor, too few observations, one cluster, a regressor absorbed by the FE, reghdfe non-convergence r(430), hausman with no common coefficients) and _b[] by typed names
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
generate z = .
capture noisily xtreg invest z, fe
capture noisily areg invest mvalue kstock in 1/3, absorb(company)
generate one = 1
quietly xtreg invest mvalue, fe vce(cluster one)
assert _se[mvalue] == 0 & e(N_clust) == 1 & e(df_r) == 0
generate fc = 2 * company
reghdfe invest mvalue fc, absorb(company)
assert _b[fc] == 0 & _b[o.fc] == 0 & _se[fc] == 0
generate firm2 = mod(company, 3)
capture noisily reghdfe invest mvalue kstock, absorb(company year firm2#year) maxiterations(1)
assert _rc == 430
reghdfe invest mvalue kstock, absorb(company year firm2#year) maxiterations(1) abort(0)
assert e(converged) == 0
quietly regress invest mvalue
estimates store a
quietly regress invest kstock
capture noisily hausman a .
generate big = mvalue > 1000
quietly regress invest mvalue i.big
assert _b[0.big] == 0 & _b[1.big] == _b[1bn.big] & _b[c.mvalue] == _b[mvalue]
