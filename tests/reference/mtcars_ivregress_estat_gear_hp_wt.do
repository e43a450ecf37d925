import delimited using data/mtcars.csv, clear
generate w = drat / 5
quietly ivregress 2sls mpg gear (hp = wt), small
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt) [aweight = w], small
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt), rob
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt) [aweight = w], rob
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt), cluster(cyl)
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt) [aweight = w], cluster(cyl)
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt), small noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt) [aweight = w], small noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt), rob noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt) [aweight = w], rob noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt), cluster(cyl) noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg gear (hp = wt) [aweight = w], cluster(cyl) noconstant
estat endogenous, forceweights
