* name: fillin_expand
* description: fillin (all combinations, _fillin marker, sorted result, errors) and expand (copies at the end, generate(), counts below 1 or missing kept once with Stata's notes, if/in)
clear
input id year x str2 s
1 2001 5 "a"
1 2003 6 "b"
2 2002 7 "c"
2 2002 8 "d"
3 .    9 "e"
end
fillin id year
list
assert _N == 13
assert _fillin == 1 & missing(x) & s == "" if id == 3 & year == 2001
by id year, sort: assert _N == 1 | (id == 2 & year == 2002)
capture noisily fillin id year
assert _rc == 110
drop _fillin
capture noisily fillin id
assert _rc == 102
* expand: n copies; the new observations go at the end.
clear
input k n
1 2
2 0
3 .
4 -1
5 3
6 1.6
end
expand n, generate(copy)
list
assert _N == 10
assert copy == 0 in 1/6
assert k == 1 in 7
assert k == 5 in 8/9
assert k == 6 in 10
expand 2 if k == 2
assert _N == 11 & k == 2 in 11
expand = 3 in 1
assert _N == 13
capture noisily expand "a"
assert _rc == 109
capture noisily expand 2, generate(copy)
assert _rc == 110
assert _N == 13
