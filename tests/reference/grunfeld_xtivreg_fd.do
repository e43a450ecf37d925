* Read as doubles, as R reads the CSV; the lags as doubles too.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
generate double lmv = L.mvalue
generate double lks = L.kstock
* First differences, conventional and cluster-robust.
xtivreg invest kstock (mvalue = lmv lks), fd
xtivreg invest kstock (mvalue = lmv lks), fd vce(robust)
