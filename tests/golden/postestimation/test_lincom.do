* name: test_lincom
* description: test, testparm, lincom, nlcom and estat ic after regress on Grunfeld
import delimited using ../../../scripts/data/grunfeld.csv, clear
quietly regress invest mvalue kstock i.company
test mvalue
assert reldif(r(F), (_b[mvalue]/_se[mvalue])^2) < 1e-9
test mvalue = kstock
test (mvalue + 2*kstock = 1) (2.company = 3.company)
test mvalue, notest
test kstock, accumulate
testparm i.company
testparm 2.company 3.company, equal
lincom mvalue + kstock
nlcom ratio: _b[mvalue]/_b[kstock]
estat ic
capture test nosuch
display "rc = " _rc
