* name: error_unknown_function
* description: an unknown function stops the script with a caret at its name and r(133)
clear
set obs 2
gen x = _n
gen y = x + lg(x)
display "never reached"
