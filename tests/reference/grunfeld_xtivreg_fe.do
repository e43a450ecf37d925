* Read as doubles, as R reads the CSV; the lags as doubles too.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
generate double lmv = L.mvalue
generate double lks = L.kstock
* Within 2SLS, conventional and cluster-robust (vce(robust) clusters on company).
xtivreg invest kstock (mvalue = lmv lks), fe
xtivreg invest kstock (mvalue = lmv lks), fe vce(robust)
