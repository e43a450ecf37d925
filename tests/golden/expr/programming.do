* name: programming
* description: cond, inlist, inrange, missing, min/max and the rounding functions
clear
set obs 1
* cond(c, a, b [, m]): a if c is true, b if false, m (default a) if c is missing.
display cond(1, "yes", "no") " " cond(0, "yes", "no")
assert cond(2 > 1, 10, 20) == 10
assert cond(., 1, 2) == 1
assert cond(., 1, 2, 3) == 3
assert cond(0, 1, 2, 3) == 2
* inlist(z, a, b, ...) and inrange(z, a, b), for numbers and strings.
assert inlist(3, 1, 2, 3) & !inlist(4, 1, 2, 3)
assert inlist("b", "a", "b") & !inlist("c", "a", "b")
assert inrange(5, 1, 10) & inrange(1, 1, 10) & !inrange(11, 1, 10)
assert inrange("b", "a", "c")
* A missing z is never in range; a missing bound is unbounded.
assert inrange(., 1, 10) == 0
assert inrange(5, ., 10) == 1 & inrange(50, 1, .) == 1
* missing(): 1 if any argument is missing; "" is the missing string.
assert missing(.) & missing(.z) & missing("") & missing(1, ., 2) & !missing(1, "a")
* min() and max() skip missing values.
assert min(3, 1, 2) == 1 & max(3, ., 7) == 7 & max(., .) == .
* Rounding: round() to the nearest integer or multiple; floor, ceil, int toward zero.
display round(2.5) " " round(3.14159, .01) " " round(28, 5) " " round(-5.2)
assert round(2.5) == 3 & round(2.4) == 2 & round(-4.8) == -5
assert reldif(round(3.14159, .01), 3.14) < 1e-15
assert round(28, 5) == 30 & round(7, 0) == 7
assert round(.a) == .a & round(.a, 2) == .a & round(1.5, .) == .
display floor(2.7) " " floor(-2.7) " " ceil(2.1) " " ceil(-2.1)
assert floor(-2.7) == -3 & ceil(-2.1) == -2
display int(2.7) " " int(-2.7) " " trunc(-2.7)
assert int(-2.7) == -2 & int(2.7) == 2
* mod(x, y) = x - y*floor(x/y): the result has the sign of y.
display mod(7, 3) " " mod(-7, 3) " " mod(7.5, 2)
assert mod(7, 3) == 1 & mod(-7, 3) == 2 & mod(7, 0) == .
* Other mathematical functions.
assert abs(-3) == 3 & sign(-2) == -1 & sign(0) == 0
assert exp(0) == 1 & ln(1) == 0 & log10(1000) == 3 & sqrt(16) == 4
assert reldif(exp(ln(7)), 7) < 1e-15
assert comb(5, 2) == 10 & comb(10, 0) == 1
assert reldif(exp(lngamma(5)), 24) < 1e-13 & reldif(lnfactorial(3), ln(6)) < 1e-15
assert invlogit(0) == .5 & logit(.5) == 0 & logit(1) == .
assert reldif(atan2(1, 1)*4, _pi) < 1e-15 & reldif(cos(_pi), -1) < 1e-15
assert float(0.1) != 0.1 & float(0.5) == 0.5
assert reldif(reldif(1, 1.1), 1/21) < 1e-14
