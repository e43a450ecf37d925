* name: normalize
* description: normalize by min-max (with directions and shift), z-score and vector, within groups, in place; errors for constants and bad options
clear
input x y g
1 10 1
2 20 1
4 40 1
3 . 2
5 5 2
end
normalize x y, generate(n_) negative(y)
assert n_x[1] == 0 & n_x[5] == 1 & reldif(n_x[3], .75) < 1e-9
assert reldif(n_y[2], 20/35) < 1e-9
assert n_y[3] == 0 & n_y[5] == 1 & missing(n_y[4])
normalize x, generate(z_) method(zscore)
summarize z_x
assert abs(r(mean)) < 1e-12 & reldif(r(sd), 1) < 1e-9
normalize x, generate(v_) method(vector)
assert reldif(v_x[5], 5/sqrt(55)) < 1e-9
normalize x, generate(s_) shift(0.01)
assert reldif(s_x[1], .01) < 1e-9 & reldif(s_x[5], 1.01) < 1e-9
normalize x, generate(b_) by(g)
assert b_x[1] == 0 & reldif(b_x[3], 1) < 1e-9 & b_x[4] == 0 & b_x[5] == 1
normalize x if g == 1, generate(i_)
assert missing(i_x[4]) & i_x[3] == 1
normalize x, replace
list x n_x n_y b_x i_x
assert x[5] == 1 & x[1] == 0
generate c = 3
capture noisily normalize c, generate(n_)
assert _rc == 459
capture noisily normalize y, generate(n_)
assert _rc == 110
capture noisily normalize y
assert _rc == 198
capture noisily normalize y, generate(w_) method(vector) negative(y)
assert _rc == 198
capture noisily normalize y, generate(w_) method(rank)
assert _rc == 198
