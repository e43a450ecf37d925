* name: recode
* description: recode rules (values, lists, ranges with min/max, missing, nonmissing, else, labels), in place and with generate()/prefix(), if/in, Stata's change counts; bad rules leave data unchanged
clear
input x y
1 10
2 20
3 30
4 .
5 50
. 60
6 .a
end
recode x (1 2 = 0) (3/4 = 1) (5 = .) (. = 9)
assert x == 0 in 1/2
assert x == 1 in 3/4
assert missing(x[5]) & x[6] == 9 & x[7] == 6
recode y (min/20 = 1) (50/max = 3) (missing = .b) (else = 2), generate(ry)
assert ry == 1 in 1/2
assert ry == 2 in 3
assert ry == .b in 4
assert ry == 3 in 5/6
recode y (nonmissing = 1) (* = 0), prefix(n_)
assert n_y == 1 in 1
assert n_y == 0 in 4
recode y (10 = 100) if _n > 1
assert y[1] == 10
recode y x (1/5 = 1 "low") (6/100 = 2 "high"), generate(gy gx) label(lohi)
label list lohi
list y gy x gx
* the first rule that matches wins
recode y (1/60 = 7) (30 = 8), generate(first)
assert first == 7 in 3
describe gy first
capture noisily recode y (1 = )
assert _rc == 198
capture noisily recode y (else = 1) (2 = 3)
assert _rc == 198
capture noisily recode y (1 = 2), generate(a b)
assert _rc == 198
capture noisily recode y
assert _rc == 198
