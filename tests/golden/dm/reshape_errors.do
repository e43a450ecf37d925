* name: reshape_errors
* description: reshape refusals with Stata's messages and codes — i not unique in wide data, i j not unique in long data (r(9)), variables not constant within i, j type and missing values, data already long/wide, no xij variables, i() missing; the data are unchanged after each
clear
input id x1 x2
1 5 6
1 7 8
2 9 10
end
capture noisily reshape long x, i(id) j(t)
assert _rc == 9
assert _N == 3 & c(k) == 3 & x1[2] == 7
capture noisily reshape long y, i(id) j(t)
assert _rc == 111
capture noisily reshape long x, j(t)
assert _rc == 198
capture noisily reshape long x, i(id) j(x1)
assert _rc == 110
capture noisily reshape wide x, i(id) j(t)
assert _rc == 111
capture noisily reshape long x, i(id) j(t a b)
assert _rc == 198
* Long data whose i j pairs repeat.
clear
input id t x z
1 1 5 0
1 1 6 0
2 1 7 1
end
capture noisily reshape wide x, i(id) j(t)
assert _rc == 9
assert _N == 3 & c(k) == 4
* z varies within id: it cannot be carried into wide data.
replace t = 2 in 2
replace z = 1 in 2
capture noisily reshape wide x, i(id) j(t)
assert _rc == 9
* j must be numeric without the string option, string with it, and never missing.
capture noisily reshape wide x, i(id) j(t) string
assert _rc == 109
replace t = . in 1
capture noisily reshape wide x z, i(id) j(t)
assert _rc == 498
replace t = 1 in 1
gen str1 s = "a"
capture noisily reshape wide x z, i(id) j(s)
assert _rc == 109
* Not reshape long or wide.
capture noisily reshape sideways x, i(id)
assert _rc == 198
assert _N == 3 & c(k) == 5
