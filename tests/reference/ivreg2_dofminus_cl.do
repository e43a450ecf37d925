import delimited using data/ivreg2r_sim_cluster_data.csv, clear
ivreg2 y x1 (endo1 = z1 z2), first dofminus(1) sdofminus(1) cluster(cluster_id) endog(endo1)
