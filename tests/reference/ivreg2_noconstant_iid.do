import delimited using data/ivreg2r_sim_no_constant_data.csv, clear
ivreg2 y x1 (endo1 = z1 z2), noconstant first endog(endo1)
