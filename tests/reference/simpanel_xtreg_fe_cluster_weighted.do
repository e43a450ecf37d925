use data/simulated-panel.dta, clear
xtset firm_id time
xtreg y x1 x2 x3 x4 x5 [aweight=w], fe vce(cluster firm_id)
