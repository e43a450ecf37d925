* name: ivreg2_absorb_paths
* description: absorb() read in place with the fixed effects as level coefficients (the default) equals the dense path (all-ones aweights) on a subsample with missing values, for every VCE, estimator and one to three factors
clear
set seed 4711
quietly set obs 3000
generate firm = ceil(_n / 12)
generate year = 2000 + mod(_n * 7, 15)
generate region = mod(firm, 9)
generate str8 sfirm = "f" + string(firm)
generate a = mod(firm, 13) / 13
generate z1 = rnormal() + a
generate z2 = rnormal() if mod(_n, 17) != 0
generate w = rnormal() + 0.05 * year
generate u = rnormal()
generate x = 0.6 * z1 + 0.4 * z2 + 0.3 * w + 0.5 * u + a + rnormal()
generate one = 1
generate y = 1 + 0.8 * x - 0.3 * w + u + a + 0.02 * year
foreach opt in "cluster(firm)" "robust" "cluster(sfirm)" "cluster(firm year)" "small" "liml robust" "gmm2s cluster(region)" "" {
  foreach abs in "firm" "firm year" "firm year region" {
    quietly ivreg2 y w (x = z1 z2) if year != 2003, absorb(`abs') `opt'
    scalar b1 = _b[x]
    scalar s1 = _se[x]
    scalar j1 = e(j)
    scalar w1 = e(widstat)
    scalar n1 = e(N)
    quietly ivreg2 y w (x = z1 z2) if year != 2003 [aw=one], absorb(`abs') `opt'
    assert reldif(b1, _b[x]) < 1e-10 & reldif(s1, _se[x]) < 1e-10
    assert reldif(j1, e(j)) < 1e-9 & reldif(w1, e(widstat)) < 1e-10 & n1 == e(N)
  }
}
display "all paths agree"
