"""The cases of lapack.lua in PyTorch (torch.linalg), same output format.
Usage: python3 scripts/bench/lapack_torch.py [threads]"""
import sys
import time
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
torch.set_num_threads(threads)
torch.set_default_dtype(torch.float64)


def timeit(f, secs=1.0):
    """Seconds per call: the fastest of many timed calls within secs."""
    f()
    best, t0 = float('inf'), time.perf_counter()
    while time.perf_counter() - t0 < secs:
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def report(name, secs):
    print('%-34s %12.3f %-6s %d' % (name, secs * 1e3, 'ms', 0))


torch.manual_seed(1)
for n in (64, 512):
    a = torch.randn(n, n)
    spd = a @ a.t() + torch.eye(n) * n
    b = torch.randn(n, 8)
    report('gesv %dx%d (8 rhs)' % (n, n), timeit(lambda: torch.linalg.solve(a, b)))
    report('inverse %dx%d' % (n, n), timeit(lambda: torch.linalg.inv(a)))
    report('det %dx%d' % (n, n), timeit(lambda: torch.linalg.det(a)))
    report('potrf %dx%d' % (n, n), timeit(lambda: torch.linalg.cholesky(spd)))
    report('symeig V %dx%d' % (n, n), timeit(lambda: torch.linalg.eigh(spd)))
    report('svd S %dx%d' % (n, n), timeit(lambda: torch.linalg.svd(a, full_matrices=False)))
    report('qr %dx%d' % (n, n), timeit(lambda: torch.linalg.qr(a)))
