"""The cases of matmul.c in PyTorch (torch.mm, float32 and float64), in the
same line format: the name in 34 columns, then GFLOP/s.  Timing as in
matmul.c: interleaving is not needed here, so 25 bursts of ~20 ms and the
fastest counts.
Usage: python3 scripts/bench/matmul_torch.py [threads] [quick]"""
import sys
import time
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
quick = len(sys.argv) > 2 and sys.argv[2] == 'quick'
torch.set_num_threads(threads)
rounds = 5 if quick else 25


def best(f):
    f()
    t0 = time.perf_counter()
    f()
    est = time.perf_counter() - t0
    reps = 1 if est > 0.02 else int(0.02 / max(est, 1e-9)) + 1
    t = float('inf')
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        t = min(t, (time.perf_counter() - t0) / reps)
    return t


print('# %d thread(s); PyTorch %s' % (torch.get_num_threads(), torch.__version__))
square = [64, 128, 256, 512, 1024, 2048]
rect = [(4096, 64, 4096), (256, 8192, 256), (128, 1024, 8192), (4096, 256, 4096)]
for dt, tname in ((torch.float32, 'float32'), (torch.float64, 'float64')):
    for m, k, n in [(s, s, s) for s in square] + rect:
        a = torch.empty(m, k, dtype=dt).uniform_(-1, 1)
        b = torch.empty(k, n, dtype=dt).uniform_(-1, 1)
        c = torch.empty(m, n, dtype=dt)
        t = best(lambda: torch.mm(a, b, out=c))
        name = '%s mm %d^3' % (tname, m) if m == k == n else '%s mm %dx%dx%d' % (tname, m, k, n)
        print('%-34s %10.2f GFLOP/s' % (name, 2.0 * m * n * k / t / 1e9), flush=True)
