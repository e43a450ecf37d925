* Read as doubles, as R reads the CSV.
* newey on one time series (company 1 of Grunfeld, 1935-1954), lag 2.
import delimited using data/grunfeld.csv, clear asdouble
keep if company == 1
tsset year
newey invest mvalue kstock, lag(2)
newey invest mvalue kstock [aw=kstock+1], lag(2)
