* name: input
* description: input — default float, per-variable types and type(varlist), quoted strings, missing values, appending observations and adding variables to existing data
clear
input id str8 name float x byte flag
1 "Ann Lee" 1.5 1
2 Bob . 0
3 "" .a .
end
assert _N == 3
assert "`: type id'" == "float" & "`: type name'" == "str8" & "`: type flag'" == "byte"
assert name == "Ann Lee" in 1
assert name == "Bob" in 2
assert name == "" in 3
assert missing(x[2]) & x[3] == .a
assert x == float(1.5) in 1
* all variables exist: the lines add observations
input id name x flag
4 "Dee" 2 1
end
assert _N == 4 & name[4] == "Dee"
* no varlist: all variables, in dataset order
input
5 "Eve" 3 0
end
assert _N == 5 & id[5] == 5
* a type in front of parentheses applies to every name inside
clear
input byte(a b) str4 s double d
1 2 "abcdef" 0.1
end
assert "`: type a'" == "byte" & "`: type b'" == "byte"
assert s == "abcd"
assert d == 0.1
* new variables are added to existing observations first
input c
7
8
end
assert _N == 2 & c[1] == 7 & c[2] == 8 & missing(a[2])
clear
capture input
assert _rc == 104
input x
1
nope
end
