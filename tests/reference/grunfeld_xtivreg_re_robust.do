* Read as doubles, as R reads the CSV; the lags as doubles too.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
generate double lmv = L.mvalue
generate double lks = L.kstock
* G2SLS with the cluster-robust VCE on the panel variable, z and then t (small).
xtivreg invest kstock (mvalue = lmv lks), re vce(robust)
xtivreg invest kstock (mvalue = lmv lks), re vce(cluster company) small
