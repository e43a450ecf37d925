* name: programs
* description: program define/drop, args, `0', capture and _rc, quietly/noisily
program define greet
    args who n
    display "hello `who' (`n') [`0']"
end
greet world 3
capture program drop greet
program greet
    display "redefined"
end
greet
capture display nosuchvar
display "rc = " _rc
capture noisily display 42
display "rc = " _rc
capture {
    display "inside"
    nosuchcommand
}
display "rc = " _rc
quietly {
    display "hidden"
    noisily display "shown"
}
program drop greet
capture greet
display "rc = " _rc
