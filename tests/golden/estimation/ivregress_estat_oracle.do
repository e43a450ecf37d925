* name: ivregress_estat_oracle
* description: robust estat tests as Wooldridge defines them: N - RSS of 1 on u*r; robust regression F = squared robust t of the first-stage residual
import delimited using ../../reference/data/housing.csv, clear
quietly regress rent pcturban hsngval
predict double u, residuals
quietly regress hsngval pcturban faminc
predict double xh
predict double vh, residuals
quietly regress xh pcturban hsngval
predict double r, residuals
generate double ur = u * r
generate one = 1
quietly regress one ur, noconstant
scalar sc = e(N) - e(rss)
quietly regress rent pcturban hsngval vh, vce(robust)
scalar f = (_b[vh] / _se[vh])^2
quietly ivregress 2sls rent (hsngval = faminc pcturban), vce(robust)
generate double u2 = rent - _b[hsngval] * hsngval - _b[_cons]
quietly regress faminc xh
predict double rz, residuals
replace ur = u2 * rz
quietly regress one ur, noconstant
scalar so = e(N) - e(rss)
quietly ivregress 2sls rent (hsngval = faminc pcturban), vce(robust)
estat overid
display reldif(r(score), so) < 1e-10
quietly ivregress 2sls rent pcturban (hsngval = faminc), vce(robust)
estat endogenous
display reldif(r(r_score), sc) < 1e-10 & reldif(r(regF), f) < 1e-10
