* Read as doubles, as R reads the CSV.
* xtscc, fe with lag 4 and no small-sample factor (ase): the slopes' Driscoll-Kraay
* standard errors of the within regression.
import delimited using data/grunfeld.csv, clear asdouble
xtset company year
xtscc invest mvalue kstock, fe lag(4) ase
