* name: predict
* description: predict after regress (xb, residuals, stdp) and xtreg, fe (u, e, ue, xbu), with identities checked
import delimited using ../../../scripts/data/grunfeld.csv, clear
xtset company year
quietly regress invest mvalue kstock
predict double yhat
predict double r, residuals
predict double se, stdp
* xb + residual = y exactly; OLS residuals sum to zero and are orthogonal to x.
assert reldif(yhat + r, invest) < 1e-12
quietly summarize r
assert abs(r(mean)) < 1e-9
generate double rx = r * mvalue
quietly summarize rx
assert abs(r(mean)) < 1e-6
* stdp at the regressor means is sqrt(V[_cons,_cons]-style) of the mean prediction:
* here checked against the textbook formula for the first observation.
matrix V = e(V)
scalar s1 = sqrt(mvalue[1]^2*V[1,1] + kstock[1]^2*V[2,2] + V[3,3] + 2*mvalue[1]*kstock[1]*V[1,2] + 2*mvalue[1]*V[1,3] + 2*kstock[1]*V[2,3])
assert reldif(se[1], scalar(s1)) < 1e-10
quietly xtreg invest mvalue kstock, fe
predict double xb_fe, xb
predict double u, u
predict double e, e
predict double ue, ue
predict double xbu, xbu
assert reldif(ue, u + e) < 1e-9
assert reldif(xbu, xb_fe + u) < 1e-9
* The fixed effects average to zero over the sample (Stata's _cons convention), and
* the idiosyncratic errors average to zero within each firm.
quietly summarize u
assert abs(r(mean)) < 1e-9
bysort company: egen double emean = mean(e)
assert abs(emean) < 1e-9
* sigma_e is the root of e'e over the residual degrees of freedom N - n - K = e(df_r).
generate double e2 = e^2
quietly summarize e2
assert reldif(sqrt(r(sum) / e(df_r)), e(sigma_e)) < 1e-9
* General Motors' own intercept in the LSDV form, u_1 + _cons = -70.2967
* (Grunfeld fixed-effects dummies as tabulated in Baltagi, Econometric Analysis of
* Panel Data, and Greene, Econometric Analysis).
assert reldif(u[1] + _b[_cons], -70.2967) < 1e-5
list company year invest xb_fe u e in 1/3
capture predict bad, u score
display "rc = " _rc
quietly regress invest mvalue
capture predict bad2, u
display "rc = " _rc
