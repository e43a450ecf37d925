* name: count_assert
* description: count (r(N), if/in, by) and assert (contradictions, rc0, fast, null, by-groups, missing counts as true)
clear
set obs 12
gen g = ceil(_n / 4)
gen x = _n
replace x = . in 12
count
assert r(N) == 12
* missing values are larger than every number, so x = . counts
count if x > 5
assert r(N) == 7
count in 1/3
assert r(N) == 3
count if x > 100 & !missing(x)
assert r(N) == 0
bysort g: count if x > 2
assert r(N) == 4
* missing values count as true
assert x > 0
assert x < 100 if !missing(x)
assert g == ceil(_n / 4)
by g: assert g == g[1]
by g: assert _N == 4
assert x == 1, rc0
capture assert x == 1, fast
assert _rc == 9
capture assert x > 100 if x > 100 & !missing(x), null
assert _rc == 8
capture assert "a"
assert _rc == 109
assert x < 3 in 1/4
