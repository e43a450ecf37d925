* name: correlate_pwcorr
* description: correlate (correlation and covariance matrices, means, casewise sample) and pwcorr (pairwise samples, sig, obs, star, print, bonferroni) against values computed by hand
clear
input x y z
1 2 5
2 4 .
3 5 1
4 4 2
5 5 3
end
* by hand for x, y: sxy = 6, sxx = 10, syy = 6, so r = 6 / sqrt(60), cov = 1.5
pwcorr x y, sig obs
assert reldif(r(rho), 6/sqrt(60)) < 1e-12 & r(N) == 5
matrix P = r(sig)
* t = r sqrt(n - 2) / sqrt(1 - r^2) = sqrt(4.5) with 3 degrees of freedom
assert reldif(P[2,1], 2 * ttail(3, sqrt(4.5))) < 1e-10
correlate x y
assert reldif(r(rho), 6/sqrt(60)) < 1e-12 & r(N) == 5
correlate x y, covariance
assert reldif(r(cov_12), 1.5) < 1e-12 & reldif(r(Var_1), 2.5) < 1e-12
* casewise: z is missing in row 2, so correlate uses 4 rows and pwcorr each pair's own
correlate x y z
assert r(N) == 4
pwcorr x y z, obs star(.5)
matrix N = r(Nobs)
assert N[2,1] == 5 & N[3,1] == 4
pwcorr x y z, listwise bonferroni sig
import delimited using ../../../scripts/data/grunfeld.csv, clear
correlate invest mvalue kstock, means
matrix C = r(C)
assert C[1,1] == 1 & reldif(C[2,1], r(rho)) < 1e-15
correlate invest mvalue [aweight = kstock]
pwcorr invest mvalue kstock year, sig print(.05)
capture noisily pwcorr invest
assert _rc == 102
capture noisily correlate invest mvalue if year > 3000
assert _rc == 2000
