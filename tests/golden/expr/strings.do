* name: strings
* description: string functions, and real()/string() conversions between numbers and text
clear
set obs 1
* substr(s, n1, n2): n1 < 0 counts from the end; n2 = . takes the rest.
display substr("abcdef", 2, 3) " " substr("abcdef", -2, .) " [" substr("abc", 5, 1) "]"
assert substr("abcdef", 2, 3) == "bcd" & substr("abcdef", -2, .) == "ef"
assert substr("abc", 2, 0) == "" & substr("abcdef", -3, 2) == "de"
assert strlen("hello") == 5 & length("") == 0
* strlen counts bytes, ustrlen characters.
assert strlen("héllo") == 6 & ustrlen("héllo") == 5 & usubstr("héllo", 2, 2) == "él"
assert strpos("héllo", "l") == 4 & ustrpos("héllo", "l") == 3
display upper("abc") " " lower("DEF") " " proper("hello wORLD")
assert strupper("a1b") == "A1B" & strproper("o'neil") == "O'Neil"
* The trims remove blanks; itrim collapses inner runs of blanks.
display "[" trim("  a  b ") "] [" ltrim("  a ") "] [" rtrim(" a  ") "] [" itrim("a   b") "]"
assert strtrim(" x ") == "x" & stritrim("a  b  c") == "a b c"
* Search and replace.
assert strpos("hello", "l") == 3 & strrpos("hello", "l") == 4 & strpos("hello", "z") == 0
display subinstr("a.b.c", ".", "-", .) " " subinstr("a.b.c", ".", "-", 1)
display subinword("the cat and the hat", "the", "a", .)
assert subinword("then the", "the", "X", .) == "then X"
* Words are separated by blanks.
assert word("one two three", 2) == "two" & word("one two three", -1) == "three"
assert word("one two", 3) == "" & wordcount("  one two   three ") == 3
* Patterns.
assert strmatch("hello", "h*o") & strmatch("hello", "h?llo") & !strmatch("hello", "h*x")
assert regexm("abc123", "[0-9]+") & !regexm("abc", "^[0-9]")
display regexr("abc123def456", "[0-9]+", "#")
display ustrregexra("abc123def456", "[0-9]+", "#")
display strreverse("abc") " " char(65) char(66) " " strtoname("1 a-b")
* real(): text to number; blanks around are fine, anything else gives missing.
assert real("3.5") == 3.5 & real(" 12 ") == 12 & real("1e3") == 1000
assert real("abc") == . & real("") == . & real("1,000") == .
* string(): number to text with %9.0g, or with a given format.
display string(3.5) "|" string(1/3) "|" string(1234567) "|" string(12345678)
assert string(3.5) == "3.5" & string(-0.25) == "-.25" & string(.) == "." & string(.b) == ".b"
assert string(3.14159, "%9.2f") == "3.14" & strofreal(42) == "42"
assert string(1234.5, "%9.1fc") == "1,234.5"
assert real(string(0.125)) == 0.125
* Numbers and strings do not mix: "1" + 1 is a type mismatch, r(109).
capture display "1" + 1
assert _rc == 109
* A string variable: functions work row by row.
clear
input str12 name
"Smith, John"
"doe, jane"
""
end
gen str12 last = proper(substr(name, 1, strpos(name, ",") - 1))
gen n = strlen(name)
list, noobs
assert last[1] == "Smith" & last[2] == "Doe" & last[3] == ""
