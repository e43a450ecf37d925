* name: loops
* description: foreach/forvalues/while, nested loops, continue/break, if/else chains
foreach x in a "b c" d {
    display "[`x']"
}
foreach n of numlist 1/3 10(5)20 {
    display `n'
}
local L alpha beta
foreach m of local L {
    display "`m'"
}
forvalues i = 1(2)7 {
    display `i'
}
forvalues i = 3/1 {
    display "never"
}
local k 0
while `k' < 3 {
    local ++k
    display "k = `k'"
}
forvalues i = 1/6 {
    if `i' == 2 {
        continue
    }
    if `i' == 5 {
        continue, break
    }
    display "i = `i'"
}
foreach a in x y {
    foreach b in 1 2 {
        local s `s' `a'`b'
    }
}
display "`s'"
local v 5
if `v' > 10 {
    display "big"
}
else if `v' > 3 {
    display "middle"
}
else {
    display "small"
}
if `v' == 5 {
    display "five"
} else {
    display "not five"
}
