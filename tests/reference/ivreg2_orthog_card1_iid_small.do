import delimited using data/ivreg2r_card_data.csv, clear
ivreg2 lwage exper expersq (educ = nearc2 nearc4), orthog(nearc2) small
