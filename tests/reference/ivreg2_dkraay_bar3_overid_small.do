import delimited using data/ivreg2r_wagepan_data.csv, clear
xtset nr year
ivreg2 lwage exper expersq married union (hours = educ black), dkraay(3) small
