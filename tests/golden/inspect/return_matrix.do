* name: return_matrix
* description: return list / ereturn list / sreturn list layouts and matrix define, expressions, list, names, dir and drop
import delimited using ../../../scripts/data/grunfeld.csv, clear
quietly summarize kstock
return list
ereturn list
sreturn list
matrix A = (1, 2 \ 3, 4)
matrix list A
matrix B = A'
matrix list B
matrix C = A * B + I(2)
matrix list C
assert C[1,1] == 6 & C[2,1] == 11 & C[2,2] == 26
matrix D = (A, A \ 2*A, -A)
matrix list D
matrix v = (1.5, -2.25, r(mean))
matrix colnames v = first second mean
matrix rownames v = stats
matrix list v
assert v[1,3] == r(mean)
matrix v[1,2] = 10
display v[1,2]
matrix Ainv = inv(A)
matrix list Ainv
matrix J3 = J(2, 3, 0)
matrix list J3
matrix dir
matrix drop B C
matrix dir
capture matrix list B
display _rc
capture matrix E = A * J3'
display _rc
