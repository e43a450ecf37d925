* name: drop_keep
* description: drop and keep — variables, observations by if/in and under by, the observations-deleted note, dropping every variable
clear
set obs 10
gen id = ceil(_n / 4)
gen x = _n
gen y = -_n
gen z = 1
drop z
capture confirm variable z
assert _rc == 111
drop if x > 8
assert _N == 8
drop in 1
assert _N == 7 & x[1] == 2
drop if x == 100
keep if x <= 6
assert _N == 5
keep in 2/4
assert _N == 3 & x[1] == 3 & x[3] == 5
* abbreviations and wildcards in the varlist
gen long1 = 1
gen long2 = 2
drop long*
keep id x
assert c(k) == 2
* under by, _n and _N are taken within groups
clear
set obs 9
gen g = ceil(_n / 3)
gen v = _n
bysort g: drop if _n == 1
assert _N == 6 & v[1] == 2
by g: keep if _n == _N
assert _N == 3 & v[1] == 3 & v[3] == 9
* dropping every variable also removes the observations
drop _all
assert _N == 0 & c(k) == 0
set obs 2
gen a = 1
capture drop
assert _rc == 100
capture drop nosuch
assert _rc == 111
drop a if a == 1
