* name: xtdescribe_xtsum
* description: xtdescribe patterns and T_i distribution, xtsum overall/between/within decomposition with r()
import delimited using ../../../scripts/data/grunfeld.csv, clear
xtset company year
xtdescribe
assert r(n) == 10 & r(min) == 20 & r(max) == 20
xtsum invest mvalue kstock
assert r(N) == 200 & r(n) == 10 & r(Tbar) == 20
assert reldif(r(mean), 276.0172) < 1e-6
assert reldif(r(sd), 301.1039) < 1e-6
* between: the standard deviation of the ten firm means; within: of x - xbar_i + xbar.
scalar sd_b = r(sd_b)
scalar sd_w = r(sd_w)
bysort company: egen double mk = mean(kstock)
by company: generate byte first = _n == 1
quietly summarize mk if first
assert reldif(sd_b, r(sd)) < 1e-9
generate double wk = kstock - mk + 276.0171505787969
quietly summarize wk
assert reldif(sd_w, r(sd)) < 1e-9
drop mk first wk
* An unbalanced panel: drop some years of some firms.
drop if company >= 8 & year < 1940
drop if company == 2 & year == 1945
xtdescribe
xtdescribe, patterns(2)
xtsum invest
assert r(N) == 184 & r(n) == 10
assert reldif(r(Tbar), 18.4) < 1e-12
keep if company <= 2
by company: xtsum invest
