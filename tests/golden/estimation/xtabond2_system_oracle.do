* name: xtabond2_system_oracle
* description: system GMM with h(1), noconstant and IV-style instruments only (eq(diff) passthru, eq(both), eq(level)) is 2SLS on the stacked differenced and levels rows, robust = clustered by panel; just identified, h(2) and h(1) agree
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
quietly xtabond2 n L.n w k, iv(L2.n, eq(diff) passthru) iv(w k) iv(DL.n, eq(level)) h(1) noconstant robust
scalar b = _b[L.n]
scalar s = _se[w]
scalar nobs = e(N)
gen byte ok = n < . & L.n < . & w < . & k < .
foreach v in n w k {
  gen double d`v' = D.`v'
}
gen double dL_n = DL.n
gen double l2n = L2.n
gen double ln = L.n
expand 2, generate(lev)
gen double Y = cond(lev, n, dn)
gen double X1 = cond(lev, ln, dL_n)
gen double X2 = cond(lev, w, dw)
gen double X3 = cond(lev, k, dk)
gen double Z1 = cond(lev, 0, l2n)
gen double Z4 = cond(lev, dL_n, 0)
gen byte use = ok & Y < . & X1 < . & X2 < . & X3 < . & Z1 < . & Z4 < .
quietly ivreg2 Y X2 X3 (X1 = Z1 Z4) if use, nocons cluster(id)
assert reldif(b, _b[X1]) < 1e-9 & reldif(s, _se[X2]) < 1e-9
count if use & lev
assert r(N) == nobs
drop if lev
quietly xtabond2 n L.n w k, iv(L2.n, eq(diff) passthru) iv(w k) h(2) noconstant
scalar b = _b[L.n]
quietly xtabond2 n L.n w k, iv(L2.n, eq(diff) passthru) iv(w k) h(1) noconstant
assert reldif(b, _b[L.n]) < 1e-9 & e(j) == 3
