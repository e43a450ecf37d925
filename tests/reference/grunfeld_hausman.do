* Hausman test fixed vs random effects on the Grunfeld panel (invest on mvalue and
* kstock; = plm's Grunfeld inv ~ value + capital).
import delimited using data/grunfeld.csv, clear
xtset company year
quietly xtreg invest mvalue kstock, fe
estimates store fixed
quietly xtreg invest mvalue kstock, re
estimates store random
hausman fixed random
