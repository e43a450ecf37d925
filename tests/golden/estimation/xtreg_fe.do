* name: xtreg_fe
* description: xtreg, fe on Grunfeld (Stata's printed numbers), vce(robust) = vce(cluster panelvar), FE = OLS with dummies, two-way FE
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
xtreg invest mvalue kstock, fe
* Stata 14 output for these data (xtreg invest mvalue kstock, fe).
assert reldif(_b[mvalue], .1101238) < 1e-6 & reldif(_se[mvalue], .0118567) < 1e-5
assert reldif(_b[_cons], -58.74393) < 1e-6 & reldif(_se[_cons], 12.45369) < 1e-6
assert reldif(e(sigma_u), 85.732501) < 1e-7 & reldif(e(sigma_e), 52.767964) < 1e-7
assert reldif(e(rho), .72525012) < 1e-7 & abs(e(F_f) - 49.18) < .005 & abs(e(corr) + .1517) < 5e-5
assert e(N_g) == 10 & e(df_a) == 9 & e(df_r) == 188 & e(g_avg) == 20
scalar b_fe = _b[mvalue]
scalar se_fe = _se[mvalue]
* FE equals OLS with one dummy per company (same slopes and, with the same residual
* df, the same standard errors).
quietly regress invest mvalue kstock i.company
assert reldif(_b[mvalue], b_fe) < 1e-10 & reldif(_se[mvalue], se_fe) < 1e-9
* vce(robust) is vce(cluster company); gretl and Stata print .0151945.
xtreg invest mvalue kstock, fe vce(robust)
assert reldif(_se[mvalue], .0151945) < 1e-5 & e(N_clust) == 10 & e(df_r) == 9
scalar se_r = _se[kstock]
quietly xtreg invest mvalue kstock, fe vce(cluster company)
assert reldif(_se[kstock], se_r) < 1e-12
* Two-way fixed effects through i.year; a regressor constant within firms is omitted.
generate firmconst = 2 * company
xtreg invest mvalue kstock firmconst i.year, fe
assert _b[o.firmconst] == 0 & e(df_b) == 21
quietly regress invest mvalue kstock i.year i.company
assert reldif(_b[kstock], .3579163) < 1e-6
