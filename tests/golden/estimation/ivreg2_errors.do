* name: ivreg2_errors
* description: bad input: under-identification r(481), collinear instruments dropped with a note, unsupported options r(198)
use ../../reference/data/griliches76.dta, clear
capture noisily ivreg2 lw expr (s iq = med)
assert _rc == 481
generate med2 = 2 * med
quietly ivreg2 lw expr (s = med med2 kww)
assert e(exexog) == "med kww"
capture noisily ivreg2 lw expr (s = expr)
assert _rc == 481
capture noisily ivreg2 lw expr (s = med), cue liml
assert _rc == 198
capture noisily ivreg2 lw expr (s = med
assert _rc == 132
capture noisily ivregress ols lw expr (s = med)
assert _rc == 198
capture noisily ivreg2 lw expr (s = nosuchvar)
assert _rc == 111
