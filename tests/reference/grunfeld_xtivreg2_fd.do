* Read as doubles, as R reads the CSV; the lags as doubles too.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
generate double lmv = L.mvalue
generate double lks = L.kstock
* ivreg2 on first differences (with a constant): small, then clustered by firm.
xtivreg2 invest kstock (mvalue = lmv lks), fd small
xtivreg2 invest kstock (mvalue = lmv lks), fd cluster(company)
