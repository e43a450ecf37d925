* test and testparm reproduce the two F statistics Stata prints for the Grunfeld
* fixed-effects regression: the slopes' F(2, 188) and the u_i F(9, 188).
import delimited using data/grunfeld.csv, clear
xtset company year
quietly xtreg invest mvalue kstock, fe
test mvalue kstock
quietly regress invest mvalue kstock i.company
testparm i.company
