* name: ivregress_first
* description: ivregress first: first-stage regressions (regress's conventions, the main fit's VCE) before the table; the header of Stata's [R] ivregress example
import delimited using ../../reference/data/housing.csv, clear
encode region, generate(reg)
* Stata's [R] ivregress example (as quoted in a course text) prints F(5, 44) = 19.66, R-squared 0.6908,
* Adj R-squared 0.6557 and Root MSE 9253.4821 for this first stage
ivregress 2sls rent pcturban (hsngval = faminc i.reg), first
quietly regress hsngval pcturban faminc i.reg
assert reldif(e(rmse), 9253.4821) < 1e-8 & reldif(e(F), 19.66) < 5e-4
ivregress liml rent pcturban (hsngval = faminc i.reg), first vce(robust) small
ivregress gmm rent (hsngval = faminc i.reg), first vce(cluster division)
