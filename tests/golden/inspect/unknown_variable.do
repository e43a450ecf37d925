* name: unknown_variable
* description: an unknown variable in describe/list/summarize stops the script with r(111)
import delimited using ../../../scripts/data/grunfeld.csv, clear
capture summarize nosuchvar
display _rc
capture list nosuchvar
display _rc
describe nosuchvar
