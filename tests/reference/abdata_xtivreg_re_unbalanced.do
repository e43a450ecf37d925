* Unbalanced panel (6 to 8 years per firm): Swamy-Arora with the trace correction.
import delimited using data/abdata.csv, clear asdouble
xtset id year
xtivreg n k (w = wl1 ys), re
