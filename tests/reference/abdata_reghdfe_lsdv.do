* Copied from ../shared/reference/cases/abdata_xtreg_fe.do with reghdfe in place of xtreg, fe:
* one absorbed factor is the LSDV regression of the source, with the same residual df.
* Stata's import delimited lower-cases variable names by default ([D] import delimited: case(lower)); case(preserve)
* keeps nL1, wL1, ... as the expected names are written.
import delimited using data/abdata.csv, clear case(preserve)
xtset id year
reghdfe n nL1 nL2 w wL1 k kL1 kL2 ys ysL1 ysL2 yr*, absorb(id)
