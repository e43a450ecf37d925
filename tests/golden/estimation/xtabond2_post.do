* name: xtabond2_post
* description: xtabond2 with esttab beside xtreg, predict (xb = x'b, residuals = y - xb), estat abond and replay; orthogonal deviations equal first differences on balanced panels with all lags
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
eststo clear
eststo: quietly xtreg n L.n w k, fe
eststo: quietly xtabond2 n L.n w k, gmm(L.n, collapse) iv(w k) twostep robust h(2) arlevels artests(3)
esttab, se scalars(N N_g ar2p hansenp j)
predict double xb
predict double res, residuals
assert reldif(xb, _b[L.n] * L.n + _b[w] * w + _b[k] * k + _b[_cons]) < 1e-12 if xb < .
assert reldif(res, n - xb) < 1e-12 if res < .
estat abond
quietly xtabond2 n L.n w k, gmm(L.n, collapse) iv(w k) noconstant small
xtabond2
bysort id: egen int t0 = min(year)
bysort id: egen int t1 = max(year)
keep if t0 == 1976 & t1 == 1982
quietly xtabond2 n L.n w, gmm(L.n w) nolevel
scalar b = _b[L.n]
quietly xtabond2 n L.n w, gmm(L.n w) nolevel orthogonal
assert reldif(b, _b[L.n]) < 1e-9
