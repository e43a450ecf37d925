* name: sort
* description: sort (stable, missing last, strings with "" first) and gsort (descending with missing last or mfirst, generate())
clear
input x str3 s k
3 "b" 1
. "a" 2
1 ""  3
3 "a" 4
2 "c" 5
.a "b" 6
end
sort x
list, noobs
assert k == 3 in 1
assert k[2] == 5 & k[3] == 1 & k[4] == 4
assert k[5] == 2 & k[6] == 6
sort s x
assert s == "" in 1
assert k[2] == 4 & k[3] == 2
* gsort: descending numbers with missing values last (default) or first (mfirst)
gsort -x
list, noobs
assert x == 3 in 1
assert x[1] == 3 & x[2] == 3 & x[3] == 2 & x[4] == 1
assert missing(x[5]) & missing(x[6])
gsort -x, mfirst
assert missing(x[1]) & missing(x[2]) & x[3] == 3
gsort +s -k
assert s == "" in 1
assert s[2] == "a" & k[2] == 4
gsort -s
assert s[1] == "c" & s[6] == ""
gsort -s, mfirst
assert s[1] == ""
gsort s -x, generate(grp)
list, noobs
assert grp[_N] == 6 & grp[3] == 3
capture sort nosuch
assert _rc == 111
gsort -nosuch
