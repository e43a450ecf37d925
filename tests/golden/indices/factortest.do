* name: factortest
* description: Bartlett's test of sphericity and KMO against R and against hand formulas, with the singular and too-small cases
* R reference (float-rounded Grunfeld values, as in pca.do):
*   R <- cor(X); n <- nrow(X); p <- 3; -(n - 1 - (2*p + 5)/6)*log(det(R))    # 383.763027067869
import delimited using ../../reference/data/grunfeld.csv, clear
factortest invest mvalue kstock
assert reldif(r(chi2), 383.763027067869) < 1e-9 & r(df) == 3 & r(N) == 200
assert reldif(r(kmo), .585083842680008) < 1e-9 & r(p) < 1e-80
* Bartlett by hand from the determinant: chi2 = -(N - 1 - (2p + 5)/6) ln|R|
assert reldif(r(chi2), -(200 - 1 - 11/6)*ln(r(det))) < 1e-9
return list
* Two variables: KMO is 1/2 whatever their correlation.
factortest invest mvalue if company <= 5
assert reldif(r(kmo), .5) < 1e-12 & r(df) == 1
generate mv2 = 2*mvalue
capture noisily factortest invest mvalue mv2
assert _rc == 506
capture noisily factortest invest mvalue kstock in 1/3
assert _rc == 2001
capture noisily factortest invest
assert _rc == 102
