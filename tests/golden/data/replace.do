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
* L. on an xtset panel carries forward too; a gap in time stops it
clear
input id t v x
1 1 5 1
1 2 . 4
1 4 . 9
1 5 . 16
2 1 3 2
2 2 . 3
2 3 . 5
end
xtset id t
replace v = L.v if missing(v)
assert v == cond(id == 1, cond(t >= 4, ., 5), 3)
* row by row, operators read one row at a time: same values as the whole column
gen double a = x
replace a = L.x + D.x + 0*a[_n] if t > 1
gen double b = L.x + D.x if t > 1
assert a == b | t == 1
gen double c = x
replace c = S2.x + D2.x + 0*c[_n]
gen double d = S2.x + D2.x
assert c == d
gen double e = x
replace e = F.x + L.x + 0*e[_n]
gen double f = F.x + L.x
assert e == f
list id t x a b c d e f, noobs
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
