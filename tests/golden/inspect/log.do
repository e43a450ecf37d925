* name: log
* description: log using/close (header output is time- and path-dependent, so it runs quietly) and the file-exists error
tempfile f
quietly log using "`f'", text
display "inside the log"
quietly log close
capture log using "`f'", text
display _rc
capture log close
display _rc
quietly log using "`f'", text append
quietly log close
quietly log using "`f'", text replace
quietly log close
