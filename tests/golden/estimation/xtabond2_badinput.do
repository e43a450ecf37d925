* name: xtabond2_badinput
* description: xtabond2 bad input: panels too short for the lags, empty lag range, instruments outnumbering observations, gaps, two-way cluster
import delimited using ../../reference/data/abdata.csv, clear
xtset id year
capture noisily xtabond2 n L.n w if year <= 1977, gmm(n) nolevel
capture noisily xtabond2 n L(1/8).n w, gmm(L.n) nolevel
capture noisily xtabond2 n L.n w, gmm(n, lag(-20 -10)) nolevel
capture noisily xtabond2 n L.n w, gmm(n, lag(2)) nolevel
capture noisily xtabond2 n L.n w, gmm(, lag(2 3)) nolevel
capture noisily xtabond2 n L.n w, nolevel h(4)
capture noisily xtabond2 n L.n w, gmm(n) nolevel arlevels
capture noisily xtabond2 n L.n w, gmm(n, collapse) cluster(id year)
xtabond2 n L.n w k if id <= 4, gmm(L.(n w k)) twostep robust nodiffsargan
display e(j) " instruments, " e(N) " observations"
drop if year == 1980 & mod(id, 3) == 0
quietly xtabond2 n L.n w k, gmm(L.n, collapse) iv(w k) nolevel
display e(N) " observations with gaps in the panels"
