* name: xtabond2_options
* description: xtabond2 sub-option identities: split, eq(level) passthru collapse = iv(, mz), eq(diff) lag(0 0) = iv(, passthru mz), small in two step, artests()
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
quietly xtabond2 n L.n w k, gmm(L.n, lag(1 4) split collapse) iv(w k) twostep robust
scalar b = _b[L.n]
scalar s = _se[w]
quietly xtabond2 n L.n w k, gmm(L.n, lag(1 4) eq(diff) collapse) gmm(L.n, lag(0 0) eq(level) collapse) iv(w k) twostep robust
assert reldif(b, _b[L.n]) < 1e-9 & reldif(s, _se[w]) < 1e-9
quietly xtabond2 n L.n w k, gmm(L.n, collapse) gmm(L.n, collapse eq(level) passthru lag(1 1)) iv(w k, eq(diff)) robust
scalar b = _b[L.n]
scalar s = _se[w]
quietly xtabond2 n L.n w k, gmm(L.n, collapse) iv(L2.n, eq(level) mz) iv(w k, eq(diff)) robust
assert reldif(b, _b[L.n]) < 1e-9 & reldif(s, _se[w]) < 1e-9
quietly xtabond2 n L.n w k, gmm(L.n, collapse eq(level) lag(1 1)) gmm(w k, collapse eq(diff) lag(0 0)) twostep
scalar b = _b[L.n]
scalar s = _se[w]
quietly xtabond2 n L.n w k, iv(LD.L.n, eq(level) mz) iv(w k, eq(diff) passthru mz) twostep small
assert reldif(b, _b[L.n]) < 1e-9 & reldif(s^2 * e(N) / (e(N) - 3) * e(N_g) / (e(N_g) - 1), _se[w]^2) < 1e-9
quietly xtabond2 n L.n w k, gmm(L.n, collapse) iv(w k) artests(4)
scalar a2 = e(ar2)
quietly xtabond2 n L.n w k, gmm(L.n, collapse) iv(w k) artests(2)
assert e(ar2) == a2 & e(ar3) == .
display "identities hold"
