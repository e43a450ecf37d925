* name: syntax
* description: user programs with syntax, marksample, rclass returns and temporaries
set obs 6
generate x = _n
generate y = cond(_n == 3, ., 2 * _n)
program define mysum, rclass
    syntax varlist(numeric) [if] [in] [, Detail SCale(real 1) noCONStant *]
    marksample touse
    quietly count if `touse'
    local n = r(N)
    tempname total
    scalar `total' = 0
    foreach v of local varlist {
        quietly summarize `v' if `touse'
        scalar `total' = `total' + r(sum) * `scale'
    }
    display "vars: `varlist' | n = `n' | detail: [`detail'] | constant: [`constant'] | other: [`options']"
    return scalar total = `total'
    return scalar N = `n'
    return local vars "`varlist'"
end
mysum x y
display r(total) " " r(N) " " "`r(vars)'"
mysum x if x > 2, det scale(10) nocons extra(1)
display r(total) " " r(N)
capture mysum nosuchvar
display "rc = " _rc
program define strict
    syntax varname [, Level(cilevel) GENerate(name)]
    display "`varlist' level=`level' gen=`generate'"
end
strict y, gen(z)
strict y, level(90)
capture strict x, badopt
display "rc = " _rc
capture strict x y
display "rc = " _rc
quietly summarize x
display "`r(N)' `r(mean)' [`r(nosuch)']"
describe, short
