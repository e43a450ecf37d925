* name: ivreg2_first
* description: ivreg2 first/savefirst/savefprefix(): robust first-stage regressions shown and stored as estimates; a stored first stage equals regress, replays, and tabulates
use ../../reference/data/griliches76.dta, clear
quietly regress iq med kww age mrt expr, vce(robust)
scalar b_med = _b[med]
scalar se_med = _se[med]
ivreg2 lw expr (s iq = med kww age mrt), robust first savefirst
display "`e(firsteqs)'"
estimates restore _ivreg2_iq
assert reldif(_b[med], b_med) < 1e-10 & reldif(_se[med], se_med) < 1e-10
ivreg2
quietly ivreg2 lw expr (s iq = med kww age mrt), cluster(year) savefprefix(c_)
estimates replay c_s
estimates table c_s c_iq, se
esttab c_s c_iq, se
estimates dir
* Reduced form: rf prints it before the first stages and drops it; saverf keeps it.
ivreg2 lw expr (s iq = med kww age mrt), rf robust
display "`e(rfeq)'"
quietly ivreg2 lw expr (s iq = med kww age mrt), saverfprefix(r_) cluster(year)
display "`e(rfeq)'"
estimates replay r_lw
