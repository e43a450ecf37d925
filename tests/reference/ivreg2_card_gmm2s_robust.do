import delimited using data/ivreg2r_card_data.csv, clear
ivreg2 lwage exper expersq black south (educ = nearc2 nearc4), gmm2s robust
