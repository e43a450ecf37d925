* name: delimit
* description: comments, continuation lines and #delimit ;
display "one" /* inline comment */ " two"
display "three" // line comment
* a star comment
display ///
    "continued"
/* a block
   comment spanning
   lines */
#delimit ;
display "semi"
    " colon";
display "a"; display "b";
#delimit cr
display "back to cr"
display "http://not.a.comment"
