* name: pca
* description: pca of the Grunfeld variables against R's eigen(), the eigenvector orientation, retention by components()/mineigen(), covariance, replay, estat kmo/loadings, predict scores, the variance-weighted index(), and bad input
* R reference (base R; values rounded to float as import delimited stores them):
*   f32 <- function(x) readBin(writeBin(x, raw(), size=4), "double", size=4, n=length(x))
*   X <- apply(as.matrix(read.csv("grunfeld.csv")[, c("invest","mvalue","kstock")]), 2, f32)
*   e <- eigen(cor(X)); e$values; sweep(e$vectors, 2, sign(colSums(e$vectors)), "*")
*   eigen(cov(X))$values
*   R <- cor(X); Ri <- solve(R); A <- -Ri/sqrt(outer(diag(Ri), diag(Ri))); diag(A) <- 0
*   R0 <- R; diag(R0) <- 0; sum(R0^2)/(sum(R0^2) + sum(A^2))                      # KMO
*   colSums(R0^2)/(colSums(R0^2) + colSums(A^2))                                  # per variable
import delimited using ../../reference/data/grunfeld.csv, clear
pca invest mvalue kstock
matrix Ev = e(Ev)
matrix L = e(L)
assert reldif(Ev[1,1], 2.3502441141389148) < 1e-9 & reldif(Ev[1,2], .53651635298424205) < 1e-9
assert reldif(Ev[1,3], .11323953287684305) < 1e-9
* Each eigenvector has unit length and a positive sum of elements.
assert reldif(L[1,1], .62488882557892111) < 1e-9 & reldif(L[3,2], .8226243288566647) < 1e-9
assert reldif(L[1,3], -.76041494520111785) < 1e-9 & reldif(L[2,3], .60567380606795773) < 1e-9
assert e(N) == 200 & e(f) == 3 & e(trace) == 3 & e(cmd) == "pca" & e(Ctype) == "correlation"
ereturn list
estat kmo
matrix K = r(kmow)
assert reldif(r(kmo), .585083842680008) < 1e-9 & rowsof(K) == 1 & colsof(K) == 3
estat loadings, cnorm(eigen)
matrix A = r(A)
assert reldif(A[1,1], .62488882557892111*sqrt(2.3502441141389148)) < 1e-9
predict f1 f2, score
summarize f1
assert reldif(r(Var), Ev[1,1]) < 1e-9 & abs(r(mean)) < 1e-9
summarize f2
assert reldif(r(Var), Ev[1,2]) < 1e-9
* The composite index: the retained scores weighted by their share of the retained variance.
pca invest mvalue kstock, components(2) index(pidx)
generate double check = (Ev[1,1]*f1 + Ev[1,2]*f2)/(Ev[1,1] + Ev[1,2])
assert reldif(pidx, check) < 1e-9
matrix IW = e(index_w)
assert reldif(IW[1,1], Ev[1,1]/(Ev[1,1] + Ev[1,2])) < 1e-9 & e(f) == 2
assert reldif(e(rho), (Ev[1,1] + Ev[1,2])/3) < 1e-9
pca invest mvalue kstock, mineigen(1)
assert e(f) == 1
pca
pca invest mvalue kstock, covariance components(1)
matrix Ev = e(Ev)
assert reldif(Ev[1,1], 1785652.8882333918) < 1e-9 & e(Ctype) == "covariance"
estat kmo
assert reldif(r(kmo), .585083842680008) < 1e-9
* Bad input: too few observations, a constant variable, all missing, options.
capture noisily pca invest mvalue kstock in 1/3
assert _rc == 2001
generate k = 1
capture noisily pca invest k
assert _rc == 459
generate m = .
capture noisily pca invest m
assert _rc == 2000
capture noisily pca invest mvalue, index(invest)
assert _rc == 110
capture noisily predict g1 g2 g3 g4
assert _rc == 103
capture noisily estat residuals
assert _rc == 321
quietly regress invest mvalue
capture noisily estat kmo
assert _rc == 321
capture noisily predict yhat, score
assert _rc == 198
capture noisily pca
assert _rc == 301
