use data/griliches76.dta, clear
regress lw iq s expr tenure
ivreg2 lw s expr tenure (iq=med)
