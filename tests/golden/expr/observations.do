* name: observations
* description: _n and _N, explicit subscripts x[exp] with and without by, running sum()
clear
input id t x
1 1 10
1 2 .
1 3 30
2 1 5
2 2 .
2 3 7
end
* Over the whole dataset: _n is the row, _N the number of rows.
gen n = _n
gen N = _N
assert n == id*3 - 3 + t & N == 6
* x[_n-1] before the first row and x[_N+1] after the last are missing.
gen lag = x[_n-1]
gen lead = x[_n+1]
assert lag[1] == . & lead[_N] == .
gen first = x[1]
gen last = x[_N]
assert first == 10 & last == 7
assert x[0] == . & x[7] == . & x[-1] == .
* A subscript may be any expression; a fractional one is truncated.
assert x[2*2] == 5 & x[3.9] == 30
gen s = sum(x)
list, noobs
* Under by, _n, _N and subscripts are taken within the group.
drop n N lag lead first last s
by id: gen n = _n
by id: gen N = _N
by id: gen lag = x[_n-1]
by id: gen last = x[_N]
by id: gen s = sum(x)
list, noobs
assert N == 3 & n == t
assert lag == . if n == 1
assert s == cond(id == 1, cond(t == 3, 40, 10), cond(t == 3, 12, 5))
* A string variable may be subscripted too.
gen str1 g = cond(id == 1, "a", "b")
assert g[4] == "b" & g[_n-1] == "" in 1
* replace that reads the variable at an earlier row runs in row order (carry forward).
by id: replace x = x[_n-1] if missing(x)
list id t x, noobs
* by requires sorted data: r(5).
sort t
capture by id: gen bad = _n
assert _rc == 5
bysort id (t): gen d = x - x[_n-1]
assert d == cond(t == 1, ., cond(t == 2, 0, cond(id == 1, 20, 2)))
* sum() accumulates only over the observations generate keeps (Stata evaluates the
* expression in those observations alone).
capture drop g s
generate g = mod(_n, 2)
generate s = sum(_n) if g == 1
assert s == 1 in 1
assert s == 4 in 3
assert missing(s) in 2
