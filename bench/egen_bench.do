* Benchmark (not a test): egen by-group mean with 1M groups and a vectorised
* generate over 10M rows. Run: build/xtdo bench/egen_bench.do (from anywhere).
clear
set obs 10000000
gen id = ceil(_n/10)
gen x1 = runiform()
gen x2 = runiform()
timer clear
timer on 1
bysort id: egen m = mean(x1)
timer off 1
timer on 2
generate z = exp(x1)*2 + x2
timer off 2
timer on 3
by id: egen m_by = mean(x1)
timer off 3
timer on 4
egen m_opt = mean(x1), by(id)
timer off 4
sort x1
timer on 5
egen m_unsorted = mean(x1), by(id)
timer off 5
timer on 6
sort id
timer off 6
assert m == m_by & m == m_opt & m == m_unsorted
timer list
