* name: xtile_pctile
* description: _pctile, pctile and xtile with Stata's default percentile rule (averaging at exact positions), altdef, weights, cutpoints(), ties and the error paths
clear
input x w c
8 1 2
1 1 5
7 2 .
2 1 .
6 1 .
3 3 .
5 1 .
4 1 .
. 1 .
end
_pctile x, nquantiles(4)
* n = 8: n p / 100 = 2, 4, 6 exactly, so each quartile averages two neighbours
assert r(r1) == 2.5 & r(r2) == 4.5 & r(r3) == 6.5
_pctile x, percentiles(10 30 50 0 100)
return list
assert r(r1) == 1 & r(r2) == 3 & r(r3) == 4.5 & r(r4) == 1 & r(r5) == 8
_pctile x, p(25) altdef
* (n + 1) p / 100 = 2.25: .75 x(2) + .25 x(3)
assert r(r1) == 2.25
_pctile x [fweight = w], p(50)
* W = 11, P = 5.5: cumulative weights 1 2 5 6 ... pass 5.5 at x = 4
assert r(r1) == 4
quietly summarize x [fweight = w], detail
assert r(p50) == 4
xtile q = x, nquantiles(4)
list x q
assert q == 1 if inlist(x, 1, 2)
assert q == 4 if inlist(x, 7, 8)
assert missing(q[9])
xtile half = x if x > 2
assert missing(half) if x <= 2
pctile pq = x, nquantiles(4) genp(pp)
assert pq[1] == 2.5 & pq[3] == 6.5 & missing(pq[4])
assert pp[2] == 50
xtile cut = x, cutpoints(c)
* cutpoints 2 and 5: x <= 2 is 1, 2 < x <= 5 is 2, x > 5 is 3
assert cut == 1 if x <= 2
assert cut == 2 if inrange(x, 3, 5)
assert cut == 3 if x > 5 & !missing(x)
describe q pq pp cut
* ties: quartile cutpoints 1 1.5 2.5 skip category 2
clear
input t
1
1
1
1
2
2
3
3
end
xtile tq = t, nq(4)
tabulate tq
assert tq == 3 if t == 2
capture noisily xtile bad = t, nq(10)
assert _rc == 198
capture noisily xtile bad = t, nq(1)
assert _rc == 198
capture noisily _pctile t, p(120)
assert _rc == 198
capture noisily _pctile t [aw = t], p(50) altdef
assert _rc == 198
capture noisily xtile bad = t if t > 5
assert _rc == 2000
capture confirm variable bad
assert _rc == 111
