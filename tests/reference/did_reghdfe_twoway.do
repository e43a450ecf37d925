* A published reghdfe run on deterministic data: 3 units x 10 periods, treatment for
* unit 2 from t = 5 and unit 3 from t = 8 (the "simple example" of the did_multiplegt
* page of Asjad Naqvi's "Stata code for DiD" notes). egen seq() is written with _n.
clear
set obs 30
generate id = ceil(_n / 10)
generate t = mod(_n - 1, 10) + 1
generate D = 0
replace D = 1 if id == 2 & t >= 5
replace D = 1 if id == 3 & t >= 8
generate Y = 0
replace Y = id + t + cond(D == 1, 0 * t, 0) if id == 1
replace Y = id + t + cond(D == 1, 2 * t, 0) if id == 2
replace Y = id + t + cond(D == 1, 4 * t, 0) if id == 3
reghdfe Y D, absorb(id t)
