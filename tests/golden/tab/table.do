* name: table
* description: table (basic, Stata 16 syntax): one-way frequencies and contents() statistics, two-way cells with stacked statistics, format(), missing; errors
import delimited using ../../../scripts/data/grunfeld.csv, clear
keep if company <= 3
generate big = mvalue > 2000
label define bigl 0 "Smaller" 1 "Larger"
label values big bigl
label variable company "Firm identifier"
table company
table company, contents(freq mean invest sd invest p50 invest)
table company big, contents(mean invest freq) format(%9.2f)
replace big = . in 1
table big, contents(n invest max kstock)
table big, missing
capture noisily table company, contents(mean)
assert _rc == 198
capture noisily table company, contents(bogus invest)
assert _rc == 198
