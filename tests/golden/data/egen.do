* name: egen
* description: egen — group statistics by()/by:/bysort, rank ties, percentiles, row functions, group/tag/cut, std, missing-value rules and errors
clear
input id x
3 .
1 1
2 3
1 2
2 3
1 .
2 6
1 5
end
* by() on unsorted data, results stored as float by default
egen m = mean(x), by(id)
egen t = total(x), by(id)
egen tm = total(x), by(id) missing
egen s = sum(x), by(id)
egen c = count(x), by(id)
egen mx = max(x), by(id)
egen mn = min(x), by(id)
egen sd = sd(x), by(id)
egen md = median(x), by(id)
egen p25 = pctile(x), by(id) p(25)
assert "`: type m'" == "float" & "`: type c'" == "float"
assert m == float(8/3) if id == 1
assert m == 4 if id == 2
assert missing(m) if id == 3
assert t == cond(id == 1, 8, cond(id == 2, 12, 0))
assert s == t
assert tm == t if id < 3
assert missing(tm) if id == 3
assert c == cond(id == 3, 0, 3)
assert mx == cond(id == 1, 5, cond(id == 2, 6, .))
assert mn == cond(id == 1, 1, cond(id == 2, 3, .))
assert reldif(sd, float(sqrt(13/3))) < 1e-7 if id == 1
assert reldif(sd, float(sqrt(3))) < 1e-7 if id == 2
assert md == cond(id == 1, 2, cond(id == 2, 3, .))
assert p25 == cond(id == 1, 1, cond(id == 2, 3, .))
* whole sample: median of 1 2 3 3 5 6 averages the middle pair
egen mdall = median(x)
egen p25all = pctile(x), p(25)
egen mall = mean(x)
assert mdall == 3 & p25all == 2
assert mall == float(20/6)
* ranks: ties averaged by default; field, track and unique
egen r = rank(x), by(id)
egen rf = rank(x), by(id) field
egen rt = rank(x), by(id) track
egen ru = rank(x), by(id) unique
sort id x, stable
list id x r rf rt ru
assert r == cond(id == 2, cond(x == 3, 1.5, 3), cond(id == 1, cond(x == 1, 1, cond(x == 2, 2, cond(x == 5, 3, .))), .))
assert rf == cond(x == 6, 1, 2) if id == 2
assert rt == cond(x == 6, 3, 1) if id == 2
assert ru[5] == 1 & ru[6] == 2 & ru[7] == 3
* the by: prefix gives the same results as by()
bysort id: egen m2 = mean(x)
assert m2 == m | (missing(m2) & missing(m))
by id: egen sd2 = sd(x)
assert sd2 == sd | (missing(sd2) & missing(sd))
* if/in restrict the rows used; other rows get missing
egen mi = mean(x) if x < 5, by(id)
assert mi == 1.5 if id == 1 & x < 5
assert missing(mi) if x >= 5
* standardised values
egen z = std(x)
egen z10 = std(x), mean(10) std(2)
quietly summarize z
assert abs(r(mean)) < 1e-6 & abs(r(sd) - 1) < 1e-6
assert reldif(z10, 10 + 2 * z) < 1e-6 if !missing(x)
* group() and tag()
egen g = group(id)
egen tg = tag(id)
assert g == id
count if tg
assert r(N) == 3
gen str1 lab = cond(id == 1, "b", cond(id == 2, "a", ""))
egen gl = group(lab)
egen glm = group(lab), missing
assert gl == cond(lab == "a", 1, cond(lab == "b", 2, .))
assert glm == cond(lab == "", 1, cond(lab == "a", 2, 3))
egen tl = tag(lab)
assert tl == 0 if lab == ""
* cut(): at() left ends and icodes; group() equal-frequency codes
egen ca = cut(x), at(0 2 4 10)
egen ci = cut(x), at(0 2 4 10) icodes
egen cg = cut(x), group(2)
assert ca == cond(x < 2, 0, cond(x < 4, 2, 4)) if !missing(x)
assert ci == cond(x < 2, 0, cond(x < 4, 1, 2)) if !missing(x)
assert cg == (x >= 3) if !missing(x)
* row functions over a varlist
clear
input a b c
1 2 3
. 4 .
. . .
end
egen rmean = rowmean(a b c)
egen rtot = rowtotal(a-c)
egen rtotm = rowtotal(a b c), missing
egen rmax = rowmax(a b c)
egen rmin = rowmin(a b c)
egen rsd = rowsd(a b c)
egen rn = rownonmiss(a b c)
egen rmiss = rowmiss(a b c)
list, noobs
assert rmean == cond(_n == 1, 2, cond(_n == 2, 4, .))
assert rtot == cond(_n == 1, 6, cond(_n == 2, 4, 0))
assert missing(rtotm) in 3
assert rsd == 1 in 1
assert rn + rmiss == 3
* errors
capture egen m = foo(a)
assert _rc == 133
capture egen a = mean(b)
assert _rc == 110
capture egen str5 e = mean(b)
assert _rc == 109
capture egen e = group(a), by(b)
assert _rc == 190
capture egen e = mean(nosuch)
assert _rc == 111
egen e = rowmean(a b), by(c)
