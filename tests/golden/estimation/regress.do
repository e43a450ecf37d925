* name: regress
* description: regress with the ANOVA header, collinear and factor terms, time-series operators, weights, beta and replay
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
regress invest mvalue kstock
* Stata's output for these data (Grunfeld, [XT] xtreg examples): b and se of mvalue.
assert reldif(_b[mvalue], .1155622) < 1e-6 & reldif(_se[mvalue], .0058357) < 1e-5
assert e(N) == 200 & e(df_m) == 2 & e(df_r) == 197 & e(rank) == 3
assert reldif(e(r2), .8124080178314147) < 1e-9 & reldif(e(rss), 1755850.432294737) < 1e-9
assert e(cmd) == "regress" & e(vce) == "ols" & e(depvar) == "invest"
* A copy of a regressor is omitted, and so is the last of a set of dummies that sums
* to the constant (the constant has priority, as in Stata's _rmcoll).
generate mv2 = 2 * mvalue
generate d1 = company <= 5
generate d2 = company > 5
regress invest mvalue kstock mv2 d1 d2
assert _b[o.mv2] == 0 & _b[o.d2] == 0 & e(df_m) == 3
* Factor variables (base level in e(b), not shown) and time-series operators.
regress invest L.mvalue L2.mvalue D.kstock i.company if company <= 4
assert e(N) == 4 * 18 & _b[1b.company] == 0
matrix b = e(b)
matrix list b
regress invest mvalue kstock, noconstant
assert e(df_m) == 2 & e(df_r) == 198
regress invest mvalue kstock [fweight = time], beta
assert e(N) == 2100
matrix list e(beta)
regress invest mvalue kstock [aweight = 1/mvalue], level(90)
* Replay: the command name alone prints the last estimates again.
regress
