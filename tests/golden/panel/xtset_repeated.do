* name: xtset_repeated
* description: repeated time values within a panel stop xtset with r(451) and leave no settings
import delimited using ../../../scripts/data/grunfeld.csv, clear
replace year = 1935 if year == 1936 & company == 2
capture xtset company year
display _rc
capture xtdescribe
display _rc
tsset company time
assert r(timevar) == "time"
tsset year
