import delimited using data/housing.csv, clear
encode region, generate(reg)
encode division, generate(div)
ivregress gmm rent pcturban (hsngval = faminc i.reg), wmatrix(robust) small
