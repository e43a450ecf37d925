* Read as doubles, as R reads the CSV; the lags as doubles too.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
generate double lmv = L.mvalue
generate double lks = L.kstock
* Between 2SLS on the firm means.
xtivreg invest kstock (mvalue = lmv lks), be
