import delimited using data/housing.csv, clear
encode region, generate(reg)
quietly ivregress 2sls rent pcturban (hsngval = faminc i.reg)
estat endogenous
