* Benchmark (not a test): entropy index over 16 indicators and dagum with 3 groups,
* on the city study's shape (282 cities x 11 years) and on 1e6 observations.
* Run: build/xtdo bench/indices_bench.do   (data are generated, seeded)
set seed 20261123
foreach n in 3102 1000000 {
    clear
    quietly set obs `n'
    generate city = ceil(_n / 11)
    generate year = 2010 + mod(_n - 1, 11)
    generate region = 1 + mod(city, 3)
    forvalues j = 1/16 {
        generate x`j' = runiform() * 100 + `j'
    }
    timer clear
    timer on 1
    quietly entropy index x1-x16, generate(score)
    timer off 1
    timer on 2
    quietly dagum score, group(region)
    timer off 2
    timer on 3
    quietly dagum score, group(region) over(year)
    timer off 3
    quietly timer list
    display "N = `n': entropy index " %6.3f r(t1) " s, dagum " %6.3f r(t2) " s, dagum over(year) " %6.3f r(t3) " s"
}
