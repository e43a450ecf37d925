use data/simulated-panel.dta, clear
xtset firm_id time
regress y_heavy x1_heavy x2_heavy x3_heavy x4_heavy x5_heavy, vce(ols)
