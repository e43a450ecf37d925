* name: eclass
* description: an eclass program posting b and V with ereturn post, then ereturn display
* The posted numbers are regress's own, so _b/_se after the program must equal them.
import delimited using ../../../scripts/data/grunfeld.csv, clear
quietly regress invest mvalue kstock
matrix b0 = e(b)
matrix V0 = e(V)
scalar se_mvalue = _se[mvalue]
program define myols, eclass
    syntax varlist
    quietly regress `varlist'
    tempvar touse
    generate byte `touse' = e(sample)
    matrix b = e(b)
    matrix V = e(V)
    local n = e(N)
    local df = e(df_r)
    local dep : word 1 of `varlist'
    ereturn post b V, depname(`dep') obs(`n') dof(`df') esample(`touse')
    ereturn local cmd "myols"
end
myols invest mvalue kstock
ereturn display
assert "`e(cmd)'" == "myols"
assert "`e(depvar)'" == "invest"
assert e(N) == 200
assert reldif(_b[mvalue], b0[1,1]) < 1e-15
assert reldif(_se[mvalue], scalar(se_mvalue)) < 1e-15
count if e(sample)
capture ereturn post nosuch
display "rc = " _rc
