import delimited using data/ivreg2r_sim_multi_endo_data.csv, clear
ivreg2 y x1 x2 (endo1 endo2 = z1 z2 z3 z4), first robust endog(endo1 endo2)
