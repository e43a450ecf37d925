* xtdo flagship demo: the Grunfeld investment panel.
* Data: Grunfeld (1958) investment data, 10 US firms x 1935-1954, as distributed
* with Stata (`webuse grunfeld`); public data, CSV copy in data/grunfeld.csv.
* Run from this folder:  ../build/xtdo demo.do
* abdata: Arellano and Bond (1991) UK company panel, as distributed with Stata
* (`webuse abdata`); public data, CSV copy in data/abdata.csv.
*
* The second half runs the steps of a provincial-panel replication study on
* Grunfeld's firms: a composite index, stepwise two-way FE with a Hausman test, a
* publication table, high-dimensional FE, a Bartik-style IV with weak-instrument
* diagnostics, Driscoll-Kraay errors, heterogeneity by quartile, and system GMM.

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

* ---------------------------------------------------------------------------
* The replication steps
* ---------------------------------------------------------------------------

* 1. A composite index by the entropy weight method (capital and value indicators).
entropy index mvalue kstock, generate(ci)
generate double lninv = ln(invest)
generate double lnmv = ln(mvalue)
generate double lnk = ln(kstock)
label variable lnmv "Log market value"
label variable lnk "Log capital stock"
label variable ci "Composite index"

* 2. Stepwise two-way fixed effects, robust (clustered) errors, and a Hausman test.
eststo clear
eststo: quietly xtreg lninv lnmv i.year, fe vce(robust)
estadd local firmfe "Yes"
eststo: quietly xtreg lninv lnmv lnk i.year, fe vce(robust)
estadd local firmfe "Yes"
eststo: quietly xtreg lninv lnmv lnk ci i.year, fe vce(robust)
estadd local firmfe "Yes"
esttab, se star(* 0.10 ** 0.05 *** 0.01) b(%9.4f) se(%9.4f) label ///
    indicate("Year FE = *.year") scalars("firmfe Firm FE" "r2_w Within R-sq") ///
    mtitles("Base" "Capital" "Index") title("Table 1: Investment, two-way FE")
testparm lnmv lnk
lincom lnmv + lnk
quietly xtreg lninv lnmv lnk, fe
estimates store fe
quietly xtreg lninv lnmv lnk, re
estimates store re
hausman fe re

* 3. The same two-way model absorbed by reghdfe, clustered by firm.
reghdfe lninv lnmv lnk, absorb(company year) vce(cluster company)

* 4. A Bartik-style shift-share instrument: own lagged capital times the
*    first difference of the national (cross-firm) mean of market value.
bysort year: egen natmv = mean(lnmv)
sort company year
generate double bartik = L.lnk * D.natmv
xtivreg2 lninv lnk (lnmv = bartik L2.lnmv), fe first small

* 5. Cross-sectional dependence: Driscoll-Kraay standard errors.
xtscc lninv lnmv lnk, fe lag(2)

* 6. Heterogeneity by quartile of firm size (capital stock).
xtile size_q = kstock, nq(4)
forvalues q = 1/4 {
    quietly reghdfe lninv lnmv lnk if size_q == `q', absorb(company year)
    display "quartile `q': b(lnmv) = " %7.4f _b[lnmv] "  se = " %7.4f _se[lnmv] "  N = " e(N)
}

* 7. Dynamic panel: Blundell-Bond system GMM on the Arellano-Bond panel.
import delimited using data/abdata.csv, clear case(preserve)
xtset id year
xtabond2 n L.n L(0/1).(w k) yr*, gmmstyle(L.(n w k)) ivstyle(yr*, equation(level)) robust small
