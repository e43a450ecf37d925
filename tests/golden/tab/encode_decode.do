* name: encode_decode
* description: encode codes strings 1..k in sorted order (existing labels extended or, with noextend, required), decode turns labelled numbers back into strings; error paths
clear
input str8 city pop
"Wuhan" 11
"Beijing" 21
"Wuhan" 12
"" 3
"Chengdu" 16
end
label variable city "City name"
encode city, generate(cid)
list city cid
list cid, nolabel
label list cid
assert cid[2] == 1 & cid[1] == 3 & missing(cid[4])
* an existing label keeps its codes; new strings follow its largest code
label define towns 5 "Wuhan" 9 "Beijing"
encode city, generate(c2) label(towns)
label list towns
assert c2[1] == 5 & c2[2] == 9 & c2[5] == 10
* noextend refuses strings the label lacks, and nothing is created
label define big2 1 "Wuhan" 2 "Beijing"
capture noisily encode city, generate(c3) label(big2) noextend
assert _rc == 459
capture confirm variable c3
assert _rc == 111
encode city if pop > 12, generate(c4)
assert missing(c4[3]) & c4[2] == 1
decode cid, generate(name)
assert name == city
describe name
decode c2, generate(short) maxlength(3)
assert short[2] == "Bei"
* errors: numeric source, unlabelled source, missing generate(), existing target
capture noisily encode pop, generate(p2)
assert _rc == 107
capture noisily decode pop, generate(p2)
assert _rc == 182
capture noisily encode city
assert _rc == 198
capture noisily decode cid, generate(city)
assert _rc == 110
