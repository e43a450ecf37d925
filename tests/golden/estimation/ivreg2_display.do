* name: ivreg2_display
* description: ivreg2 output with cluster-robust statistics, first-stage summary, KP statistics, Hansen J, endog() C test; replay
use ../../reference/data/griliches76.dta, clear
ivreg2 lw expr (s iq = med kww age mrt), cluster(year) first endog(iq)
ivreg2
