* name: dates
* description: daily dates (days since 01jan1960), periods, date() parsing and %t formats
clear
set obs 1
display mdy(1, 1, 1960) " " mdy(1, 15, 2020) " " %td mdy(1, 15, 2020)
assert mdy(1, 1, 1960) == 0 & mdy(12, 31, 1959) == -1 & mdy(1, 15, 2020) == 21929
* Invalid dates and missing parts give missing.
assert mdy(2, 29, 2021) == . & mdy(2, 29, 2020) == 21974 & mdy(13, 1, 2020) == . & mdy(., 1, 2020) == .
* Parts of a date. dow() counts from Sunday = 0.
local d = mdy(1, 15, 2020)
assert year(`d') == 2020 & month(`d') == 1 & day(`d') == 15
assert dow(`d') == 3 & doy(mdy(3, 1, 2020)) == 61 & week(`d') == 3
assert quarter(mdy(8, 1, 2020)) == 3 & halfyear(mdy(8, 1, 2020)) == 2
assert year(.) == .
* Periods since 1960: months, quarters, half-years, weeks, years.
display ym(2020, 1) " " %tm ym(2020, 1) " " yq(2020, 3) " " %tq yq(2020, 3)
assert ym(1960, 1) == 0 & ym(2020, 1) == 720 & yq(2020, 3) == 242 & yh(2020, 2) == 121
assert mofd(mdy(5, 20, 2020)) == 724 & dofm(724) == mdy(5, 1, 2020)
assert qofd(mdy(5, 20, 2020)) == 241 & dofq(241) == mdy(4, 1, 2020)
assert yofd(mdy(5, 20, 2020)) == 2020 & dofy(2020) == mdy(1, 1, 2020)
assert wofd(mdy(1, 15, 2020)) == yw(2020, 3)
* Date literals.
assert td(15jan2020) == 21929 & tm(2020m1) == 720 & tq(2020q3) == 242
* date(s, mask [, topyear]) reads day, month and year in the order of the mask.
assert date("15jan2020", "DMY") == 21929 & date("2020-01-15", "YMD") == 21929
assert date("01/15/2020", "MDY") == 21929 & date("January 15, 2020", "MDY") == 21929
assert date("15jan20", "DMY", 2050) == 21929 & date("15jan20", "DM20Y") == 21929
assert date("15jan20", "DMY") == . & date("31feb2020", "DMY") == . & date("junk", "DMY") == .
* Formats.
display %td 21929 " " %tdCCYY-NN-DD 21929 " " %tdDD/NN/CCYY 21929 " " %tdMonth_dd,_CCYY 21929
* A date variable.
clear
input str11 when
"15jan2020"
"29feb2020"
"1mar2021"
""
end
gen d = date(when, "DMY")
gen m = mofd(d)
gen str20 shown = string(d, "%td") + " " + string(m, "%tm")
list, noobs
assert d[2] - d[1] == 45 & m[3] == 734 & d[4] == .
