#!/bin/sh
# Runs every test: the C unit tests in BUILD/tests and the Lua tests in
# tests/lua (each in its own process, so a crash fails one file, not the run).
# Each program appends "passed failed" to $LANTERN_TEST_REPORT; a program
# that exits non-zero without reporting counts as one failure.
# Usage: tests/run.sh [BUILD] [pattern]
BUILD=${1:-build}
PATTERN=${2:-}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
export LANTERN_TEST_REPORT="$report"
export LANTERN_TEST_ROOT="$(pwd)"
failed_files=""

run_one() {   # name, command...
    name=$1; shift
    before=$(wc -l < "$report")
    start=$(date +%s%N)
    out=$("$@" 2>&1); rc=$?
    secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
    after=$(wc -l < "$report")
    if [ "$after" -eq "$before" ]; then
        echo "0 1" >> "$report"
        rc=1
    fi
    res=$(tail -n 1 "$report")
    printf '%-40s %5s passed, %s failed  (%ss)\n' "$name" "${res% *}" "${res#* }" "$secs"
    if [ $rc -ne 0 ] || [ "${res#* }" != 0 ]; then
        failed_files="$failed_files $name"
        echo "$out" | grep -v -E '^ok |\[PASS\]$' | tail -n 60 | sed 's/^/    /'
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$(basename "$t")" in *"$PATTERN"*) ;; *) continue ;; esac
    run_one "$(basename "$t")" "$t"
done
for t in tests/lua/test_*.lua; do
    [ -f "$t" ] || continue
    case "$(basename "$t")" in *"$PATTERN"*) ;; *) continue ;; esac
    run_one "$(basename "$t")" "$BUILD/lantern" "$t"
done

awk '{p += $1; f += $2} END {printf "%d passed, %d failed\n", p, f; exit (f > 0)}' "$report"
