* ivreg2 2SLS with HAC statistics (quadratic spectral, Bartlett, Parzen) on one
* firm's time series; numbers from R sandwich::kernHAC on AER::ivreg (see the .json).
import delimited using data/grunfeld.csv, clear
keep if company == 1
tsset year
ivreg2 invest (mvalue = kstock time), robust bw(2.5) kernel(quadratic-spectral)
ivreg2 invest (mvalue = kstock time), robust bw(3)
ivreg2 invest (mvalue = kstock time), robust bw(4.5) kernel(par)
