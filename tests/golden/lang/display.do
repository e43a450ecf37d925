* name: display
* description: display directives, formats, default number formatting
display "a" _col(5) "b"
display %9.3f 3.14159
display %9.0g 1234567
display %12.2fc 1234567.891
display %-8s "left" "|"
display %8s "right" "|"
display "x" _skip(2) "y" _n "z"
display _dup(5) "-"
display "a" + "b"
display 2+3 " " 4
display 1/3
display 2/3
display 100000*3
display 1e20
display _pi
display -0.5
display .
display .a
display (1 == 1) " " (2 < 1)
display "str" == "str"
display ln(-1)
display mod(7, 3) ", " floor(-2.5) ", " round(2.345, .01)
