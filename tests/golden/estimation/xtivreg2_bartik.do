* name: xtivreg2_bartik
* description: shift-share (Bartik) instrument L.x * D.(national mean of x by year) and a distance interaction; FE 2SLS = 2SLS with panel dummies; two-way absorb() = dummies
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
bysort year: egen natmv = mean(mvalue)
sort company year
generate bartik = L.kstock * D.natmv
generate distshift = mod(company * 37, 11) * D.natmv
xtivreg2 invest kstock (mvalue = bartik distshift), fe small first
scalar b = _b[mvalue]
scalar se = _se[mvalue]
quietly ivreg2 invest kstock i.company (mvalue = bartik distshift), small
assert reldif(b, _b[mvalue]) < 1e-10 & reldif(se, _se[mvalue]) < 1e-10
quietly ivreg2 invest kstock (mvalue = bartik distshift), absorb(company year) small cluster(company)
assert e(df_a) == 28 & e(N_clust) == 10
scalar b = _b[mvalue]
quietly ivreg2 invest kstock i.company i.year (mvalue = bartik distshift), small
assert reldif(b, _b[mvalue]) < 1e-10
quietly ivreg2 invest kstock (mvalue = bartik distshift), absorb(company) robust
scalar se = _se[mvalue]
quietly ivreg2 invest kstock i.company (mvalue = bartik distshift), robust partial(i.company)
assert reldif(se, _se[mvalue]) < 1e-10
* The reduced form of the FE model: invest on the instruments within panels.
quietly xtivreg2 invest kstock (mvalue = bartik distshift), fe saverf
display "`e(rfeq)'"
estimates restore _xtivreg2_invest
scalar rb = _b[bartik]
quietly xtivreg2 invest kstock bartik distshift, fe
assert reldif(rb, _b[bartik]) < 1e-10
