* name: describe_list
* description: describe (full, short, varlist, simple) and list (boxed, noobs, clean, separators, labels, strings, abbreviations) on a small CSV
import delimited using ../../data/insp_people.csv, clear
describe
assert r(N) == 4 & r(k) == 5
describe, short
describe name income
describe, simple
list
list name income in 1/2, noobs
list age region, clean
list, separator(2)
label define regions 1 "North" 2 "South" 3 "East"
label values region regions
label variable income "Yearly income in dollars, before taxes and transfers of any kind"
describe region income
list name region
list name region, nolabel
generate verylongvariablename = age * 2
list name verylongvariablename in 1/2
list name verylongvariablename in 1/2, abbreviate(12)
list in 1/3 if age > 30
