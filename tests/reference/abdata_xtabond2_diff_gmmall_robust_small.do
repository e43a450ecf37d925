* Difference GMM with wages and capital instrumented GMM-style, one-step robust, small.
import delimited using data/abdata.csv, clear
xtset id year
xtabond2 n L.n L2.n w L.w L(0/2).(k ys) yr*, gmm(L.(n w k)) iv(L(0/2).ys yr*) nolevel robust small
