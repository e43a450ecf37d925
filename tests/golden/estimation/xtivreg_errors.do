* name: xtivreg_errors
* description: xtivreg bad input: no xtset, underidentified, conflicting options, too few panels, clusters not nesting panels
import delimited using ../../reference/data/grunfeld.csv, clear
capture noisily xtivreg invest kstock (mvalue = time), re
xtset company year
capture noisily xtivreg invest kstock (mvalue = kstock), re
capture noisily xtivreg invest kstock (mvalue = time), fe re
capture noisily xtivreg invest kstock (mvalue = time), be ec2sls
capture noisily xtivreg invest kstock (mvalue = time), fe vce(cluster year)
capture noisily xtivreg invest kstock (mvalue = time), re vce(bootstrap)
capture noisily xtivreg invest kstock (mvalue = time) if company <= 3, re
capture noisily xtivreg invest (mvalue = kstock) if year == 1940, fe
