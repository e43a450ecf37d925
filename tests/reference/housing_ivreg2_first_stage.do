import delimited using data/housing.csv, clear
encode region, generate(reg)
ivreg2 rent pcturban (hsngval = faminc i.reg), savefirst
estimates restore _ivreg2_hsngval
