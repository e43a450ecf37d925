* name: xtabond2
* description: xtabond2 output (system GMM, collapse, orthogonal deviations, two-step), replay, predict, estat abond, bad input
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
xtabond2 n L.n w k yr1980-yr1984, gmm(L.(n w), collapse) iv(k) iv(yr*, eq(level)) twostep robust orthogonal
xtabond2
predict double res, residuals
estat abond
capture noisily xtabond2 n L.n w, gmm(n, lag(10 12)) nolevel
capture noisily xtabond2 n L.n w, gmm(n, lag(2 2) bogus) nolevel
capture noisily xtabond2 n L.n w, iv(w, eq(sideways))
xtset, clear
capture noisily xtabond2 n w, gmm(n) nolevel
