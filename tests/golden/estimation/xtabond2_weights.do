* name: xtabond2_weights
* description: aweighted difference GMM with h(1) and IV-style instruments is weighted 2SLS on first differences; fweights must be constant within panels
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
bysort id: egen double wgt = mean(emp)
quietly xtabond2 n L.n w k [aw=wgt], iv(L2.n L3.n, passthru) iv(w k) nolevel h(1)
gen byte s = e(sample)
scalar b_ln = _b[L.n]
scalar b_k = _b[k]
gen double dln = DL.n
gen double dk = D.k
quietly regress dln L2.n L3.n D.w dk if s [aw=wgt], noconstant
predict double dlnhat if s
quietly regress D.n dlnhat D.w dk if s [aw=wgt], noconstant
assert reldif(b_ln, _b[dlnhat]) < 1e-9 & reldif(b_k, _b[dk]) < 1e-9
gen int fw = ceil(wgt) + year
capture noisily xtabond2 n L.n [fw=fw], gmm(L.n) nolevel
