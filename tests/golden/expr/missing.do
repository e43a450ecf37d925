* name: missing
* description: missing values: . < .a < ... < .z above all numbers, arithmetic, logic, if
clear
set obs 1
* Ordering: every number < . < .a < .b < ... < .z.
assert 8.9e307 < .
assert . < .a
assert .a < .b
assert .y < .z
assert .z > .
assert .a == .a
assert .a != .
assert missing(.) & missing(.a) & missing(.z)
assert !missing(0)
* Arithmetic with a missing operand is missing (system missing, even from .a).
display 1 + .
display .a * 2
assert (.a + 1) == .
assert (. - .) == .
assert ln(0) == . & sqrt(-1) == .
* Logic: missing is true (it is not zero); ! of missing is 0.
display . & 1
display 0 | .a
display !.
* A variable with missing values.
clear
input x
1
6
.
.a
10
.b
end
* x > 5 is true for missing x, as in Stata.
count if x > 5
list x if x > 5, noobs
count if x > 5 & x < .
count if x >= .
count if missing(x)
count if x == .
count if x > .a
gen y = x + 1
assert missing(y) == missing(x)
gen b = x > 5
list x y b, noobs
* Sorting puts . before .a before .b, after every number.
sort x
list x, noobs
* The running sum treats missing as 0; min() and max() skip missing.
gen s = sum(x)
assert s[_N] == 17
assert max(1, ., 3) == 3
assert min(., .a) == .
* Strings: the missing string is "".
gen str3 t = cond(x < ., "n", "")
assert missing(t) == missing(x)
assert missing(t, 1) == missing(x)
