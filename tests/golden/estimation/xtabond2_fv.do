* name: xtabond2_fv
* description: factor variables in the regressors and in iv(): i.year equals the year dummies (base and collinear levels dropped), i.year#c.w equals generated products
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
quietly xtabond2 n L.n w k yr*, gmm(L.n, collapse) iv(w k yr*, eq(level)) robust small
scalar b = _b[yr1980]
scalar se = _se[k]
scalar h = e(hansen)
xtabond2 n L.n w k i.year, gmm(L.n, collapse) iv(w k i.year, eq(level)) robust small
assert reldif(b, _b[1980.year]) < 1e-9 & reldif(se, _se[k]) < 1e-9 & reldif(h, e(hansen)) < 1e-9
gen double w80 = w * yr1980
gen double w82 = w * yr1982
quietly xtabond2 n L.n k w80 w82, gmm(L.n, collapse) iv(k w80 w82) nolevel
scalar b = _b[w82]
quietly xtabond2 n L.n k i(1980 1982).year#c.w, gmm(L.n, collapse) iv(k i(1980 1982).year#c.w) nolevel
assert reldif(b, _b[1982.year#c.w]) < 1e-9
capture noisily xtabond2 i.year L.n, gmm(L.n) nolevel
