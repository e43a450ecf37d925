* name: tabulate_oneway
* description: one-way tabulate (labels, wrapped variable labels, missing, sort, nolabel, weights, generate() dummies, matcell/matrow), tab1 and by:, with r(N) r(r); error paths
import delimited using ../../../scripts/data/grunfeld.csv, clear
generate size = cond(mvalue < 500, 1, cond(mvalue < 2000, 2, 3))
replace size = . in 1/5
label define sizes 1 "Small firms" 2 "Medium" 3 "Large"
label values size sizes
label variable size "Market value class of the firm"
tabulate size
assert r(N) == 195 & r(r) == 3
tabulate size, missing
assert r(N) == 200 & r(r) == 4
tabulate size, sort nolabel
tab company if year < 1937
tabulate company [fweight = year - 1934] if year < 1937
assert r(N) == 30
tabulate size, generate(sz) matcell(F) matrow(V)
assert sz1 + sz2 + sz3 == 1 if !missing(size)
assert missing(sz1) if missing(size)
matrix list F
matrix list V
describe sz*
generate str6 firm = "firm" + string(company)
tab1 firm size if company <= 2
bysort company: tabulate size if company >= 9
tabulate size if company > 20
assert r(N) == 0
capture noisily tabulate size, generate(sz)
assert _rc == 110
capture noisily tabulate size, chi2
assert _rc == 198
capture noisily tabulate size company year
assert _rc == 103
