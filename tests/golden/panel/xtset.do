* name: xtset
* description: xtset/tsset on the Grunfeld panel: report, r() values, balance, gaps, delta(), clear and sorting
import delimited using ../../../scripts/data/grunfeld.csv, clear
sort year company
xtset company year
assert r(tmin) == 1935 & r(tmax) == 1954 & r(tdelta) == 1
assert r(panelvar) == "company" & r(timevar) == "year"
assert r(balanced) == "strongly balanced"
assert r(imin) == 1 & r(imax) == 10 & r(gaps) == 0
* xtset sorts by panel and time.
assert company == 1 & year == 1935 in 1
assert year == 1936 in 2
display r(tmins) " " r(tmaxs) " " r(tdeltas) " " r(unit)
xtset
assert r(balanced) == "strongly balanced"
* Gaps: drop one year of one firm.
drop if company == 3 & year == 1940
xtset company year
assert r(gaps) == 1 & r(balanced) == "unbalanced"
drop if company == 4 & year == 1941
xtset company year
* The same number of years everywhere but not the same years: weakly balanced.
drop if year == 1950 & !inlist(company, 3, 4)
xtset company year
assert r(balanced) == "weakly balanced"
* delta(): every fifth year.
import delimited using ../../../scripts/data/grunfeld.csv, clear
keep if mod(year - 1935, 5) == 0
xtset company year, delta(5)
assert r(tdelta) == 5
tsset company year, delta(5) yearly
assert r(unit) == "yearly"
* tsset with a time variable alone.
keep if company == 1
tsset year, delta(5)
assert r(panelvar) == ""
xtset, clear
capture xtset
display _rc
capture xtset company time year
display _rc
