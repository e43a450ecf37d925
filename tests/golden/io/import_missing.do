* name: import_missing
* description: import delimited of a file that does not exist stops with r(601)
capture import delimited using ../../data/no_such_file.csv, clear
display _rc
import delimited using ../../data/no_such_file.csv, clear
