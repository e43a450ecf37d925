* name: grunfeld
* description: data commands on the Grunfeld panel (10 firms x 20 years): firm means, ranks, lags filled in order, group codes, keep/drop
import delimited using ../../../scripts/data/grunfeld.csv, clear
count
assert r(N) == 200
bysort company (year): egen minv = mean(invest)
egen minv2 = mean(invest), by(company)
assert minv == minv2
* firm means equal to a direct sum over the 20 years
by company: gen double cum = sum(invest)
by company: assert reldif(minv, float(cum[_N] / _N)) < 1e-6
egen rk = rank(mvalue), by(year)
* no ties in mvalue within a year: the rank is the position in sorted order
bysort year (mvalue): assert rk == _n
sort company year
by company: gen double lag = invest[_n-1]
assert missing(lag) if year == 1935
egen grp = group(company)
assert grp == company
egen tg = tag(company)
count if tg
assert r(N) == 10
keep if year >= 1950
assert _N == 50
drop if company > 5
assert _N == 25
gsort -mvalue
assert mvalue[1] >= mvalue[2]
