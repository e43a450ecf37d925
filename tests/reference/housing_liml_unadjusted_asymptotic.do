import delimited using data/housing.csv, clear
encode region, generate(reg)
encode division, generate(div)
ivregress liml rent pcturban (hsngval = faminc i.reg), vce(unadjusted)
