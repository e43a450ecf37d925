* name: merge_update
* description: merge options — update and replace (_merge 4 and 5), keep(), assert(), keepusing(), generate(), nogenerate, noreport, nolabel, value-label sets shared by both files
clear
input id x str4 s
1 10 "a"
2 .  ""
3 30 "c"
4 .  "d"
end
label define yes 1 "yes"
tempfile u
quietly save "`u'"
clear
input id x str4 s w
1 10 "a" 1
2 20 "b" 2
3 .  "z" 3
4 40 ""  4
5 50 "e" 5
end
label define yes 1 "oui"
label define only 2 "two"
label values w only
* update: missing master values are filled in (4), disagreements are flagged (5).
preserve
merge 1:1 id using "`u'", update
list
assert _merge == 3 if id == 1
assert _merge == 3 & x == 20 & s == "b" if id == 2
assert _merge == 5 & x == 30 & s == "z" if id == 3
assert _merge == 4 & x == 40 & s == "d" if id == 4
assert _merge == 1 if id == 5
* the master's definition of a label set both files define is kept
assert "`: label yes 1'" == "oui"
restore
* update replace: disagreements take the using value.
preserve
merge 1:1 id using "`u'", update replace
list
assert x == 20 & s == "b" if id == 2
assert x == 30 & s == "c" & _merge == 5 if id == 3
restore
* keep() and assert() take result words or codes; keepusing() picks using variables.
preserve
merge 1:1 id using "`u'", keep(match) assert(master match) keepusing(s)
assert _N == 4 & _merge == 3
restore
preserve
merge 1:1 id using "`u'", keep(1 3) generate(src) noreport
assert _N == 5 & src < 2 | src == 3
restore
preserve
merge 1:1 id using "`u'", keep(master) nogenerate
assert _N == 1 & id == 5
capture confirm variable _merge
assert _rc == 111
restore
* nolabel: the using file's label sets are not copied.
preserve
clear
input id
1
end
merge 1:1 id using "`u'", nolabel noreport
capture label list yes
assert _rc == 111
restore
* assert() that fails: r(9), and the merged result is left in memory, as Stata does.
capture noisily merge 1:1 id using "`u'", assert(match)
assert _rc == 9
assert _N == 5 & _merge == 3 in 1
drop _merge
capture noisily merge 1:1 id using "`u'", assert(match match_update) nogenerate
assert _rc == 9
capture confirm variable _merge
assert _rc == 111
