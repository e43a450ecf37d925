* Two-step difference GMM with the Windmeijer correction (the benchmark model).
import delimited using data/abdata.csv, clear
xtset id year
xtabond2 n L(1/2).n w k, gmm(n, lag(2 4)) gmm(w, lag(1 3)) iv(k) nolevel twostep robust
