* name: xtivreg_oracles
* description: xtivreg re with sigma_u estimated 0 (theta = 0) is pooled 2SLS (ivregress small); ec2sls = 2SLS with the panel means and deviations of the instruments
set seed 2
quietly set obs 60
generate id = ceil(_n/5)
quietly xtset id
generate z = rnormal()
generate w = rnormal()
generate v = rnormal()
generate x = z + w + v
generate y = 1 + 2*x + v + rnormal()
xtivreg y (x = z w), re
assert e(sigma_u) == 0 & e(theta) == 0
scalar b = _b[x]
scalar se = _se[x]
quietly ivregress 2sls y (x = z w), small
assert reldif(b, _b[x]) < 1e-10 & reldif(se, _se[x]) < 1e-10
quietly xtivreg y (x = z w), re ec2sls
scalar b = _b[x]
foreach v in z w {
  egen double m_`v' = mean(`v'), by(id)
  generate double d_`v' = `v' - m_`v'
}
quietly ivregress 2sls y (x = d_z m_z d_w m_w), small
assert reldif(b, _b[x]) < 1e-10
