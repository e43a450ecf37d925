* ivreg2 Driscoll-Kraay (dkraay(5) = cluster on year + Bartlett kernel, bandwidth 5)
* with small-sample statistics, pooled OLS on Grunfeld; Stata output stored in statsmodels.
import delimited using data/grunfeld.csv, clear
xtset company year
ivreg2 invest mvalue kstock, dkraay(5) small
