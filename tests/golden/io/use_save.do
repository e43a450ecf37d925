* name: use_save
* description: use/save of .dta files (labels, data label, subsets), .csv by extension, save without a name, file-exists and changed-data errors
use ../../data/insp_people.dta, clear
describe
list
* Round trip through a temporary .dta file (paths vary, so saves run quietly).
tempfile dta csv
quietly save "`dta'"
capture save "`dta'"
display _rc
quietly save "`dta'", replace
use "`dta'", clear
describe name income region
assert _N == 4 & c(k) == 5
* save with no file name reuses the file last used.
generate double twice = income * 2
capture use "`dta'"
display _rc
quietly save, replace
use "`dta'", clear
assert c(k) == 6
assert reldif(twice, 2 * income) < 1e-12 if !missing(income)
* use varlist if in using: a subset straight from the file.
use name income using ../../data/insp_people.dta if income < 60000, clear
list
use region using ../../data/insp_people.dta in 2/3, clear
list
describe
* A .csv extension reads and writes delimited text.
use ../../data/insp_people.dta, clear
quietly save "`csv'.csv", replace
use "`csv'.csv", clear
describe name region
assert _N == 4
capture use nosuchfile, clear
display _rc
