* name: collapse
* description: collapse — every statistic (mean median p# sd semean sebinomial sepoisson sum rawsum count percent min max iqr first last firstnm lastnm), by(), if/in, cw, aweights/fweights/iweights/pweights, result types and labels, and the errors (string with a numeric statistic r(109), name conflict, target also in by(), bad statistic, no observations), data unchanged after each
clear
input g h x y w str3 s
1 1 1 0 1 "a"
1 1 2 1 2 "b"
1 2 . 1 1 ""
2 1 4 0 1 "c"
2 1 6 1 3 ""
2 2 8 . 1 "d"
3 1 . . 1 "e"
end
preserve
collapse (mean) mean=x (median) med=x (p25) p25=x (p75) p75=x (iqr) iqr=x (sd) sd=x (semean) se=x (sum) sum=x (rawsum) raw=x (count) n=x (percent) pct=x (min) min=x (max) max=x, by(g)
list
describe
assert mean == 1.5 & med == 1.5 & n == 2 & sum == 3 in 1
assert p25 == 4 & p75 == 8 & iqr == 4 in 2
assert missing(mean) & n == 0 & sum == 0 & missing(max) in 3
restore
* first/last keep missing values; firstnm/lastnm skip them; strings are allowed.
preserve
collapse (first) f=s (last) l=s (firstnm) fnm=s (lastnm) lnm=s (first) fx=x (lastnm) lx=x, by(g)
list
restore
* sebinomial/sepoisson on a 0/1 variable; two by variables; if and in.
preserve
collapse (sebinomial) sb=y (sepoisson) sp=y (mean) y if g < 3, by(g h)
list
restore
preserve
collapse (count) x y in 1/5
list
restore
* cw: casewise deletion over all the variables named.
preserve
collapse (count) x y, by(g) cw
list
restore
* Weights.
preserve
collapse (mean) x (sum) sx=x (count) nx=x (sd) sdx=x (p50) md=x [aw=w], by(g)
list
restore
preserve
collapse (mean) x (sum) sx=x (count) nx=x (sd) sdx=x (p50) md=x [fw=w]
list
restore
preserve
collapse (sum) x (count) nx=x (percent) p=x [iw=w], by(g)
list
restore
preserve
collapse (mean) x (sum) sx=x [pw=w], by(g) fast
list
restore
* Errors: the data stay as they were.
capture noisily collapse (mean) s, by(g)
assert _rc == 109
capture noisily collapse (mean) x (sum) x, by(g)
assert _rc == 198
capture noisily collapse (mean) g, by(g)
assert _rc == 198
capture noisily collapse (p100) x
assert _rc == 198
capture noisily collapse (sd) x [pw=w]
assert _rc == 135
capture noisily collapse x if g > 5
assert _rc == 2000
capture noisily collapse (mean) nosuch
assert _rc == 111
assert _N == 7 & c(k) == 6
