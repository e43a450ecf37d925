* name: dagum
* description: Dagum Gini decomposition: components sum to G, a hand-checked two-group case without transvariation, Grunfeld against a brute-force R implementation, over(), one-member groups and bad input
* R reference (base R, O(n^2) brute force; float-rounded Grunfeld invest y, region g as in ineq.do):
*   Gjh <- sum(abs(outer(yj, yh, "-")))/(nj*nh*(mean(yj)+mean(yh)))
*   with a the group with the larger mean: d <- mean(pmax(outer(a, b, "-"), 0)); p <- mean(pmax(-outer(a, b, "-"), 0))
*   Djh <- (d - p)/(d + p); Gw <- sum_j Gjj*pj*sj; Gnb <- sum_{j>h} Gjh*(pj*sh + ph*sj)*Djh; Gt likewise with 1 - Djh
clear
input y g
1 1
2 1
3 1
4 2
6 2
end
dagum y, group(g)
* Every member of group 2 is richer than every member of group 1: G_12 = 3/7, D_12 = 1, Gt = 0.
matrix Gjh = r(Gjh)
matrix Djh = r(Djh)
assert reldif(Gjh[1,2], 3/7) < 1e-9 & reldif(Djh[1,2], 1) < 1e-9 & abs(r(Gt)) < 1e-15
assert reldif(Gjh[1,1], 2/9) < 1e-9 & reldif(r(Gw) + r(Gnb) + r(Gt), r(G)) < 1e-13
* The overall Gini by hand: sum over ordered pairs of |yi - yj| = 2*24, mean 3.2, n = 5.
assert reldif(r(G), 48/(2*25*3.2)) < 1e-9
import delimited using ../../reference/data/grunfeld.csv, clear
generate region = 1 + (company > 3) + (company > 7)
dagum invest, group(region)
assert reldif(r(G), .62225108774834015) < 1e-9 & reldif(r(Gw), .11666042381086356) < 1e-9
assert reldif(r(Gnb), .49537727381643576) < 1e-9 & reldif(r(Gt), .010213390121040977) < 1e-9
assert reldif(r(Gw) + r(Gnb) + r(Gt), r(G)) < 1e-13
matrix Gjh = r(Gjh)
matrix Djh = r(Djh)
assert reldif(Gjh[2,1], .72467887618344096) < 1e-9 & reldif(Gjh[3,2], .43453420070020837) < 1e-9
assert reldif(Djh[3,1], .99789331250307733) < 1e-9 & reldif(Djh[3,2], .83640268202009638) < 1e-9
return list
matrix list r(Gjh)
dagum invest if year >= 1952, group(region) over(year)
matrix D = r(dagum)
assert rowsof(D) == 3 & reldif(D[1,2] + D[1,3] + D[1,4], D[1,1]) < 1e-13
assert reldif(D[3,5] + D[3,6] + D[3,7], 1) < 1e-13
matrix list r(Gjh), format(%9.4f)
* A group with one member in a period: its G_jj is 0, with a note.
dagum invest if year == 1954 & (company <= 4 | company == 10), group(region)
* Bad input.
generate neg = invest - 100
capture noisily dagum neg, group(region)
assert _rc == 459
capture noisily dagum invest
assert _rc == 198
generate zero = 0
capture noisily dagum zero, group(region)
assert _rc == 459
