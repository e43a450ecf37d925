* name: ineq
* description: ineq: Gini, Theil T, MLD, GE(2), CV and Atkinson on hand-checkable data and on Grunfeld against R; weights, Theil's decomposition by group, one row per period with over(); zero, negative and degenerate values
* R reference (base R, float-rounded Grunfeld invest y, region g = 1 + (company>3) + (company>7)):
*   gini <- function(y) sum(abs(outer(y, y, "-")))/(2*length(y)^2*mean(y)); r <- y/mean(y)
*   mean(r*log(r)); mean(-log(r)); sqrt(mean((y-mean(y))^2))/mean(y)        # Theil, MLD, CV
*   1-mean(sqrt(r))^2; 1-exp(mean(log(r))); 1-1/mean(1/r)                     # Atkinson .5, 1, 2
*   Theil within/between: sum_k s_k T_k and sum_k s_k log(mean_k/mean), s_k = income shares
*   (f32 <- function(x) readBin(writeBin(x, raw(), size=4), "double", size=4, n=length(x)))
clear
input y
1
3
end
ineq y
assert reldif(r(gini), .25) < 1e-9 & reldif(r(cv), .5) < 1e-9 & reldif(r(ge2), .125) < 1e-9
assert reldif(r(theil), .5*(.5*ln(.5) + 1.5*ln(1.5))) < 1e-9
assert reldif(r(mld), -.5*(ln(.5) + ln(1.5))) < 1e-9 & reldif(r(a2), .25) < 1e-9
assert reldif(r(a1), 1 - sqrt(3)/2) < 1e-9
* Equal incomes: every measure is 0.  One person has everything: Gini = (n-1)/n.
clear
set obs 5
generate y = 2
quietly ineq y
assert r(gini) == 0 & abs(r(theil)) < 1e-15 & abs(r(mld)) < 1e-15 & r(cv) == 0
replace y = cond(_n == 5, 1, 0)
ineq y
assert reldif(r(gini), 4/5) < 1e-9 & reldif(r(theil), ln(5)) < 1e-9 & missing(r(mld))
* Frequency weights equal replicated observations.
clear
input y w
1 1
2 2
3 1
end
ineq y [fweight = w]
assert reldif(r(gini), .1875) < 1e-9 & r(sum_w) == 4
import delimited using ../../reference/data/grunfeld.csv, clear
generate region = 1 + (company > 3) + (company > 7)
ineq invest, by(region)
assert reldif(r(gini), .62225108774834015) < 1e-9 & reldif(r(theil), .72421744231362661) < 1e-9
assert reldif(r(mld), .86410778383402431) < 1e-9 & reldif(r(cv), 1.4821527952030387) < 1e-9
assert reldif(r(a05), .32683581585375088) < 1e-9 & reldif(r(a1), .57857261073188426) < 1e-9
assert reldif(r(a2), .88354624568131424) < 1e-9
assert reldif(r(theil_w), .2443858650492117) < 1e-9 & reldif(r(theil_b), .47983157726441511) < 1e-9
assert reldif(r(theil_w) + r(theil_b), r(theil)) < 1e-12 & reldif(r(mld_w) + r(mld_b), r(mld)) < 1e-12
matrix list r(groups)
ineq invest [aweight = kstock] if year >= 1950
* R: w <- kstock; W <- sum(w); mu <- sum(w*y)/W; sum(outer(w,w)*abs(outer(y,y,"-")))/(2*W^2*mu)
assert reldif(r(gini), .55764838168639141) < 1e-9 & reldif(r(theil), .53958740076187883) < 1e-9
assert reldif(r(a2), .72303275021132563) < 1e-9
ineq invest if year <= 1937, over(year) by(region)
matrix I = r(ineq)
assert rowsof(I) == 3 & I[1,1] == 10 & reldif(I[3,"theil_w"] + I[3,"theil_b"], I[3,"theil"]) < 1e-12
matrix list r(ineq), format(%9.4f)
* Bad input: negative values, mean zero.
generate neg = invest - 100
capture noisily ineq neg
assert _rc == 459
generate zero = 0
capture noisily ineq zero
assert _rc == 459
capture noisily ineq invest if invest > 1e9
assert _rc == 2000
