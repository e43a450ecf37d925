* name: timer
* description: timer on/off/list/clear; times vary, so only counts are shown
timer clear
timer on 1
timer off 1
timer on 1
timer off 1
timer on 2
timer off 2
quietly timer list
assert r(nt1) == 2
assert r(nt2) == 1
assert r(t1) >= 0 & r(t1) < 60
timer clear 1
quietly timer list
assert r(nt1) == .
assert r(nt2) == 1
capture timer off 3
display _rc
capture timer on 101
display _rc
