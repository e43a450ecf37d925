* name: use_missing
* description: use of a file that does not exist stops with r(601)
use ../../data/no_such_file.dta, clear
