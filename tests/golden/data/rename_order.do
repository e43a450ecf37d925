* name: rename_order
* description: rename (single and group, swaps) and order (first, last, before, after, alphabetic)
clear
set obs 2
gen a = 1
gen b = 2
gen c = 3
gen d = 4
rename a alpha
confirm variable alpha
capture confirm variable a, exact
assert _rc == 111
rename (b c) (c2 b2)
assert c2 == 2 & b2 == 3
* a swap in one group rename
rename (c2 b2) (b2 c2)
assert b2 == 2 & c2 == 3
ren d delta
order delta
describe, simple
order alpha, last
describe, simple
order delta, after(c2)
describe, simple
order alpha, before(b2)
describe, simple
order c2 b2, alphabetic
describe, simple
capture rename alpha delta
assert _rc == 110
capture rename nosuch x
assert _rc == 111
capture rename alpha 1x
assert _rc == 198
capture order nosuch
assert _rc == 111
rename (alpha delta) (x)
