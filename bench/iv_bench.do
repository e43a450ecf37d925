* Benchmark (not a test): 2SLS with two absorbed fixed effects (firm and year),
* one endogenous regressor and three instruments, clustered by firm, with the
* first-stage regressions and the diagnostic block; then the same model's OLS with
* reghdfe (the issue's yardstick: 2SLS within 1.5x of it). The two fits alternate
* `reps` times (default 5) so that both are timed in the same state of the machine;
* the first pair includes the cost of fresh memory, the later pairs are steady state.
* Run: /usr/bin/time -v build/xtdo bench/iv_bench.do [rows] [reps]   (default 1e6; seeded)
args n reps
if "`n'" == "" local n 1000000
if "`reps'" == "" local reps 5
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
forvalues r = 1/`reps' {
  timer clear
  timer on 1
  quietly ivreg2 y w (x = z1 z2 z3), absorb(firm year) cluster(firm) first
  timer off 1
  timer on 2
  quietly reghdfe y x w, absorb(firm year) vce(cluster firm)
  timer off 2
  quietly timer list
  display "N = `n', run `r': 2SLS " %6.3f r(t1) " s, reghdfe OLS " %6.3f r(t2) " s, ratio " %5.2f r(t1) / r(t2)
}
