* name: errors
* description: expression errors and their return codes, caught with capture noisily
clear
set obs 3
gen price = _n
gen pop = 10*_n
gen str3 name = "abc"
* Type mismatch, r(109): numbers and strings mixed, or the wrong type of argument.
capture noisily gen y = name + 1
assert _rc == 109
capture noisily display "a" - "b"
capture noisily display -"a"
capture noisily gen y = substr(price, 1, 2)
capture noisily gen y = abs(name)
capture noisily replace price = "x"
* Unknown function, r(133).
capture noisily gen y = nosuch(price)
assert _rc == 133
* Unknown variable, r(111), and an ambiguous abbreviation, r(111).
capture noisily gen y = zzz + 1
assert _rc == 111
capture noisily gen y = p + 1
assert _rc == 111
* A unique abbreviation is fine.
gen y = pri + po
assert y == 11*_n
* Syntax errors, r(198); an unclosed bracket, r(132); a wrong number of arguments.
capture noisily gen z = price +
assert _rc == 198
capture noisily gen z = (price + 1
assert _rc == 132
capture noisily display abs(1, 2)
* Errors inside if: the same codes.
capture noisily count if name > 1
assert _rc == 109
capture noisily list if nosuchvar == 1
assert _rc == 111
* Missing results are not errors.
capture display 1/0 + ln(-1) + sqrt(-4)
assert _rc == 0
display _rc
