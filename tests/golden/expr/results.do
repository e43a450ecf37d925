* name: results
* description: r(), e(), c(), scalars and matrix elements inside expressions and macros
clear
input x y
1 2
2 4
3 5
4 4
5 5
end
* r(): results of the last r-class command; an absent one is missing (or "" as text).
quietly summarize x
display r(N) " " r(mean) " " r(Var) " " r(sum)
assert r(N) == 5 & r(mean) == 3 & r(Var) == 2.5 & r(min) == 1 & r(max) == 5
assert r(nosuch) == .
display "[" r(nosuch) "]"
gen double xc = x - r(mean)
assert xc == x - 3
* `r(name)' expands to the result's text, like a macro.
display "mean `r(mean)' of `r(N)' observations, [`r(nosuch)']"
assert reldif(`r(sd)', r(sd)) < 1e-14
local n = r(N)
assert `n' == 5
* Scalars: by name, or scalar(name) when a variable has the same name.
scalar m = r(mean)
scalar label = "centre"
display m " " label " " scalar(m)
gen double z = (x - m)/sqrt(r(Var))
assert reldif(z[5], 2/sqrt(2.5)) < 1e-15
* e(): results of the last estimation; _b[] and _se[] read e(b) and e(V).
* OLS by hand: slope Sxy/Sxx = 6/10, constant 4 - .6*3, R2 = 3.6/6, RSS = 2.4.
quietly regress y x
display e(N) " " e(df_r) " " e(cmd) " " _b[x] " " _b[_cons]
assert e(N) == 5 & e(df_r) == 3 & e(cmd) == "regress"
assert reldif(_b[x], .6) < 1e-12 & reldif(_b[_cons], 2.2) < 1e-12
assert reldif(e(r2), .6) < 1e-12 & reldif(e(rmse), sqrt(.8)) < 1e-12
assert reldif(_se[x], sqrt(.8/10)) < 1e-12
gen double fit = _b[_cons] + _b[x]*x
assert reldif(fit, 2.2 + .6*x) < 1e-12
count if e(sample)
* Matrix elements: M[i,j] by number or by row and column name, el(M, i, j).
matrix b = e(b)
display b[1,1] " " el(b, 1, 2) " " colsof(b) " " rowsof(b)
assert b[1,1] == _b[x] & b[1,"_cons"] == _b[_cons]
matrix M = (1, 2 \ 3, 4)
matrix rownames M = first second
assert M[2,1] == 3 & M["second", 2] == 4 & el(M, 1, 2) == 2
gen double w = M[1,1]*x + M[2,2]
assert w == x + 4
capture display M[3,1]
assert _rc == 503
* c(): system values.
display c(N) " " c(k) " " c(pi) " " c(maxbyte)
assert c(N) == _N & c(k) == 6 & c(pi) == _pi
display "`c(Weekdays)'"
assert "`c(alpha)'" == c(alpha) & word(c(Mons), 2) == "Feb"
