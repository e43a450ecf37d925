* name: destring_tostring
* description: destring with replace/generate/force/ignore()/percent/dpcomma and Stata's messages; tostring with format()/force and the reversibility check; failures leave variables unchanged
clear
input str10 gdp str8 rate str6 code str6 eu
"1,200" "5%" "010" "1,5"
"3,450" "12.5%" "7" "2,25"
"." "" "11" "."
"n/a" "3%" "12" "10"
end
destring gdp, replace
assert gdp == "1,200" in 1
destring gdp, generate(gdp_n) ignore(",")
destring gdp, generate(gdp2) ignore(",/") force
assert gdp2[1] == 1200 & missing(gdp2[3]) & missing(gdp2[4])
destring rate, replace percent
assert reldif(rate[1], .05) < 1e-15 & reldif(rate[2], .125) < 1e-15
destring code, generate(code_n)
assert code_n == 10 in 1
destring eu, replace dpcomma
assert eu[1] == 1.5 & eu[2] == 2.25 & missing(eu[3])
describe
destring code_n, replace
capture noisily destring gdp, generate(g1) replace
assert _rc == 198
capture noisily destring gdp
assert _rc == 198
capture noisily destring gdp code, generate(only1)
assert _rc == 198
clear
input x y
1 .25
22 1.5
. 3
end
generate z = 1/3
tostring x, replace
assert x[1] == "1" & x[3] == "."
tostring y, generate(ys)
tostring z, generate(zs)
capture confirm variable zs
assert _rc == 111
tostring z, generate(zs) force
tostring z, generate(zf) format(%9.3f) force
assert zf == "0.333" in 1
tostring x, replace
describe
