* name: reghdfe
* description: reghdfe with one factor (= areg; Grunfeld FE slope .1101238), two factors with two-way clustering, replay, errors
import delimited using ../../reference/data/grunfeld.csv, clear
reghdfe invest mvalue kstock, absorb(company)
assert reldif(_b[mvalue], .1101238) < 1e-6 & reldif(_se[mvalue], .0118567) < 1e-5
assert e(df_a) == 10 & e(df_r) == 188 & e(ic) == 1
reghdfe invest mvalue kstock, absorb(company year) vce(cluster company year)
assert e(N_clust) == 10 & e(N_clust2) == 20 & e(df_r) == 9 & e(df_a_nested) == 30
reghdfe
capture noisily reghdfe invest mvalue, absorb(company#c.kstock)
assert _rc == 198
