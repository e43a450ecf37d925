* xtdo flagship demo: the Grunfeld investment panel.
* Data: Grunfeld (1958) investment data, 10 US firms x 1935-1954, as distributed
* with Stata (`webuse grunfeld`); public data, CSV copy in data/grunfeld.csv.
* Run from this folder:  ../build/xtdo demo.do
* Later issues grow this script into the full replication study.

import delimited using data/grunfeld.csv, clear
describe
summarize invest mvalue kstock

* The panel structure: firms observed yearly.
xtset company year

* Lags, growth and firm means built with time-series operators and by-groups.
generate double linvest = ln(invest)
generate double dlinvest = D.linvest
generate lag_invest = L.invest
bysort company: egen mean_invest = mean(invest)
generate dev_invest = invest - mean_invest
label variable mean_invest "Firm mean of invest"

summarize linvest dlinvest lag_invest dev_invest
list company year invest lag_invest mean_invest in 1/5

* Within-firm summaries for the first three firms.
by company: summarize invest if company <= 3

* A few macros and loops, as replication scripts use them.
local vars invest mvalue kstock
foreach v of local vars {
    quietly summarize `v'
    display "`v'" _col(12) "mean = " %9.3f r(mean) _col(32) "sd = " %9.3f r(sd)
}
forvalues k = 1/3 {
    quietly count if company == `k' & invest > mean_invest
    display "firm `k': " r(N) " years above its mean"
}

* Fixed-effects regressions, as the replication studies run them.
xtreg invest mvalue kstock, fe
xtreg invest mvalue kstock i.year, fe vce(robust)
regress invest mvalue kstock, vce(cluster company)
