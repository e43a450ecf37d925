* name: esttab_files
* description: esttab using files: .txt, .csv, .tex, booktabs, .md, .html, .rtf (mode by extension); replace/append (quietly: the note names the temporary path)
import delimited using ../../reference/data/grunfeld.csv, clear
eststo clear
eststo: quietly regress invest mvalue
eststo: quietly regress invest mvalue kstock
tempfile base
quietly esttab using `base'.txt, replace
type `base'.txt
quietly esttab using `base'.csv, se r2 replace
type `base'.csv
quietly esttab using `base'.tex, replace title(Grunfeld) indicate(Capital = kstock)
type `base'.tex
quietly esttab using `base'_b.tex, booktabs replace nonotes
type `base'_b.tex
quietly esttab using `base'.md, replace mtitles
type `base'.md
quietly esttab using `base'.html, replace nogaps
type `base'.html
quietly esttab using `base'.rtf, replace title(Grunfeld)
type `base'.rtf
quietly esttab using `base', replace plain
quietly esttab using `base'.txt, append nonumbers nomtitles nonotes
type `base'.txt
