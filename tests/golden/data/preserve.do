* name: preserve
* description: preserve/restore — the copy comes back exactly; restore, not; restore, preserve; errors 621 and 622
clear
set obs 5
gen x = _n
gen str3 s = "ab"
label variable x "the x"
sort x
preserve
drop if x > 2
replace s = "zzz"
gen y = 1
assert _N == 2
restore
assert _N == 5 & s == "ab" & c(k) == 2
assert "`: variable label x'" == "the x"
preserve
capture preserve
assert _rc == 621
keep in 1
restore, preserve
assert _N == 5
drop in 1/4
restore
assert _N == 5
preserve
clear
restore, not
assert _N == 0
capture restore
assert _rc == 622
restore
