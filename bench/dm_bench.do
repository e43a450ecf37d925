* Benchmark (not a test): merge m:1, collapse and reshape long at the sizes of the
* data-management targets. Run: /usr/bin/time -v build/xtdo bench/dm_bench.do
* 1. merge m:1: 10 million master rows against a 1-million-row key table.
clear
set obs 1000000
gen long id = _n
gen double z = runiform()
tempfile keys
quietly save "`keys'"
clear
set obs 10000000
gen long id = ceil(_n/10)
gen double x = runiform()
gen double y = runiform()
timer clear
timer on 1
merge m:1 id using "`keys'", nogenerate
timer off 1
* 2. the same merge with the master in random order (keys must be sorted first).
drop z
gen double u = runiform()
sort u
drop u
timer on 2
merge m:1 id using "`keys'", nogenerate
timer off 2
assert z < .
* 3. collapse (mean) x (sum) y with 1 million groups.
timer on 3
collapse (mean) x (sum) y, by(id)
timer off 3
assert _N == 1000000
* 4. reshape long of a 1-million-row x 10-year wide table.
clear
set obs 1000000
gen long id = _n
forvalues t = 2001/2010 {
  gen double v`t' = runiform()
}
timer on 4
reshape long v, i(id) j(year)
timer off 4
assert _N == 10000000
* 5. (for information) and back to wide.
timer on 5
reshape wide v, i(id) j(year)
timer off 5
assert _N == 1000000
timer list
