* name: levelsof_ds
* description: levelsof (numbers, strings in compound quotes, clean, separate(), missing, local()), ds with has()/not(), unab and tokenize with parse()
import delimited using ../../../scripts/data/grunfeld.csv, clear
levelsof company if company <= 4
assert "`r(levels)'" == "1 2 3 4" & r(r) == 4 & r(N) == 80
levelsof year if year < 1938, local(yrs) separate(,)
display "`yrs'"
generate rate = invest / 10 if year == 1935 & company <= 3
levelsof rate
generate str8 name = "firm " + string(company) if company <= 3
replace name = "firm 1" in 1/2
levelsof name
levelsof name, clean
levelsof name, missing
display r(r)
levelsof name, local(names)
foreach n of local names {
  display "`n'"
}
ds
ds, has(type string)
assert "`r(varlist)'" == "name"
ds, not(type string)
ds inv* m*, not
label variable invest "Gross investment"
ds, has(varlabel)
ds company-invest, alpha
unab vars : inv* company-year
display "`vars'"
assert "`vars'" == "invest company year"
tokenize `vars'
display "`1' | `2' | `3' | `4'"
tokenize "a;b c;;d", parse(";")
display "`1' | `2' | `3' | `4' | `5' | `6'"
tokenize `"first "second word" third"'
display "`1' | `2' | `3'"
capture noisily unab v : nosuchvar
assert _rc == 111
capture noisily levelsof nosuchvar
assert _rc == 111
