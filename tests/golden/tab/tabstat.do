* name: tabstat
* description: tabstat layouts (statistics or variables in columns, by() groups, nototal, format), statistics checked by hand and against summarize, r(StatTotal) and r(Stat#)
clear
input x y g
1 10 1
2 20 1
3 30 2
4 40 2
5 . 2
end
tabstat x y, statistics(mean sd n p50 iqr min max sum)
matrix T = r(StatTotal)
* x = 1..5: mean 3, sd sqrt(2.5), p25 = x(2) = 2 and p75 = x(4) = 4
assert T[1,1] == 3 & reldif(T[2,1], sqrt(2.5)) < 1e-12 & T[3,1] == 5
assert T[4,1] == 3 & T[5,1] == 2 & T[8,1] == 15
assert T[3,2] == 4 & T[1,2] == 25
tabstat x, statistics(mean variance cv semean skewness kurtosis range)
tabstat x y, by(g) statistics(mean n)
matrix S1 = r(Stat1)
matrix S2 = r(Stat2)
assert S1[1,1] == 1.5 & S2[1,1] == 4 & S2[2,2] == 2
display "`r(name1)' `r(name2)'"
tabstat x y, by(g) statistics(mean sd) columns(statistics) nototal
tabstat x, by(g) format(%6.2f) stats(mean)
import delimited using ../../../scripts/data/grunfeld.csv, clear
tabstat invest mvalue kstock, statistics(mean sd p50) columns(variables)
quietly summarize invest, detail
local p50 = r(p50)
quietly tabstat invest, statistics(p50 mean)
matrix T = r(StatTotal)
assert T[1,1] == `p50'
tabstat invest if company <= 2, by(company) stats(n mean min max) longstub
capture noisily tabstat invest, statistics(mode)
assert _rc == 198
capture noisily tabstat invest if company > 50
assert _rc == 2000
tabstat invest, nototal
