* name: if_command
* description: the one-line `if exp command`, and preserved data restored when a do-file ends
local x 3
if `x' > 2 display "big"
if `x' > 5 display "never shown"
capture nosuchcommand
if _rc display "rc was " _rc
if _rc != 0 & `x' == 3 display "both true"
set obs 4
generate y = _n
* A nested do-file that preserves and changes the data: they come back when it ends.
do ../../data/preserve_inner.do
count
assert _N == 4
capture if 1
display "rc = " _rc
capture if 1 nosuchcommand
display "rc = " _rc
quietly if 1 display "hidden"
noisily if 2 > 1 display "shown through a prefix"
