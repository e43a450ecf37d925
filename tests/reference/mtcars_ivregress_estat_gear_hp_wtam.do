import delimited using data/mtcars.csv, clear
generate w = drat / 5
quietly ivregress 2sls mpg gear (hp = wt am), small
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am) [aweight = w], small
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am), rob
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am) [aweight = w], rob
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am), cluster(cyl)
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt am) [aweight = w], cluster(cyl)
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt am), small noconstant
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am) [aweight = w], small noconstant
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am), rob noconstant
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am) [aweight = w], rob noconstant
estat endogenous, forceweights
estat overid, forceweights
quietly ivregress 2sls mpg gear (hp = wt am), cluster(cyl) noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt am) [aweight = w], cluster(cyl) noconstant
estat endogenous, forceweights
