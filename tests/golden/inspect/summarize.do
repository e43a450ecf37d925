* name: summarize
* description: summarize tables, detail percentiles, weights, meanonly, separators, by-groups and r() on the Grunfeld panel
import delimited using ../../../scripts/data/grunfeld.csv, clear
* Reference: Stata's `summarize invest mvalue kstock` on `webuse grunfeld`, as quoted in
* the project brief (mean/sd/min/max to Stata's displayed precision).
summarize invest mvalue kstock
assert r(N) == 200
assert reldif(r(mean), 276.0172) < 1e-6
assert reldif(r(sd), 301.1039) < 1e-6
assert r(min) == float(.8) & r(max) == float(2226.3)
quietly summarize invest
assert reldif(r(mean), 145.9583) < 1e-6
assert reldif(r(sd), 216.8753) < 1e-6
assert r(min) == float(.93) & r(max) == float(1486.7)
quietly summarize mvalue
assert reldif(r(mean), 1081.681) < 1e-6
assert reldif(r(sd), 1314.47) < 1e-6
assert r(min) == float(58.12) & r(max) == float(6241.7)
* r(Var) is sd squared and r(sum) is mean times N.
assert reldif(r(Var), r(sd)^2) < 1e-12
assert reldif(r(sum), r(mean) * r(N)) < 1e-12
summarize invest, detail
* 200*50/100 is an integer: the median averages the 100th and 101st values.
assert r(p50) == (57.48 + 57.49) / 2 | reldif(r(p50), 57.485) < 1e-6
summarize company year invest mvalue kstock time, separator(2)
su invest if company == 1 in 1/40
summarize invest [aweight = kstock]
summarize invest [fweight = company]
assert r(N) == 1100
summarize invest, meanonly
assert r(N) == 200 & reldif(r(mean), 145.9583) < 1e-6
by company: summarize invest if company <= 2
generate str8 name = "firm" + string(company)
summarize name invest
summarize invest if company > 99, detail
summarize invest if company > 99
assert r(N) == 0
