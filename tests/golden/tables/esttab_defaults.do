* name: esttab_defaults
* description: esttab's default layout (b with stars, t in parentheses, N), aic/bic, estout's defaults, the active results
import delimited using ../../reference/data/grunfeld.csv, clear
quietly regress invest mvalue
esttab
eststo m1: quietly regress invest mvalue
eststo m2: quietly regress invest mvalue kstock
quietly regress invest kstock
esttab
esttab m1 .
esttab m1 m2, wide se nostar mtitles r2
esttab m1 m2, aic bic scalars(p rank) nonotes nogaps
esttab m1 m2, tex nonumbers prehead("\begin{tabular}{l*{@M}{c}}") postfoot("\end{tabular}" "% @starlegend")
estout m1 m2
estout m1 m2, cells(b(star fmt(3)) se(par fmt(2))) stats(N r2, fmt(%9.0g %9.3f)) legend
capture noisily esttab m1, beta
capture noisily esttab nosuch
