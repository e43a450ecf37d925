* name: merge
* description: merge 1:1, m:1, 1:m, m:m and 1:1 _n — result table, _merge codes and labels, row order (using-only last), variables from using, string and multiple keys, type widening
* A using file of regions, a master of firms.
clear
input region str8 rname gdp
1 "north" 10.5
2 "south" 20.25
4 "west" 40
end
label define regl 1 "North" 2 "South" 4 "West"
label values region regl
tempfile regions firms pairs
quietly save "`regions'"
clear
input firm region sales
10 2 100
11 1 110
12 3 120
13 2 130
14 1 140
end
quietly save "`firms'"
* m:1: each firm gets its region; region 3 has no match, region 4 no firm.
merge m:1 region using "`regions'"
list
assert _N == 6
assert _merge == 3 if inlist(firm, 10, 11, 13, 14)
assert _merge == 1 if firm == 12
assert _merge == 2 & region == 4 & rname == "west" in 6
assert "`: value label _merge'" == "_merge"
assert "`: label _merge 3'" == "Matched (3)"
describe region rname gdp _merge
* 1:m is the same join seen from the other side; the master is sorted by the key.
use "`regions'", clear
merge 1:m region using "`firms'", generate(how)
list
by region firm, sort: assert _N == 1
assert how == 2 if region == 3
* 1:1 on two keys, one of them a string.
clear
input str2 cty year pop
"CN" 2000 12.6
"CN" 2001 12.7
"IN" 2000 10.5
end
quietly save "`pairs'"
clear
input str2 cty year gdpgr
"IN" 2000 3.8
"CN" 2001 8.3
"CN" 2000 8.5
"US" 2000 4.1
end
merge 1:1 cty year using "`pairs'"
list
assert _merge == 1 if cty == "US"
assert pop == float(12.6) if cty == "CN" & year == 2000
* m:m pairs observations in order within a key; the shorter side repeats its last.
clear
input g a
1 1
1 2
1 3
2 4
end
tempfile mm
quietly save "`mm'"
clear
input g b
1 10
1 20
2 30
2 40
end
merge m:m g using "`mm'", nogenerate
list
assert _N == 5
assert a == 3 & b == 20 in 3
assert a == 4 & b == 40 in 5
* 1:1 _n: sequential merge by observation number.
clear
input v
7
8
end
merge 1:1 _n using "`mm'"
list
assert _merge == 3 in 1/2
assert _merge == 2 in 3/4
* A byte key in the master widens to hold the using data's values.
clear
input byte region
1
2
end
merge 1:1 region using "`regions'", nogenerate noreport
describe region
assert _N == 3
