* name: error_type_mismatch
* description: an uncaught type mismatch stops the script with a caret and r(109)
clear
set obs 2
gen str5 name = "ab"
gen n = _n
gen y = substr(name, "2", 1)
display "never reached"
