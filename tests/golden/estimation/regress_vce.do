* name: regress_vce
* description: regress with vce(robust|hc2|hc3|cluster), pweights, and the errors Stata gives for bad vce() and samples
import delimited using ../../reference/data/grunfeld.csv, clear
regress invest mvalue kstock, vce(cluster company)
* Stata output in statsmodels' results_grunfeld_ols_robust_cluster.py (results_cluster).
assert reldif(_se[mvalue], .01589433647768) < 1e-8 & reldif(_se[_cons], 20.425202580078) < 1e-8
assert e(N_clust) == 10 & e(df_r) == 9 & reldif(e(F), 51.59060716590177) < 1e-8
assert reldif(e(ll), -1191.80235741801) < 1e-10 & reldif(e(ll_0), -1359.150955647688) < 1e-10
regress invest mvalue kstock [aweight = 1/mvalue], robust
* results_hc1_wls_small in the same file.
assert reldif(_se[kstock], .00986959606725) < 1e-8 & reldif(e(F), 158.2726503915062) < 1e-8
regress invest mvalue kstock, vce(hc2)
regress invest mvalue kstock, vce(hc3)
* vce(robust) equals clustering on each observation up to (N-1)/N·N/(N-1): identical.
generate long obs = _n
quietly regress invest mvalue kstock, vce(robust)
scalar se_r = _se[mvalue]
quietly regress invest mvalue kstock, vce(cluster obs)
assert reldif(_se[mvalue], se_r) < 1e-10
regress invest mvalue kstock [pweight = time]
assert e(vce) == "robust"
capture noisily regress invest mvalue, vce(bogus)
assert _rc == 198
capture noisily regress invest mvalue, vce(cluster)
assert _rc == 198
capture noisily regress invest mvalue if invest > 1e9
assert _rc == 2000
capture noisily regress invest mvalue [aweight = -time]
assert _rc == 402
capture noisily regress invest mvalue [fweight = time/2]
assert _rc == 401
capture noisily regress i.company mvalue
assert _rc == 198
