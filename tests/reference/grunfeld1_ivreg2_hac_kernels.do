* ivreg2 HAC (OLS: no endogenous regressors) with five kernels at fixed bandwidths
* on one firm's time series; numbers from R sandwich::kernHAC (see the .json).
import delimited using data/grunfeld.csv, clear
keep if company == 1
tsset year
ivreg2 invest mvalue kstock, robust bw(3) kernel(qs)
ivreg2 invest mvalue kstock, robust bw(2) kernel(truncated)
ivreg2 invest mvalue kstock, robust bw(4) kernel(bartlett)
ivreg2 invest mvalue kstock, robust bw(3) kernel(parzen)
ivreg2 invest mvalue kstock, robust bw(3) kernel(thann)
