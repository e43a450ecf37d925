* name: import_export
* description: import delimited (using and old syntax, varnames, delimiters, case, row/colrange) and export delimited round trips
import delimited using ../../../scripts/data/grunfeld.csv, clear
describe, short
* The old syntax without `using`, and an implied .csv extension.
import delimited ../../../scripts/data/grunfeld, clear
assert _N == 200 & c(k) == 6
* Data in memory that changed since they were last saved are not replaced without clear.
generate double extra = 1
capture import delimited using ../../../scripts/data/grunfeld.csv
display _rc
assert c(k) == 7
import delimited using ../../data/insp_people.csv, clear case(preserve)
describe, simple
import delimited using ../../data/insp_people.csv, clear varnames(nonames)
list v1 v2 in 1/2
import delimited using ../../data/insp_semicolon.txt, clear delimiter(";")
list
import delimited using ../../data/insp_nonames.csv, clear
list
import delimited using ../../../scripts/data/grunfeld.csv, clear rowrange(2:11) colrange(2:3)
describe, short
assert _N == 10 & year[1] == 1935 & year[10] == 1944
import delimited using ../../../scripts/data/grunfeld.csv, clear encoding("utf-8") asdouble
describe invest
* Round trip through export delimited: a subset of variables and observations.
tempfile out
quietly export delimited company year invest using "`out'" if company == 2, replace
import delimited using "`out'", clear
assert _N == 20 & c(k) == 3 & company == 2
quietly summarize invest
assert reldif(r(mean), 410.475) < 1e-6
capture export delimited using "`out'"
display _rc
* Strings and value labels: labels are written unless nolabel; quote forces quotes.
import delimited using ../../data/insp_people.csv, clear
label define regions 1 "North" 2 "South" 3 "East"
label values region regions
quietly export delimited name region note using "`out'", replace
import delimited using "`out'", clear
list
import delimited using ../../data/insp_people.csv, clear
label values region regions
quietly export delimited name region using "`out'", replace nolabel quote
import delimited using "`out'", clear
list
* insheet/outsheet spell the same thing the old way.
quietly outsheet using "`out'", replace comma
insheet using "`out'", clear
list
