* name: esttab_stepwise
* description: a seed-style stepwise table: controls added one by one with xtreg fe, Year FE via indicate and estadd
import delimited using ../../reference/data/grunfeld.csv, clear
xtset company year
generate lninv = ln(invest)
generate lnmv = ln(mvalue)
generate lnk = ln(kstock)
label variable lnmv "Log market value"
label variable lnk "Log capital stock"
eststo clear
eststo: quietly xtreg lninv lnmv i.year, fe
estadd local firmfe "Yes"
eststo: quietly xtreg lninv lnmv lnk i.year, fe
estadd local firmfe "Yes"
eststo: quietly xtreg lninv lnmv lnk time, fe vce(cluster company)
estadd local firmfe "Yes"
esttab, se star(* 0.10 ** 0.05 *** 0.01) b(%9.4f) se(%9.4f) indicate("Year FE = *.year") ///
    scalars("firmfe Firm FE" "r2_w Within R-sq") sfmt(%9.3f) mtitles("Base" "Capital" "Trend") ///
    title("Table 2: Investment") addnotes("Standard errors clustered by firm in (3).")
esttab est1 est2, label nogaps compress r2 ar2 drop(_cons) indicate(Year FE = *.year)
esttab, p nostar keep(lnmv lnk) order(lnk lnmv) nonumbers nomtitles noobs stats(N firmfe, labels("Obs." "Firm FE"))
esttab est2 est3, ci nonotes rename(lnk capital) varlabels(_cons Constant) drop(*.year) mgroups("Levels" "Trend", pattern(1 1))
tempfile t
quietly esttab using `t'.tex, booktabs label se star(* 0.10 ** 0.05 *** 0.01) indicate("Year FE = *.year") scalars("firmfe Firm FE") nomtitles replace
type `t'.tex
