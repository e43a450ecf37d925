* name: estimates_store
* description: estimates store/restore/replay/dir/drop/table; replay through the estimator; e(sample) after sort
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
quietly regress invest mvalue kstock if company <= 5
estimates store ols, title(OLS first five firms)
quietly xtreg invest mvalue kstock, fe
est sto fe
estimates dir
sort invest
est restore ols
count if e(sample)
regress
estimates replay fe
est tab ols fe, b(%9.4f) se stats(N r2)
est tab ols fe, star keep(mvalue) title(Stars)
estimates drop ols
estimates dir
capture noisily estimates restore ols
estimates clear
capture noisily estimates replay fe
