* name: winsor2
* description: winsor2 (default cuts 1 99, suffix _w; trim with _tr; replace; suffix(); by() groups; one-sided cuts) against percentiles computed by hand; errors leave the data unchanged
clear
input x g
1 1
2 1
3 1
4 1
5 1
6 1
7 1
8 1
9 1
10 1
100 1
. 1
20 2
40 2
end
winsor2 x if g == 1, cuts(10 90)
* n = 11 in group 1: p10 = x(2) = 2 (1.1 is not an integer), p90 = x(10) = 10
assert x_w == 2 in 1
assert x_w == 10 in 11
assert x_w == x in 2/10
assert missing(x_w[12])
assert missing(x_w) if g == 2
winsor2 x, cuts(10 90) trim
* all 13 values: p10 = x(2) = 2, p90 = x(12) = 40 (11.7)
assert missing(x_tr[1]) & missing(x_tr[11]) & x_tr[5] == 5 & x_tr[14] == 40
winsor2 x, cuts(10 90) by(g) suffix(_g)
* group 2 has two values: p10 = 20, p90 = 40 (nothing changes)
assert x_g == x if g == 2
assert x_g == 2 in 1
winsor2 x, cuts(0 90) suffix(_hi)
assert x_hi[1] == 1 & x_hi[11] == 40
drop x_w
winsor2 x
summarize x x_w x_tr x_g x_hi
winsor2 x if g == 1, replace cuts(10 90) label
assert x[11] == 10 & x[13] == 20
describe x
capture noisily winsor2 x, suffix(_w)
assert _rc == 110
capture noisily winsor2 x, replace suffix(_z)
assert _rc == 198
capture noisily winsor2 x, cuts(1 2 3)
assert _rc == 123
