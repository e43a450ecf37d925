* name: xtivreg
* description: xtivreg fe = xtivreg2, fe small (slopes and SEs, dof N - N_g - K); xtivreg fd = ivregress 2sls on first differences
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
generate z = L.kstock * (year - 1944)
xtivreg invest kstock (mvalue = z L.mvalue), fe
scalar b = _b[mvalue]
scalar se = _se[mvalue]
quietly xtivreg2 invest kstock (mvalue = z L.mvalue), fe small
assert reldif(b, _b[mvalue]) < 1e-10 & reldif(se, _se[mvalue]) < 1e-10
quietly xtivreg invest kstock (mvalue = z L.mvalue), fd small
scalar b = _b[D.mvalue]
scalar se = _se[D.mvalue]
quietly ivregress 2sls D.invest D.kstock (D.mvalue = D.z DL.mvalue), small
assert reldif(b, _b[D.mvalue]) < 1e-10 & reldif(se, _se[D.mvalue]) < 1e-10
capture noisily xtivreg invest kstock (mvalue = z), re
assert _rc == 198
