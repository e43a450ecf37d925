* name: newey_xtscc
* description: newey (within-panel Newey-West) and xtscc (Driscoll-Kraay, pooled and fe) on Grunfeld
import delimited using ../../../scripts/data/grunfeld.csv, clear
xtset company year
newey invest mvalue kstock, lag(4) force
* Stata: newey ... lag(4) force, se(mvalue) = .01142785251475 (statsmodels results_nw_panel4)
assert reldif(_se[mvalue], .01142785251475) < 1e-6
xtscc invest mvalue kstock, lag(4)
* ivreg2 ..., dkraay(5) small: se(mvalue) = .0138548615926 (statsmodels results)
assert reldif(_se[mvalue], .0138548615926) < 1e-6
xtscc invest mvalue kstock, fe
test mvalue kstock
capture newey invest mvalue
display "rc = " _rc
