* name: import_malformed
* description: an unterminated quote in a CSV stops import delimited with r(198) and leaves the data in memory alone
import delimited using ../../../scripts/data/grunfeld.csv, clear
capture import delimited using ../../data/insp_malformed.csv, clear
display _rc
assert _N == 200
import delimited using ../../data/insp_malformed.csv, clear
