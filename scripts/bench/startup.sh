#!/bin/sh
# Start-up cost of lantern: wall time and peak RSS to an -e result and to
# the first prompt (`-i` with stdin at end of input: everything the prompt
# loads, then exit), against `import torch` in Python when PyTorch is
# installed.  Times are the mean of N runs (default 20; 3 for Python),
# measured with date +%s%N around the loop; RSS is /usr/bin/time's maximum
# resident set size.  Targets: <= 30 ms and <= 20 MiB.
# Usage: scripts/bench/startup.sh [BUILD] [N]
BUILD=${1:-build}
N=${2:-20}
PY=/usr/bin/python3
LANTERN="$BUILD/lantern"
[ -x "$LANTERN" ] || { echo "startup.sh: $LANTERN not built" >&2; exit 1; }
export LANTERN_RC= LANTERN_HISTORY=/dev/null

mean_ms() {   # runs, command...
    runs=$1; shift
    start=$(date +%s%N)
    i=0
    while [ $i -lt "$runs" ]; do "$@" </dev/null >/dev/null 2>&1; i=$((i + 1)); done
    end=$(date +%s%N)
    awk -v a="$start" -v b="$end" -v n="$runs" 'BEGIN {printf "%.1f", (b - a) / n / 1e6}'
}

rss_mib() {   # command...
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' "$@" </dev/null 2>&1 >/dev/null | tail -n 1 |
            awk '{printf "%.1f", $1 / 1024}'
    else
        printf 'n/a'
    fi
}

line() {   # name, ms, MiB
    printf '%-34s %8s ms %8s MiB\n' "$1" "$2" "$3"
}

echo "-- start-up (mean of $N runs; targets <= 30 ms, <= 20 MiB)"
"$LANTERN" -e '' </dev/null >/dev/null 2>&1   # warm the page cache
line "lantern -e 'x = 1'" "$(mean_ms "$N" "$LANTERN" -e 'x = 1')" "$(rss_mib "$LANTERN" -e 'x = 1')"
line "lantern to the first prompt" "$(mean_ms "$N" "$LANTERN" -i)" "$(rss_mib "$LANTERN" -i)"
line "lantern -e 'torch.rand(10):sum()'" "$(mean_ms "$N" "$LANTERN" -e 'torch.rand(10):sum()')" \
    "$(rss_mib "$LANTERN" -e 'torch.rand(10):sum()')"
if $PY -c 'import torch' 2>/dev/null; then
    line "python3 -c 'import torch'" "$(mean_ms 3 $PY -c 'import torch')" \
        "$(rss_mib $PY -c 'import torch')"
else
    echo "(PyTorch not installed: no comparison)"
fi
