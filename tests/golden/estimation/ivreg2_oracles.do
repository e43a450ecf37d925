* name: ivreg2_oracles
* description: just-identified 2SLS = reduced form / first stage; LIML with one excluded instrument = 2SLS; no equation = OLS with large-sample SEs; partial() leaves coefficients, SEs and J unchanged; Sargan of OLS with excluded instruments = N R2
use ../../reference/data/griliches76.dta, clear
quietly regress lw med expr
scalar rf = _b[med]
quietly regress s med expr
scalar fs = _b[med]
quietly ivreg2 lw expr (s = med)
assert reldif(_b[s], rf / fs) < 1e-10 & e(jdf) == 0
scalar b2 = _b[s]
scalar se2 = _se[s]
quietly ivreg2 lw expr (s = med), liml
assert reldif(_b[s], b2) < 1e-10 & reldif(_se[s], se2) < 1e-8 & abs(e(lambda) - 1) < 1e-10
quietly regress lw s expr
scalar bo = _b[s]
scalar so = _se[s]
ivreg2 lw s expr
assert reldif(_b[s], bo) < 1e-10 & reldif(_se[s], so * sqrt(755 / 758)) < 1e-8
quietly ivreg2 lw s expr, small
assert reldif(_se[s], so) < 1e-8 & e(df_r) == 755
quietly ivregress 2sls lw expr (s iq = med kww), small
scalar sr = _se[iq]
quietly ivreg2 lw expr (s iq = med kww), small
assert reldif(_se[iq], sr) < 1e-8
quietly ivreg2 lw expr rns (s iq = med kww age), robust
scalar se = _se[s]
scalar j = e(j)
quietly ivreg2 lw expr rns (s iq = med kww age), robust partial(rns)
assert reldif(_se[s], se) < 1e-10 & reldif(e(j), j) < 1e-10 & e(partial_ct) == 2
quietly regress lw s expr
predict double u, resid
quietly regress u s expr med kww
scalar nr2 = e(N) * e(r2)
quietly ivreg2 lw s expr (= med kww)
assert reldif(e(sargan), nr2) < 1e-9 & e(sargandf) == 2
