* name: distributions
* description: normal, t, F and chi2 distribution functions against known values
* Reference values: closed forms where they exist; otherwise computed with mpmath at
* 40 digits (regularized incomplete beta/gamma), which the printed tables round
* (z.975 = 1.96, t.025(10) = 2.228, F.05(3,20) = 3.10, chi2.05(1) = 3.841,
* chi2.05(10) = 18.307).
clear
set obs 1
* Normal.
display %9.6f normal(1.96) "  " %9.6f invnormal(.975)
assert reldif(normal(1.96), 0.9750021048517796) < 1e-9
assert reldif(normal(-1), 0.15865525393145705) < 1e-9
assert normal(0) == .5
assert reldif(invnormal(.975), 1.959963984540054) < 1e-9
assert reldif(invnormal(.95), 1.6448536269514727) < 1e-9
assert reldif(normalden(0), 0.3989422804014327) < 1e-9
assert reldif(normalden(1, 1, 2), 0.3989422804014327/2) < 1e-9
* Student t: ttail(df, t) = P(T > t).
display %9.6f ttail(10, 2) "  " %9.6f invttail(10, .025)
assert reldif(ttail(10, 2), 0.03669401738537018) < 1e-9
assert reldif(ttail(1, 1), .25) < 1e-9
assert reldif(ttail(2, 2), .5 - 1/sqrt(6)) < 1e-9
assert reldif(ttail(10, -2), 1 - 0.03669401738537018) < 1e-9
assert reldif(invttail(10, .025), 2.2281388519862747) < 1e-9
assert reldif(invttail(30, .05), 1.6972608865939578) < 1e-9
assert reldif(invttail(1, .25), 1) < 1e-9
* F: Ftail(df1, df2, f) = P(F > f).
display %9.6f Ftail(3, 20, 3.1) "  " %9.6f invFtail(3, 20, .05)
assert reldif(Ftail(3, 20, 3.1), 0.04992453304567878) < 1e-9
assert reldif(invFtail(3, 20, .05), 3.0983912121407801) < 1e-9
assert reldif(Ftail(2, 2, 3), .25) < 1e-9
assert reldif(Ftail(2, 4, 1), 4/9) < 1e-9
assert reldif(Ftail(1, 10, 4), 2*ttail(10, 2)) < 1e-9
assert reldif(F(3, 20, 3.1) + Ftail(3, 20, 3.1), 1) < 1e-12
* chi2: chi2tail(df, x) = P(X > x).
display %9.6f chi2tail(1, 3.84) "  " %9.6f invchi2tail(10, .05)
assert reldif(chi2tail(1, 3.84), 0.0500435212487051) < 1e-9
assert reldif(invchi2tail(1, .05), 3.841458820694126) < 1e-9
assert reldif(chi2tail(10, 18.307), 0.0500005890913981) < 1e-9
assert reldif(invchi2tail(10, .05), 18.307038053275147) < 1e-9
assert reldif(chi2tail(2, 2), exp(-1)) < 1e-9
assert reldif(chi2tail(1, 1.96^2), 2*(1 - normal(1.96))) < 1e-9
assert reldif(chi2(2, 2), 1 - exp(-1)) < 1e-9
* Outside the domain, or with a missing argument, the result is missing.
assert invnormal(1.5) == . & ttail(0, 1) == . & chi2tail(-1, 2) == . & normal(.) == .
assert Ftail(3, ., 1) == .
