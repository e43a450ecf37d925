* name: areg
* description: areg absorb(): same slopes as xtreg, fe; absorbed levels counted in the dof of every VCE
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
areg invest mvalue kstock, absorb(company)
assert reldif(_b[mvalue], .1101238) < 1e-6 & reldif(_se[mvalue], .0118567) < 1e-5
assert e(df_a) == 9 & e(k_absorb) == 10 & e(df_r) == 188 & abs(e(F_absorb) - 49.177) < .001
areg invest mvalue kstock, absorb(company) vce(cluster company)
scalar se_areg = _se[mvalue]
quietly xtreg invest mvalue kstock, fe vce(cluster company)
* areg counts the 9 absorbed dummies in (N-1)/(N-k); xtreg, fe does not.
assert reldif(se_areg / _se[mvalue], sqrt(197 / 188)) < 1e-10
areg invest mvalue kstock i.year, absorb(company) vce(robust)
capture noisily areg invest mvalue kstock
assert _rc == 198
