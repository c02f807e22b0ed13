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
# section TITLE NAME [ARGS]: scripts/bench/NAME.lua here and NAME_torch.py
# in PyTorch with the same ARGS, printed side by side
section() {
    title=$1; name=$2; shift 2
    echo
    echo "-- $title"
    "$BUILD/lantern" "scripts/bench/$name.lua" "$@" > "$out/$name.txt" || exit 1
    : > "$out/${name}_t.txt"
    [ $have_torch = 1 ] && $PY "scripts/bench/${name}_torch.py" "$@" > "$out/${name}_t.txt"
    compare "$out/$name.txt" "$out/${name}_t.txt"
}

section "elementwise and reductions" elementwise "$THREADS"
section "optimizer steps (update only; gradient precomputed)" optim "$THREADS"
section "linear algebra (LAPACK through OpenBLAS; ms per call)" lapack "$THREADS"
section "saving and loading (torch.save/torch.load; ms)" file
section "linear algebra with autograd (forward + backward; ms per call)" lapack_grad "$THREADS"
section "training epochs (nn): time per epoch" mlp "$THREADS"
section "training epochs (nn): time per epoch" lenet "$THREADS"
section "sequence models: training steps, Adam, float32" seq "$THREADS"

if [ -f scripts/bench/matmul.c ]; then
    echo
    echo "-- matrix multiply (Lantern's addmm vs a direct cblas_sgemm/dgemm call)"
    cc -O3 -std=c11 -D_GNU_SOURCE -Itensor scripts/bench/matmul.c \
        $(ls "$BUILD"/obj/tensor/*.o) -lm -ldl -lpthread -fopenmp -o "$out/matmul" &&
        OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE} "$out/matmul" "$THREADS"
    if [ $have_torch = 1 ] && [ -f scripts/bench/matmul_torch.py ]; then
        echo "-- the same sizes in PyTorch"
        $PY scripts/bench/matmul_torch.py "$THREADS"
    fi
fi

echo
scripts/bench/startup.sh "$BUILD"
