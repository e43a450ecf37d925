import delimited using data/ivreg2r_card_data.csv, clear
ivreg2 lwage exper expersq black south (educ = nearc4 nearc2) [aw=weight], first robust
