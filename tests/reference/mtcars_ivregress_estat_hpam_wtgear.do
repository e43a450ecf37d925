import delimited using data/mtcars.csv, clear
generate w = drat / 5
quietly ivregress 2sls mpg (hp am = wt gear), small
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear) [aweight = w], small
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear), rob
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear) [aweight = w], rob
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear), cluster(cyl)
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear) [aweight = w], cluster(cyl)
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear), small noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear) [aweight = w], small noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear), rob noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear) [aweight = w], rob noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear), cluster(cyl) noconstant
estat endogenous, forceweights
quietly ivregress 2sls mpg (hp am = wt gear) [aweight = w], cluster(cyl) noconstant
estat endogenous, forceweights
