* name: error_ambiguous
* description: an ambiguous variable abbreviation in an expression is r(111), with a caret
clear
set obs 2
gen income = 1
gen inflation = 2
gen y = 2*inc
gen z = 3*i + 1
display "never reached"
