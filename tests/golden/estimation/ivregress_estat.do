* name: ivregress_estat
* description: ivregress 2sls/liml/gmm headers and estat firststage, overid, endogenous on hsng (Stata [R] ivregress example data)
import delimited using ../../reference/data/housing.csv, clear
encode region, generate(reg)
ivregress 2sls rent pcturban (hsngval = faminc i.reg)
estat firststage
estat overid
estat endogenous
ivregress gmm rent pcturban (hsngval = faminc i.reg), small
estat overid
estat endogenous
quietly ivregress gmm rent pcturban (hsngval = faminc i.reg), wmatrix(unadjusted)
estat endogenous
quietly ivregress 2sls rent pcturban (hsngval = faminc i.reg), vce(robust)
estat endogenous
estat overid
quietly ivregress liml rent pcturban (hsngval = faminc i.reg)
estat overid
capture noisily estat endogenous
quietly ivregress 2sls rent (hsngval pcturban = faminc i.reg)
estat endogenous pcturban
