* name: operators
* description: operator precedence and associativity ([U] 13.2.5), string operators
* `assert` checks every observation, so one observation makes the scalar checks count.
clear
set obs 1
* ^ binds tighter than unary minus, and associates to the left.
display -2^2
assert -2^2 == -4
display 2^3^2
assert 2^3^2 == 64
assert 2^-1 == .5
assert 2*3^2 == 18
* A macro is text: the minus sign of -5 is applied after the power.
global A = -5
display $A^2
assert ($A)^2 == 25
* * and / before + and -; both levels associate to the left.
display 1 + 2*3
assert (1 + 2)*3 == 9
assert 10 - 5 - 2 == 3
assert 8/4/2 == 1
assert 7 - 2*3 + 1 == 2
* ! binds tightest of all: !2 == 1 is (!2) == 1.
display !2 == 1
assert (!0 + 1) == 2
assert !(2 == 1) == 1
* Comparisons bind tighter than &, and & tighter than |.
display 1 < 2 & 3 < 4
assert (1 | 0 & 0) == 1
assert ((1 | 0) & 0) == 0
assert (1 + 1 == 2) == 1
* ~ and ~= are synonyms of ! and !=.
assert ~0 == 1
assert 3 ~= 4
* Logical operators return 0 or 1.
display 5 & 3
display 0 | 0
* Division by zero and undefined powers are missing, not errors.
display 1/0
display (-8)^(1/3)
display 0^0
* Strings: + concatenates, * repeats, comparisons are by byte.
display "ab" + "cd"
display "ab"*3
display 2*"x"
display "apple" < "banana"
display "Z" < "a"
assert "abc" == "abc"
assert "abc" != "abd"
assert "" < "a"
