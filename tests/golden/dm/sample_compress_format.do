* name: sample_compress_format
* description: sample (percent and count, by(), if/in kept, set seed reproducibility, errors), compress (smallest types, bytes saved, varlist) and format (both word orders, listing, wrong kind of format r(120))
clear
set obs 20
gen id = _n
gen g = mod(_n, 2)
set seed 2024
preserve
sample 25
assert _N == 5
local kept = id[1]
restore
set seed 2024
preserve
sample 25
assert id[1] == `kept'
restore
preserve
sample 3, count by(g)
assert _N == 6
by g, sort: assert _N == 3
restore
preserve
sample 0 if g == 1
assert _N == 10 & g == 0
restore
capture noisily sample 150
assert _rc == 198
capture noisily sample 2.5, count
assert _rc == 198
capture noisily sample abc
assert _rc == 198
assert _N == 20
* compress
clear
input double d float f long l str10 s int i
1 1.5 70000 "ab" 5
2 2.5 3 "abcd" .
end
compress
describe
compress
compress s
* format
format f %9.2f
format %-10s s
format d l %12.0gc
format f d s
capture noisily format s %9.2f
assert _rc == 120
capture noisily format f %10s
assert _rc == 120
capture noisily format f %junk
assert _rc == 120
format f
