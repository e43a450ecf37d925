* Benchmark (not a test): one fit in a fresh process — the first command after the
* data are built pays for all the memory it touches (on a VM mostly page faults).
* Run each model in its own process and compare:
*   /usr/bin/time -v build/xtdo bench/iv_cold.do [rows] iv
*   /usr/bin/time -v build/xtdo bench/iv_cold.do [rows] ols
*   /usr/bin/time -v build/xtdo bench/iv_cold.do [rows] none   (the data alone)
* Same data and models as iv_bench.do (default 1e6 rows; seeded).
args n which
if "`n'" == "" local n 1000000
if "`which'" == "" local which iv
set seed 20261123
clear
quietly set obs `n'
generate firm = ceil(_n / 20)
generate year = 2000 + mod(_n - 1, 20)
generate a = mod(firm, 97) / 97
generate z1 = rnormal() + a
generate z2 = rnormal()
generate z3 = rnormal()
generate w = rnormal()
generate u = rnormal()
generate x = 0.5 * z1 + 0.3 * z2 + 0.2 * z3 + 0.2 * w + 0.5 * u + a + rnormal()
generate y = 1 + 0.8 * x - 0.3 * w + u + a + 0.01 * year
timer clear
timer on 1
if "`which'" == "iv" quietly ivreg2 y w (x = z1 z2 z3), absorb(firm year) cluster(firm) first
if "`which'" == "ols" quietly reghdfe y x w, absorb(firm year) vce(cluster firm)
timer off 1
quietly timer list
display "N = `n', `which' (fresh process): " %6.3f r(t1) " s"
