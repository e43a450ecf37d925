* newey with panel data: autocovariances within company, Bartlett lag 4.
* Stata output stored in statsmodels (results_nw_panel4; cmdline
* "newey invest mvalue kstock, lag(4) force").
import delimited using data/grunfeld.csv, clear
xtset company year
newey invest mvalue kstock, lag(4) force
