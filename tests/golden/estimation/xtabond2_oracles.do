* name: xtabond2_oracles
* description: difference GMM with h(1) and IV-style instruments only is 2SLS on first differences, two-step without robust is ivreg2 gmm2s cluster(id); just identified it is Anderson-Hsiao
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
quietly xtabond2 n L.n w k, iv(L2.n L3.n, passthru) iv(w k) nolevel h(1)
gen byte s = e(sample)
scalar b_ln = _b[L.n]
scalar b_w = _b[w]
gen double dn = D.n
gen double dln = DL.n
gen double dw = D.w
gen double dk = D.k
quietly regress dln L2.n L3.n dw dk if s, noconstant
predict double dlnhat if s
quietly regress dn dlnhat dw dk if s, noconstant
assert reldif(b_ln, _b[dlnhat]) < 1e-9 & reldif(b_w, _b[dw]) < 1e-9
quietly xtabond2 n L.n w k, iv(L2.n L3.n, passthru) iv(w k) nolevel h(1) twostep
scalar s2 = _se[w]
scalar b2 = _b[w]
quietly ivreg2 dn (dln = L2.n L3.n) dw dk if s, nocons cluster(id) gmm2s
assert reldif(s2, _se[dw]) < 1e-9 & reldif(b2, _b[dw]) < 1e-9
quietly xtabond2 n L.n, iv(L2.n, passthru) nolevel h(1)
gen double zy = L2.n * D.n if e(sample)
gen double zx = L2.n * DL.n if e(sample)
quietly summarize zy
scalar szy = r(sum)
quietly summarize zx
assert reldif(_b[L.n], szy / r(sum)) < 1e-9
display "oracles hold"
