* Read as doubles, as R reads the CSV; the lags as doubles too.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
generate double lmv = L.mvalue
generate double lks = L.kstock
* G2SLS random effects (the default), Swamy-Arora variance components.
xtivreg invest kstock (mvalue = lmv lks), re
