* name: replace
* description: replace — real-change counts, changes to missing, type promotion, nopromote, strings, sequential carry-forward under by, errors
clear
set obs 5
gen x = _n
replace x = 10 if x > 3
assert x == cond(_n > 3, 10, _n)
replace x = 10 in 4
replace x = . if x == 10
assert missing(x) if _n > 3
replace x = x
* one change: singular wording
replace x = 7 in 1
* integer columns are promoted as Stata does
gen byte b = _n
replace b = 1000 in 1
assert "`: type b'" == "int" & b[1] == 1000
replace b = 100000 in 2
assert "`: type b'" == "long"
gen int c = _n
replace c = 2.5 in 3
assert "`: type c'" == "float" & c[3] == 2.5
gen long l = _n
replace l = 0.5 in 1
assert "`: type l'" == "double"
gen byte np = _n
replace np = 2.5 in 2, nopromote
assert "`: type np'" == "byte" & np[2] == 2
* a float column stays float: values are rounded to float precision
gen f = 1
replace f = 1/3
assert f == float(1/3)
* strings widen as needed
gen s = "a"
replace s = "abcdef" in 2
assert "`: type s'" == "str6"
replace s = "" in 1
* carry-forward: the expression reads x at other rows, so rows run in order
clear
input id t v
1 1 5
1 2 .
1 3 .
2 1 .
2 2 7
2 3 .
2 4 .
end
bysort id (t): replace v = v[_n-1] if missing(v)
assert v == cond(id == 1, 5, cond(t == 1, ., 7))
* a running sum in place (vectorised: sum() keeps its own accumulator)
gen r = 1
replace r = sum(r)
assert r == _n
* errors
capture replace v = "text"
assert _rc == 109
capture replace nosuch = 1
assert _rc == 111
replace id = "a"
