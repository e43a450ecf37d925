* name: tabulate_twoway
* description: two-way tabulate with row/col/cell percentages, nofreq, chi2 and lrchi2 checked against a 2x2 table computed by hand, missing, r() results
clear
input r c n
0 0 10
0 1 20
1 0 20
1 1 10
end
label define yesno 0 "No" 1 "Yes"
label values c yesno
tabulate r c [fweight = n], chi2 lrchi2
* expected counts are all 15: X2 = 4 (5^2 / 15) = 100/15, G2 = 2 sum O ln(O/E), 1 df
assert r(N) == 60 & r(r) == 2 & r(c) == 2
assert reldif(r(chi2), 100/15) < 1e-12
assert reldif(r(chi2_lr), 2 * (20 * ln(10/15) + 40 * ln(20/15))) < 1e-12
assert reldif(r(p), chi2tail(1, 100/15)) < 1e-12
assert abs(r(p) - .0098) < 1e-4
tabulate r c [fweight = n], row col cell
tabulate r c [fweight = n], nofreq col
import delimited using ../../../scripts/data/grunfeld.csv, clear
generate big = mvalue > 1000
generate period = cond(year < 1940, 1, cond(year < 1947, 2, 3))
replace period = . in 1
label variable period "Sub-period of the sample"
tabulate period big, chi2
assert r(N) == 199
tabulate period big, missing
assert r(N) == 200 & r(r) == 4
tabulate company period if company <= 3
tabulate period company
tabulate period big if year > 2000
assert r(N) == 0
