* Benchmark (not a test): 2SLS with two absorbed fixed effects (firm and year) on
* 1e6 rows, clustered by firm, with the first-stage summary and the diagnostic block.
* Run: /usr/bin/time -v build/xtdo bench/iv_bench.do   (data are generated, seeded)
set seed 20261123
clear
quietly set obs 1000000
generate firm = ceil(_n / 20)
generate year = 2000 + mod(_n - 1, 20)
generate a = mod(firm, 97) / 97
generate z1 = rnormal() + a
generate z2 = rnormal()
generate w = rnormal()
generate u = rnormal()
generate x = 0.5 * z1 + 0.3 * z2 + 0.2 * w + 0.5 * u + a + rnormal()
generate y = 1 + 0.8 * x - 0.3 * w + u + a + 0.01 * year
timer clear
timer on 1
ivreg2 y w (x = z1 z2), absorb(firm year) cluster(firm) first
timer off 1
quietly timer list
display "N = 1e6, two absorbed FE, clustered 2SLS: " %6.2f r(t1) " s"
