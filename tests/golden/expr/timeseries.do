* name: timeseries
* description: L. F. D. S. operators in expressions after xtset; gaps and panel edges are missing
clear
input id t x
1 1 10
1 2 13
1 3 19
1 5 30
2 1 5
2 2 7
2 3 .
2 4 12
end
* Without xtset or tsset, an operator is an error: r(111).
capture gen bad = L.x
assert _rc == 111
xtset id t
gen l = L.x
gen f = F.x
gen d = D.x
gen l2 = L2.x
gen s2 = S2.x
gen d2 = D2.x
gen ld = LD.x
list, noobs
* L.x is x at t-1 in the same panel: missing at each panel's first period, across
* the gap (t = 5 has no t = 4), and where the lagged value itself is missing.
assert l == cond(t == 1 | (id == 1 & t == 5), ., x[_n-1])
assert d == x - l
assert reldif(d2, d - L.d) < 1e-15 | (d2 == . & (d == . | L.d == .))
assert (s2 == x - l2) | (s2 == . & l2 == .)
assert ld == L.d
* x[_n-1] ignores panels and time: it just reads the previous row.
gen prev = x[_n-1]
list id t x l prev if l != prev, noobs
* Operators work in any expression, and under if.
gen growth = (x - L.x)/L.x
count if D.x > 0 & !missing(D.x)
assert reldif(growth[2], .3) < 1e-7
* The data may be in any order: the operators follow the panel and time variables.
gsort -t
gen l_sorted = L.x
sort id t
assert l_sorted == l
