import delimited using data/ivreg2r_ts_hac_data.csv, clear
tsset t
ivreg2 y w (x = z1 z2), bw(4) kernel(parzen)
