* Difference GMM with H = I: the 2SLS estimate on first differences with GMM-style instruments.
import delimited using data/abdata.csv, clear
xtset id year
xtabond2 n L.n L2.n w L.w L(0/2).(k ys) yr*, gmm(L.n) iv(w L.w L(0/2).(k ys) yr*) h(1) nolevel small
