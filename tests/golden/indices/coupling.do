* name: coupling
* description: coupling coordination degree of two and three subsystems: C, T and D by hand, given weights, the Wang et al. (2021) form, and bad input
clear
set type double
input u1 u2 u3
.25 .25 .5
.1 .4 .2
0 .5 .3
0 0 0
end
coupling u1 u2, generate(D) cdegree(C) tdegree(T)
* C = 2 sqrt(u1 u2)/(u1 + u2), T = (u1 + u2)/2, D = sqrt(C T)
assert reldif(C[1], 1) < 1e-9 & reldif(C[2], .8) < 1e-9 & C[3] == 0 & missing(C[4])
assert reldif(T[2], .25) < 1e-9 & reldif(D[2], sqrt(.8*.25)) < 1e-9 & missing(D[4])
coupling u1 u2 u3, generate(D3) cdegree(C3) weights(.5 .3 .2)
assert reldif(C3[2], 3*(.1*.4*.2)^(1/3)/.7) < 1e-9
assert reldif(D3[2], sqrt(C3[2]*(.5*.1 + .3*.4 + .2*.2))) < 1e-9
coupling u1 u2, generate(Dw) cdegree(Cw) wang
* Wang et al.: C = sqrt{[1 - |u1 - u2|] * (u1/max * u2/max)}
assert reldif(Cw[2], sqrt((1 - .3)*(.1/.4))) < 1e-9 & reldif(Cw[1], 1) < 1e-9
return list
generate big = 2
capture noisily coupling u1 big, generate(bad) wang
assert _rc == 459
generate neg = -u1
capture noisily coupling u1 neg, generate(bad)
assert _rc == 459
capture noisily coupling u1, generate(bad)
assert _rc == 102
capture noisily coupling u1 u2, generate(bad) weights(.5 .6)
assert _rc == 198
capture noisily coupling u1 u2
assert _rc == 198
