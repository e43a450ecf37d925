import delimited using data/grunfeld.csv, clear
regress invest mvalue kstock [aw=1/mvalue], robust
