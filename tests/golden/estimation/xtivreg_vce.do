* name: xtivreg_vce
* description: xtivreg output with vce(robust) (clusters on the panel variable) for fe, ec2sls with small, and fd
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
generate double lmv = L.mvalue
xtivreg invest kstock (mvalue = lmv), fe vce(robust)
xtivreg invest kstock (mvalue = lmv), ec2sls vce(cluster company) small
xtivreg invest kstock (mvalue = lmv), fd vce(robust)
assert e(N_clust) == 10 & "`e(vce)'" == "robust" & "`e(clustvar)'" == "company"
