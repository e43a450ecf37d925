#!/usr/bin/env bash
# reghdfe benchmark: import delimited + reghdfe on the seeded panels of
# ../shared/bench/gen_panel.R. Prints, per case, the median of 3 runs of the whole
# process wall time and CPU time (user + sys), of the reghdfe step alone (timer),
# and the largest peak RSS, with the 1-minute load average after the case.
# Usage: bash bench/reghdfe_bench.sh [xtdo binary] [data dir]
# Needs R with data.table to generate the data (apt-get install r-base-core
# r-cran-data.table) and GNU time (/usr/bin/time). Data stay in the data dir.
set -euo pipefail
XTDO=$(realpath "${1:-build/xtdo}")
DIR=${2:-/tmp/xtdo_bench}
GEN=$(dirname "$0")/../../shared/bench/gen_panel.R
[ -f "$GEN" ] || GEN=$(dirname "$0")/../shared/bench/gen_panel.R
mkdir -p "$DIR"
gen() {  # gen N [difficult]
  local f="$DIR/panel_${2:-simple}_$1.csv"
  [ -f "$f" ] || Rscript "$GEN" "$1" "$DIR" ${2:-} > /dev/null
  echo "$f"
}
run_case() {  # run_case label csv absorb
  local label=$1 csv=$2 absorb=$3 do="$DIR/case.do"
  cat > "$do" <<DO
timer clear
import delimited using "$csv", clear
timer on 1
reghdfe y x1 x2, absorb($absorb) vce(cluster id)
timer off 1
timer list 1
DO
  cat "$csv" > /dev/null
  local walls=() fits=() cpus=() rss=0
  for rep in 1 2 3; do
    /usr/bin/time -v "$XTDO" "$do" > "$DIR/out.txt" 2> "$DIR/time.txt"
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$DIR/time.txt")")
    fits+=("$(awk '/^ *1:/ {print $2}' "$DIR/out.txt")")
    cpus+=("$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$DIR/time.txt")")
    local r; r=$(awk -F': ' '/Maximum resident/ {print $2}' "$DIR/time.txt")
    (( r > rss )) && rss=$r
  done
  local mw mf mc
  mw=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n 2p)
  mf=$(printf '%s\n' "${fits[@]}" | sort -g | sed -n 2p)
  mc=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p)
  grep -E "converged|Number of obs|dropped" "$DIR/out.txt" | head -3 | sed 's/^/    /'
  printf '%-38s total %6.2f s (CPU %6.2f s)  reghdfe %6.2f s  peak RSS %5d MiB  load %s\n' \
    "$label" "$mw" "$mc" "$mf" "$((rss / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
}
S6=$(gen 1e+06); S7=$(gen 1e+07); D6=$(gen 1e+06 difficult)
run_case "simple 1e6, absorb(id year)" "$S6" "id year"
run_case "simple 1e6, absorb(id year firm)" "$S6" "id year firm"
run_case "simple 1e7, absorb(id year)" "$S7" "id year"
run_case "simple 1e7, absorb(id year firm)" "$S7" "id year firm"
run_case "difficult 1e6, absorb(id year firm)" "$D6" "id year firm"
