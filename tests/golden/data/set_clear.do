* name: set_clear
* description: set (obs, seed, type, more, linesize, varabbrev, rmsg, level, accepted no-ops) and clear (data, all, results, programs)
clear
set obs 3
set obs 1500
assert _N == 1500
capture set obs 10
assert _rc == 198
set obs `=_N'
* the same seed gives the same stream
set seed 12345
gen u1 = runiform()
set seed 12345
gen u2 = runiform()
assert u1 == u2
set type double
gen d = 1/3
assert "`: type d'" == "double"
set type float
capture set type int
assert _rc == 198
set more off
set more on, permanently
set linesize 120
capture set linesize 10
assert _rc == 198
set varabbrev off
set rmsg off
capture set rmsg maybe
assert _rc == 198
set level 90
set matsize 800
set maxvar 10000
set trace off
* clear removes the data but keeps results
count
clear
assert _N == 0 & c(k) == 0
assert r(N) == 1500
* clear all also removes results, scalars and programs
scalar sc = 5
program define myprog
    display "hi"
end
clear all
capture myprog
assert _rc == 199
capture display scalar(sc)
assert r(N) == .
clear results
clear programs
clear mata
set nosuchsetting 1
