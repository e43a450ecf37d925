use data/simulated-panel.dta, clear
xtset firm_id time
xtreg y_heavy x1_heavy x2_heavy x3_heavy x4_heavy x5_heavy, fe vce(robust)
