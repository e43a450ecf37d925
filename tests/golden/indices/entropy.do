* name: entropy
* description: entropy index and entropy topsis: weights checked by hand on a 3 x 3 table (a column with zeros, a cost indicator), TOPSIS ties, the Grunfeld panel against R, by() weights, shift/scale/replace, stored results and bad input
* R reference (base R 4.x; Grunfeld values rounded to float as import delimited stores them):
*   f32 <- function(x) readBin(writeBin(x, raw(), size=4), "double", size=4, n=length(x))
*   X <- apply(as.matrix(read.csv("grunfeld.csv")[, c("invest","mvalue","kstock")]), 2, f32)
*   Z <- cbind((X[,1]-min(X[,1]))/diff(range(X[,1])), (X[,2]-min(X[,2]))/diff(range(X[,2])),
*              (max(X[,3])-X[,3])/diff(range(X[,3])))          # + shift for shift()
*   P <- sweep(Z, 2, colSums(Z), "/"); e <- -colSums(ifelse(P > 0, P*log(P), 0))/log(nrow(Z))
*   w <- (1-e)/sum(1-e); score <- Z %*% w
*   V <- sweep(Z, 2, w, "*"); dp <- sqrt(rowSums(sweep(V, 2, apply(V,2,max))^2))
*   dn <- sqrt(rowSums(sweep(V, 2, apply(V,2,min))^2)); C <- dn/(dp+dn)
*   (vector normalisation: Z <- sweep(X, 2, sqrt(colSums(X^2)), "/"), kstock's ideal = min)
clear
input x1 x2 x3
1 0 5
2 0 3
3 1 1
end
* By hand: x1 -> (0, 1/2, 1), x2 -> (0, 0, 1) with 0 ln 0 = 0, x3 (a cost) -> (0, 1/2, 1)
entropy index x1 x2 x3, generate(s) negative(x3)
scalar e1 = 1/3 + 2/3*ln(1.5)/ln(3)
scalar sumd = 2*(1 - e1) + 1
matrix E = r(e)
matrix W = r(weights)
assert reldif(E[1,1], e1) < 1e-9 & E[1,2] == 0 & reldif(E[1,3], e1) < 1e-9
assert reldif(W[1,"x1"], (1-e1)/sumd) < 1e-9 & reldif(W[1,"x2"], 1/sumd) < 1e-9
assert r(N) == 3 & r(k) == 3 & r(shift) == 0 & r(scale) == 1
assert s[1] == 0 & reldif(s[2], (1-e1)/sumd) < 1e-9 & reldif(s[3], 1) < 1e-9
return list
matrix list r(weights)
* TOPSIS with given weights (1, 3) -> (.25, .75): rows 3 and 4 tie halfway between the ideals
clear
input x1 x2
1 4
3 0
2 2
2 2
end
matrix G = (1, 3)
entropy topsis x1 x2, generate(c) negative(x2) weights(G) dplus(dp) dminus(dm)
assert c[1] == 0 & c[2] == 1 & reldif(c[3], .5) < 1e-9 & c[3] == c[4]
assert reldif(dp[3], sqrt(.125^2 + .375^2)) < 1e-9 & reldif(dp[3], dm[3]) < 1e-9
assert r(weights) == "G"
list
import delimited using ../../reference/data/grunfeld.csv, clear
entropy index invest mvalue kstock, generate(ent) negative(kstock)
matrix W = r(weights)
matrix E = r(e)
assert reldif(W[1,1], .51847959411021283) < 1e-9 & reldif(W[1,2], .47045000981563379) < 1e-9
assert reldif(W[1,3], .011070396074153398) < 1e-9 & reldif(E[1,3], .99703964452715077) < 1e-9
assert reldif(ent[1], .35135883231949183) < 1e-9 & reldif(ent[200], .01246525057898493) < 1e-9
entropy index invest mvalue kstock, generate(ent) negative(kstock) shift(0.01) scale(100) replace
assert reldif(ent[1], 36.686693313685012) < 1e-9
quietly entropy index invest mvalue kstock, generate(ent_y) negative(kstock) by(year)
matrix W = r(weights)
assert rowsof(W) == 20 & r(N_g) == 20 & reldif(W[1,1], .43030601434532018) < 1e-9
assert reldif(W[1,3], .12050179994290529) < 1e-9
entropy index invest mvalue if year <= 1936, generate(ent_2y) by(year)
matrix list r(weights)
entropy topsis invest mvalue kstock, generate(close) negative(kstock) dplus(dplus) dminus(dminus)
assert reldif(close[1], .35015327621013581) < 1e-9 & reldif(close[200], .015630888730022986) < 1e-9
assert reldif(dplus[1], .47366490946360046) < 1e-9 & reldif(close, dminus/(dplus+dminus)) < 1e-12
entropy topsis invest mvalue kstock, generate(close_v) negative(kstock) normalize(vector)
assert reldif(close_v[1], .29686237398126969) < 1e-9
* Bad input: a constant indicator, an indicator constant within a group, too few
* observations, all missing, option errors.
generate k = 5
capture noisily entropy index invest k, generate(bad)
assert _rc == 459
generate kk = cond(year == 1940, 1, invest)
capture noisily entropy index invest kk, generate(bad) by(year)
assert _rc == 459
capture noisily entropy index invest mvalue in 1, generate(bad)
assert _rc == 2001
generate m = .
capture noisily entropy index invest m, generate(bad)
assert _rc == 2000
capture noisily entropy index invest mvalue
assert _rc == 198
capture noisily entropy index invest mvalue, generate(ent)
assert _rc == 110
capture noisily entropy index invest mvalue, generate(bad) negative(kstock)
assert _rc == 198
capture noisily entropy index invest mvalue, generate(bad) positive(invest) negative(invest)
assert _rc == 198
capture noisily entropy index invest mvalue, generate(bad) shift(-1)
assert _rc == 198
capture noisily entropy topsis invest mvalue, generate(bad) normalize(zscore)
assert _rc == 198
capture noisily entropy weights invest mvalue, generate(bad)
assert _rc == 198
capture noisily entropy
assert _rc == 198
confirm new variable bad
