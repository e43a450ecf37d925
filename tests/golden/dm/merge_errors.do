* name: merge_errors
* description: merge errors — keys not unique where they must be (r(459)), string/numeric key mismatch (r(106)), other type clashes and force, bad match type, replace without update, _merge already defined, missing file or key; the data in memory are unchanged after each
clear
input id k x
1 1 1
1 1 2
2 1 3
end
tempfile dup num str
quietly save "`dup'"
clear
input str3 id y
"1" 5
end
quietly save "`str'"
clear
input id str3 x
1 "a"
2 "b"
end
quietly save "`num'"
clear
input id z
2 20
1 10
3 30
end
* The using file repeats id: 1:1 and m:1 need unique using keys.
capture noisily merge 1:1 id using "`dup'"
assert _rc == 459
capture noisily merge m:1 id using "`dup'"
assert _rc == 459
* 1:m is fine (the master's keys are unique).
preserve
merge 1:m id using "`dup'", noreport
assert _N == 4
restore
* Master keys not unique for 1:1 / 1:m.
preserve
expand 2 in 1
capture noisily merge 1:m id using "`num'"
assert _rc == 459
restore
* Two key variables in the message.
gen k = 1
capture noisily merge 1:1 id k using "`dup'"
assert _rc == 459
drop k
* String key in the using data, numeric in the master.
capture noisily merge 1:1 id using "`str'"
assert _rc == 106
* A non-key variable string in one file, numeric in the other: r(106) unless force.
gen x = 0
capture noisily merge 1:1 id using "`num'"
assert _rc == 106
preserve
merge 1:1 id using "`num'", force noreport
assert x == 0 & _merge == 3 in 1/2
restore
drop x
* Syntax errors.
capture noisily merge 2:1 id using "`num'"
assert _rc == 198
capture noisily merge id using "`num'"
assert _rc == 198
capture noisily merge 1:1 id using "`num'", replace
assert _rc == 198
capture noisily merge 1:1 id using "`num'", keep(matched nonsense)
assert _rc == 198
capture noisily merge m:1 _n using "`num'"
assert _rc == 198
capture noisily merge 1:1 using "`num'"
assert _rc == 198
* Missing file, key missing from the using data, _merge already present.
capture noisily merge 1:1 id using no_such_file
assert _rc == 601
gen byte q = 1
capture noisily merge 1:1 id q using "`num'"
assert _rc == 111
drop q
gen _merge = 1
capture noisily merge 1:1 id using "`num'"
assert _rc == 110
drop _merge
* After all of this the data are as they were.
assert _N == 3 & c(k) == 2
assert id[1] == 2 & id[2] == 1 & id[3] == 3
assert z == 10 * id
