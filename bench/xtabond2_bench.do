* Benchmark (not a test): two-step difference GMM with Windmeijer-corrected SEs on
* abdata, 100 times in one script (the pydynpd benchmark model; published times:
* Stata xtabond2 4.2 s, R plm 11.0 s). Run from the repository root:
*   /usr/bin/time -v build/xtdo bench/xtabond2_bench.do
import delimited using tests/reference/data/abdata.csv, clear
xtset id year
timer clear
timer on 1
forvalues rep = 1/100 {
    quietly xtabond2 n L(1/2).n w k, gmm(n, lag(2 4)) gmm(w, lag(1 3)) iv(k) nolevel twostep robust
}
timer off 1
assert reldif(_b[L.n], .1700616) < 1e-6
timer list
