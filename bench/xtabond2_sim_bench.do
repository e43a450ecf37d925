* Benchmark (not a test): two-step system GMM with collapsed instruments on a
* simulated panel of 10,000 units x 10 periods. Run from the repository root:
*   /usr/bin/time -v build/xtdo bench/xtabond2_sim_bench.do
clear
set seed 12345
set obs 100000
gen long id = ceil(_n / 10)
gen int year = mod(_n - 1, 10) + 1
* Rows are sorted by id and year, so y[_n-1] is the previous period of the same unit.
gen double u = invnormal(mod(id * 0.7548776662466927, 1))
gen double x = rnormal() + 0.5 * u
gen double y = u + rnormal() if year == 1
forvalues t = 2/10 {
    quietly replace y = 0.5 * y[_n-1] + 0.3 * x + u + rnormal() if year == `t'
}
xtset id year
timer clear
timer on 1
xtabond2 y L.y x, gmm(L.y, collapse) gmm(x, lag(1 3) collapse) twostep robust
timer off 1
timer list
