* name: xtabond2_cluster
* description: cluster(id) equals the default robust VCE; cluster(c) with h(1) and IV-style instruments is ivreg2 on first differences with cluster(c)
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
gen int c = floor(id/4)
quietly xtabond2 n L.n w k yr*, gmm(L.n, collapse) iv(w k yr*, eq(level)) twostep robust small
scalar s0 = _se[L.n]
scalar h0 = e(hansen)
quietly xtabond2 n L.n w k yr*, gmm(L.n, collapse) iv(w k yr*, eq(level)) twostep small cluster(id)
assert reldif(s0, _se[L.n]) < 1e-8 & reldif(h0, e(hansen)) < 1e-9 & e(df_r) == 139
quietly xtabond2 n L.n w k, iv(L2.n L3.n, passthru) iv(w k) nolevel h(1) cluster(c)
gen byte s = e(sample)
scalar b = _b[L.n]
scalar se = _se[w]
gen double dn = D.n
gen double dln = DL.n
gen double dw = D.w
gen double dk = D.k
quietly ivreg2 dn (dln = L2.n L3.n) dw dk if s, nocons cluster(c)
assert reldif(b, _b[dln]) < 1e-9 & reldif(se, _se[dw]) < 1e-9
xtabond2 n L.n w k, iv(L2.n L3.n, passthru) iv(w k) nolevel h(1) twostep cluster(c)
scalar j = e(hansen)
scalar b = _b[w]
quietly ivreg2 dn (dln = L2.n L3.n) dw dk if s, nocons cluster(c) gmm2s
assert reldif(j, e(j)) < 1e-9 & reldif(b, _b[dw]) < 1e-9
capture noisily xtabond2 n L.n w k, iv(L2.n L3.n, passthru) nolevel cluster(c id)
