* Copied from ../shared/reference/cases/grunfeld_regress_cluster.do. Stata's import delimited lower-cases
* variable names by default ([D] import delimited: case(lower)); case(preserve)
* keeps nL1, wL1, ... as the expected names are written.
import delimited using data/grunfeld.csv, clear case(preserve)
xtset company year
regress invest mvalue kstock, vce(cluster company)
