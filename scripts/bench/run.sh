#!/bin/sh
# Runs the benchmarks and, when PyTorch is installed (python3-torch), the
# same cases in PyTorch on this machine, printing both and the ratio
# (Lantern's speed / PyTorch's: above 1 means Lantern is faster).
# Usage: scripts/bench/run.sh [BUILD] [threads]
BUILD=${1:-build}
THREADS=${2:-$(nproc)}
PY=/usr/bin/python3
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

have_torch=0
$PY -c 'import torch' 2>/dev/null && have_torch=1

compare() {   # lantern-output torch-output
    awk -v have="$have_torch" '
        FILENAME == ARGV[1] { t[$0 ~ /./ ? substr($0, 1, 34) : ""] = $0; next }
        {
            name = substr($0, 1, 34); split(substr($0, 35), f, " ")
            v = f[1]; unit = f[2]; higher = f[3]
            if (have && (name in t)) {
                split(substr(t[name], 35), g, " "); pv = g[1]
                ratio = (higher == 1) ? v / pv : pv / v
                printf "%s %10.3f %-5s  pytorch %10.3f  speed ratio %5.2fx\n", name, v, unit, pv, ratio
            } else {
                printf "%s %10.3f %-5s\n", name, v, unit
            }
        }' "$2" "$1"
}

echo "Lantern benchmarks, $THREADS thread(s); PyTorch comparison: $([ $have_torch = 1 ] && $PY -c 'import torch; print(torch.__version__)' || echo 'not installed')"
echo
echo "-- elementwise and reductions"
"$BUILD/lantern" scripts/bench/elementwise.lua "$THREADS" > "$out/ew.txt" || exit 1
[ $have_torch = 1 ] && $PY scripts/bench/elementwise_torch.py "$THREADS" > "$out/ew_t.txt"
touch "$out/ew_t.txt"
compare "$out/ew.txt" "$out/ew_t.txt"

echo
echo "-- optimizer steps (update only; gradient precomputed)"
"$BUILD/lantern" scripts/bench/optim.lua "$THREADS" > "$out/opt.txt" || exit 1
[ $have_torch = 1 ] && $PY scripts/bench/optim_torch.py "$THREADS" > "$out/opt_t.txt"
touch "$out/opt_t.txt"
compare "$out/opt.txt" "$out/opt_t.txt"

echo
echo "-- linear algebra (LAPACK through OpenBLAS; ms per call)"
"$BUILD/lantern" scripts/bench/lapack.lua "$THREADS" > "$out/la.txt" || exit 1
[ $have_torch = 1 ] && $PY scripts/bench/lapack_torch.py "$THREADS" > "$out/la_t.txt"
touch "$out/la_t.txt"
compare "$out/la.txt" "$out/la_t.txt"

echo
echo "-- saving and loading (torch.save/torch.load; ms)"
"$BUILD/lantern" scripts/bench/file.lua > "$out/file.txt" || exit 1
[ $have_torch = 1 ] && $PY scripts/bench/file_torch.py > "$out/file_t.txt"
touch "$out/file_t.txt"
compare "$out/file.txt" "$out/file_t.txt"

echo
echo "-- linear algebra with autograd (forward + backward; ms per call)"
"$BUILD/lantern" scripts/bench/lapack_grad.lua "$THREADS" > "$out/lag.txt" || exit 1
[ $have_torch = 1 ] && $PY scripts/bench/lapack_grad_torch.py "$THREADS" > "$out/lag_t.txt"
touch "$out/lag_t.txt"
compare "$out/lag.txt" "$out/lag_t.txt"

echo
echo "-- sequence models: training steps, Adam, float32 (issue 6)"
"$BUILD/lantern" scripts/bench/seq.lua "$THREADS" > "$out/seq.txt" || exit 1
[ $have_torch = 1 ] && $PY scripts/bench/seq_torch.py "$THREADS" > "$out/seq_t.txt"
touch "$out/seq_t.txt"
compare "$out/seq.txt" "$out/seq_t.txt"

if [ -f scripts/bench/matmul.c ]; then
    echo
    echo "-- matrix multiply (Lantern's addmm vs a direct cblas_sgemm/dgemm call)"
    cc -O3 -std=c11 -D_GNU_SOURCE -Itensor scripts/bench/matmul.c \
        $(ls "$BUILD"/obj/tensor/*.o) -lm -ldl -lpthread -fopenmp -o "$out/matmul" &&
        OMP_NUM_THREADS=$THREADS "$out/matmul" "$THREADS"
    if [ $have_torch = 1 ] && [ -f scripts/bench/matmul_torch.py ]; then
        echo "-- the same sizes in PyTorch"
        $PY scripts/bench/matmul_torch.py "$THREADS"
    fi
fi

echo
scripts/bench/startup.sh "$BUILD"
echo "-- training epochs (nn): time per epoch, lower is better; ratio = PyTorch time / Lantern time"
for b in mlp lenet; do
    "$BUILD/lantern" scripts/bench/$b.lua "$THREADS" > "$out/$b.txt" || exit 1
    : > "$out/${b}_t.txt"
    [ $have_torch = 1 ] && $PY scripts/bench/${b}_torch.py "$THREADS" > "$out/${b}_t.txt"
    compare "$out/$b.txt" "$out/${b}_t.txt"
done
