#!/usr/bin/env bash
# Run one golden script and compare its whole output with the .log beside it.
# Usage: run_golden.sh XTDO NAME.do            (compare)
#        XTDO_UPDATE_GOLDEN=1 run_golden.sh ... (rewrite NAME.log; read the diff!)
set -u
xtdo=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
script=$2
log=${script%.do}.log
dir=$(dirname "$script")
actual=$(cd "$dir" && "$xtdo" "$(basename "$script")" 2>&1; echo "exit status: $?")
if [ "${XTDO_UPDATE_GOLDEN:-0}" = 1 ]; then
  printf '%s\n' "$actual" > "$log"
  echo "updated $log"
  exit 0
fi
if [ ! -f "$log" ]; then
  echo "missing $log (run with XTDO_UPDATE_GOLDEN=1 to create it)"
  exit 1
fi
if diff -u "$log" <(printf '%s\n' "$actual"); then
  exit 0
fi
echo "golden mismatch: $script"
exit 1
