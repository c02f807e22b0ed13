"""The cases of lapack_grad.lua in PyTorch (torch.linalg), same output format.
Usage: python3 scripts/bench/lapack_grad_torch.py [threads]"""
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


def symeig_loss(spd):
    e, v = torch.linalg.eigh(spd)
    return e.sum() + (v * v).sum()


torch.manual_seed(1)
for n in (64, 256):
    a = (torch.randn(n, n) + torch.eye(n) * n).requires_grad_()
    spd = (a.detach() @ a.detach().t() + torch.eye(n) * n).requires_grad_()
    b = torch.randn(n, 8).requires_grad_()
    s = '%dx%d' % (n, n)
    report('grad inverse ' + s, timeit(lambda: torch.linalg.inv(a).sum().backward()))
    report('grad gesv %s (8 rhs)' % s, timeit(lambda: torch.linalg.solve(a, b).sum().backward()))
    report('grad det ' + s, timeit(lambda: torch.linalg.det(a).backward()))
    report('grad potrf ' + s,
           timeit(lambda: torch.linalg.cholesky(spd, upper=True).sum().backward()))
    report('grad symeig V ' + s, timeit(lambda: symeig_loss(spd).backward()))
    report('grad svd S ' + s, timeit(lambda: torch.linalg.svdvals(a).sum().backward()))
