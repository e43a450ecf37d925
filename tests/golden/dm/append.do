* name: append
* description: append using one or several files — new variables, storage types widened with Stata's note, generate() source marker, keep(), value labels, an empty master, and the string/numeric clash (r(106), force)
clear
input int year str5 prov gdp
2001 "Anhui" 1.5
2002 "Anhui" 1.7
end
label define yl 2001 "first"
label values year yl
tempfile a b c
quietly save "`a'"
clear
input long year str9 prov gdp pop
2001 "Guangdong" 12.3 85
end
quietly save "`b'"
clear
input year str2 prov
2003 "HK"
end
quietly save "`c'"
use "`a'", clear
append using "`b'" "`c'", generate(source)
list
describe year prov gdp pop source
assert _N == 4 & source == 0 in 1/2
assert source == 1 in 3
assert source == 2 in 4
assert pop == 85 in 3
assert missing(pop) in 1
* keep(): only the listed variables come from the using file.
use "`a'", clear
append using "`b'", keep(year gdp)
assert _N == 3 & c(k) == 3 & prov == "" in 3
* An empty master simply takes the file.
clear
append using "`b'"
assert _N == 1 & prov == "Guangdong"
describe year prov
* A string variable meeting a numeric one: r(106), data unchanged; force keeps going.
clear
input prov
1
end
capture noisily append using "`a'"
assert _rc == 106
assert _N == 1 & c(k) == 1
append using "`a'", force
assert _N == 3 & missing(prov) in 2/3
* Errors: no using, missing file, generate() variable taken.
capture noisily append "`a'"
assert _rc == 100
capture noisily append using no_such_file
assert _rc == 601
capture noisily append using "`a'", generate(prov)
assert _rc == 110
assert _N == 3
