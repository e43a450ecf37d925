* name: generate
* description: generate/gen/g — default float storage, explicit types, strings, if/in, by-groups, the missing-values note and error codes
clear
set obs 6
generate x = _n
gen y = x * 1.5 if x > 2
g z = 0.1
assert z == float(0.1)
assert reldif(y, 1.5 * x) < 1e-12 if x > 2
assert missing(y) if x <= 2
gen double d = 0.1
assert d == 0.1
gen byte b = x * 50
assert b == 50 & missing(b[3]) in 1
gen int i = 2.7
assert i == 2
gen w = x in 2/3
count if !missing(w)
assert r(N) == 2
* set type double makes new variables double
set type double
gen q = 1/3
assert q == 1/3
set type float
* strings: str# fitted to the longest value; explicit str# truncates
gen s = "ab" + string(x)
gen str3 t = "abcdef"
assert t == "abc"
gen u = "k" if x == 1
gen strL big = "long text"
foreach v in x y z b i w {
    assert "`: type `v''" == cond("`v'" == "b", "byte", cond("`v'" == "i", "int", "float"))
}
assert "`: type d'" == "double"
assert "`: type q'" == "double"
assert "`: type s'" == "str3"
assert "`: type t'" == "str3"
assert "`: type u'" == "str1"
assert "`: type big'" == "strL"
assert u == "" if x > 1
* by-groups: _n and _N within groups
gen g = ceil(x / 3)
bysort g: gen n = _n
by g: gen N = _N
by g: gen first = x[1]
assert n == x - 3 * (g - 1)
assert N == 3
assert first == 3 * (g - 1) + 1
list x g n N first, noobs
* errors: already defined, type mismatch, bad name, unknown variable
capture gen x = 1
assert _rc == 110
capture gen double e = "a"
assert _rc == 109
capture gen str5 e = 1
assert _rc == 109
capture gen 1bad = 1
assert _rc == 198
capture gen e = nosuchvar + 1
assert _rc == 111
gen x = 2
