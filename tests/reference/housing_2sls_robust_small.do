import delimited using data/housing.csv, clear
encode region, generate(reg)
encode division, generate(div)
ivregress 2sls rent pcturban (hsngval = faminc i.reg), vce(robust) small
