* name: reshape
* description: reshape long and wide — j discovered from the variable names, several stubs, i() with two variables, string j, @ in stubs, given j values, missing wide variables, the report table, labels and types, and a bare reshape that reverses the last one
* [D] reshape's first example: income and unemployment by year.
clear
input id sex inc80 inc81 inc82 ue80 ue81 ue82
1 0 5000 5500 6000 0 1 0
2 1 2000 2200 3300 1 0 0
3 0 3000 2000 1000 0 0 1
end
reshape long inc ue, i(id) j(year)
list
describe year inc ue
by id year: assert _N == 1
assert inc == 5500 & ue == 1 if id == 1 & year == 81
reshape wide inc ue, i(id) j(year)
list
describe inc80 ue82
assert _N == 3 & c(k) == 8
* A bare reshape repeats the last definitions in the other direction.
reshape long
assert _N == 9
* Two i variables, a string j, and a stub with @.
clear
input str2 prov city gdp_a_x gdp_b_x pop_a
"ah" 1 10 11 100
"ah" 2 12 13 120
"gd" 1 20 21 200
end
reshape long gdp_@_x pop_@, i(prov city) j(kind) string
list
describe kind
assert missing(pop_) if kind == "b"
reshape wide gdp_@_x pop_@, i(prov city) j(kind) string
list
* Given j values: a value with no variables makes missing ones.
clear
input id x1 x2 x4
1 10 20 40
2 11 21 41
end
reshape long x, i(id) j(t 1-3)
list
assert _N == 6 & missing(x) if t == 3
* reshape wide with given values, one without data.
reshape wide x, i(id) j(t 1 2 3 9)
describe
* Variables constant within i travel along; numeric j keeps its smallest type.
clear
input firm region y2009 y2010
1 7 0.5 0.75
2 8 1.5 1.25
end
label variable y2009 "output"
reshape long y, i(firm) j(year)
describe year y region
