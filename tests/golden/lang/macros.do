* name: macros
* description: local/global macros, nesting, =exp, ++, extended functions, temp names
local a hello
global g world
display "`a' $g ${g}"
local i 2
local x2 found
display "`x`i''"
local y = 1/4
display "`y'"
display "`=2*3' and `=_pi'"
local ++i
display `i'
local l a b "c d" e
display "`: word count `l''"
display "`: word 3 of `l''"
local n : list sizeof l
display `n'
local u a b a c b
local v : list uniq u
display "`v'"
local w : list u - v
display "[`w']"
tempvar t1 t2
display "`t1' `t2'"
macro drop g
display "[$g]"
local empty
display "[`empty']"
