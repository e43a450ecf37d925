* name: xtivreg
* description: xtivreg fe = xtivreg2, fe small and = ivreg2 with firm dummies (slopes, SEs: dof N - N_g - K); fd = ivregress 2sls on first differences; be output
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
generate z = L.kstock * (year - 1944)
xtivreg invest kstock (mvalue = z L.mvalue), fe
scalar b = _b[mvalue]
scalar se = _se[mvalue]
quietly xtivreg2 invest kstock (mvalue = z L.mvalue), fe small
assert reldif(b, _b[mvalue]) < 1e-10 & reldif(se, _se[mvalue]) < 1e-10
quietly ivreg2 invest kstock i.company (mvalue = z L.mvalue), small
assert reldif(b, _b[mvalue]) < 1e-9 & reldif(se, _se[mvalue]) < 1e-9
quietly xtivreg invest kstock (mvalue = z L.mvalue), fd small
scalar b = _b[D.mvalue]
scalar se = _se[D.mvalue]
quietly ivregress 2sls D.invest D.kstock (D.mvalue = D.z DL.mvalue), small
assert reldif(b, _b[D.mvalue]) < 1e-10 & reldif(se, _se[D.mvalue]) < 1e-10
xtivreg invest kstock (mvalue = z L.mvalue), be small
* first: the first stages as xtivreg.ado prints them (xtreg fe / regress on D.)
xtivreg invest kstock (mvalue = z), fe first vce(robust)
xtivreg invest kstock (mvalue = z), fd first
* regress: the endogenous regressor instruments itself (= xtreg, fe)
xtivreg invest kstock (mvalue = z), fe regress
* first with re: the G2SLS and EC2SLS first stages on the transformed data
xtivreg invest kstock (mvalue = z), re first
xtivreg invest kstock (mvalue = z), ec2sls first small
