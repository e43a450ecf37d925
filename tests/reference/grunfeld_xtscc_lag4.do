* xtscc, pooled OLS with Driscoll-Kraay standard errors, lag 4: the default
* (small-sample factor T/(T-1)*(N-1)/(N-k), t with T-1 df) and option ase.
import delimited using data/grunfeld.csv, clear
xtset company year
xtscc invest mvalue kstock, lag(4)
xtscc invest mvalue kstock, lag(4) ase
