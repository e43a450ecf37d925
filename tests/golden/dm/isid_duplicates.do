* name: isid_duplicates
* description: isid (r(459) messages for one and several variables, missing keys and missok, sort) and duplicates report / list / examples / tag / drop with force, if/in, r() results
clear
input id t x str2 s
2 2 7 "c"
1 1 5 "a"
1 3 6 "b"
2 2 7 "c"
3 1 . "d"
end
capture noisily isid id t s x, missok
assert _rc == 459
capture noisily isid id
assert _rc == 459
capture noisily isid id t
assert _rc == 459
capture noisily isid x s
assert _rc == 459
capture noisily isid x s id t
assert _rc == 459
capture noisily isid id s t, sort
assert _rc == 459
assert id == 2 in 1
gen n = _n
isid n t, sort
isid t n, sort
assert t[1] == 1 & t[2] == 1 & t[5] == 3
sort n
drop n
duplicates report
assert r(N) == 5 & r(unique_value) == 4
duplicates report id
duplicates list
duplicates list id
duplicates examples id
duplicates tag, generate(dup)
duplicates tag id if t > 1, generate(dupid)
list
describe dup dupid
capture noisily duplicates tag, generate(dup)
assert _rc == 110
capture noisily duplicates drop id
assert _rc == 198
capture noisily duplicates frobnicate
assert _rc == 198
duplicates drop id if id > 1, force
assert r(N_drop) == 1 & _N == 4
duplicates drop id t x s, force
assert r(N_drop) == 0
drop dup dupid
duplicates drop
list
