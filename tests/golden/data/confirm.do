* name: confirm
* description: confirm — variables (new, numeric, string, storage types, exact), numbers, integers, names, files, scalars and matrices, with Stata's return codes
clear
set obs 2
gen price = 1
gen byte small = 1
gen str5 make = "a"
confirm variable price
confirm var pri
confirm numeric variable price small
confirm string variable make
confirm byte variable small
confirm str5 variable make
confirm str# variable make
confirm new variable newone
capture confirm variable pri, exact
assert _rc == 111
capture confirm variable nosuch
assert _rc == 111
capture confirm new variable price
assert _rc == 110
capture confirm new variable 1x
assert _rc == 198
capture confirm numeric variable make
assert _rc == 7
capture confirm string variable price
assert _rc == 7
capture confirm float variable small
assert _rc == 7
confirm number 1.5
confirm number -3e5
confirm number .
confirm integer number 42
capture confirm number abc
assert _rc == 7
capture confirm integer number 1.5
assert _rc == 7
confirm names a_b c123
capture confirm names 1x
assert _rc == 7
confirm file confirm.do
capture confirm file no_such_file.txt
assert _rc == 601
confirm new file no_such_file.txt
capture confirm new file confirm.do
assert _rc == 602
scalar s1 = 1
confirm scalar s1
capture confirm scalar nosuch
assert _rc == 111
confirm numeric format %9.2f
confirm string format %10s
capture confirm numeric format %10s
assert _rc == 7
confirm numeric variable make
