* name: error_syntax
* description: a malformed expression is r(198), with a caret where the parse stopped
clear
set obs 2
gen x = _n
gen y = (x + 1) * / 2
display "never reached"
