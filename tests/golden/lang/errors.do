* name: errors
* description: an uncaught error stops the script with file, line, caret and r(#)
display "before"
capture noisily nosuchcommand
display "rc after capture: " _rc
display 1 +* 2
display "never reached"
