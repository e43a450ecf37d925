* name: random
* description: runiform()/rnormal() are reproducible under set seed (no draws are printed)
clear
set obs 200
set seed 12345
gen double u1 = runiform()
gen double z1 = rnormal()
gen double w1 = rnormal(10, 2)
set seed 12345
gen double u2 = runiform()
gen double z2 = rnormal()
gen double w2 = rnormal(10, 2)
* The same seed gives the same draws, in the same order.
assert u1 == u2 & z1 == z2 & w1 == w2
* Without a new seed the stream goes on: fresh draws differ.
gen double u3 = runiform()
count if u3 == u1
* A scalar context draws from the same stream as generate.
set seed 2024
local a = runiform()
set seed 2024
gen double u4 = runiform()
assert reldif(`a', u4[1]) < 1e-10
* Ranges.
assert u1 > 0 & u1 < 1
gen double r = runiform(5, 7)
assert r > 5 & r < 7
gen k = runiformint(1, 6)
assert inlist(k, 1, 2, 3, 4, 5, 6)
gen double e = rexponential(2)
assert e > 0
* Invalid arguments give missing values.
gen double bad = rnormal(0, -1)
assert bad == .
