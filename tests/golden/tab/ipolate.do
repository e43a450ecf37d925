* name: ipolate
* description: ipolate fills gaps linearly in x within by() groups (duplicate x averaged) and epolate extrapolates from the two nearest points, also under by:; checked by hand
clear
input id t y
1 1 .
1 2 2
1 3 .
1 4 6
1 4 8
1 5 .
1 7 .
2 1 1
2 2 .
2 4 .
2 5 4
end
ipolate y t, generate(yi) by(id)
* t = 3 in panel 1 lies between (2, 2) and (4, mean of 6 and 8 = 7)
assert yi == 4.5 in 3
assert yi == 7 in 4/5
assert missing(yi[1]) & missing(yi[6])
* panel 2: between (1, 1) and (5, 4), slope 3/4
assert yi == 1.75 in 9
assert yi == 3.25 in 10
ipolate y t, generate(ye) by(id) epolate
* the ends continue the line through (2, 2) and (4, 7): slope 2.5
assert ye == -.5 in 1
assert ye == 9.5 in 6
assert ye == 14.5 in 7
by id: ipolate y t, generate(yb) epolate
assert yb == ye
ipolate y t if id == 2, generate(y2)
assert missing(y2) in 1/7
list
capture noisily by id: ipolate y t, generate(bad) by(id)
assert _rc == 190
capture noisily ipolate y t
assert _rc == 198
capture noisily ipolate y, generate(z)
assert _rc == 102
