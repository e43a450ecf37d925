* name: xtreg_re_be
* description: xtreg, re (Swamy-Arora, balanced and unbalanced) and xtreg, be on Grunfeld, with replay
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
xtreg invest mvalue kstock, re
* Stata's output for these data: b, se, sigma_u and theta.
assert reldif(_b[mvalue], .1097811) < 1e-6 & reldif(_se[mvalue], .0104927) < 1e-5
assert reldif(_se[_cons], 28.89893) < 1e-6 & reldif(e(sigma_u), 84.20095) < 1e-6
assert abs(e(theta) - .8612) < 5e-5 & e(cmd) == "xtreg" & e(model) == "re"
xtreg invest mvalue kstock, re vce(robust)
xtreg invest mvalue kstock if company != 3 | year < 1950, re theta
display %6.4f e(thta_min) "  " %6.4f e(thta_max)
xtreg invest mvalue kstock, be
xtreg invest mvalue kstock if year != 1950 | company > 4, be wls
xtreg
