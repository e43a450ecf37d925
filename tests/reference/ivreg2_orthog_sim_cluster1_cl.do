import delimited using data/ivreg2r_sim_cluster_data.csv, clear
ivreg2 y x1 (endo1 = z1 z2), orthog(z1) cluster(cluster_id)
