"""The cases of optim.lua with torch.optim, same output format.
Usage: python3 scripts/bench/optim_torch.py [threads]"""
import sys
import time
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
torch.set_num_threads(threads)


def timeit(f, secs=0.5):
    f()
    best, t0 = float('inf'), time.perf_counter()
    while time.perf_counter() - t0 < secs:
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


CASES = [
    ('sgd momentum', lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9)),
    ('adam', lambda p: torch.optim.Adam(p, lr=1e-3)),
    ('adamw', lambda p: torch.optim.AdamW(p, lr=1e-3)),
    ('rmsprop', lambda p: torch.optim.RMSprop(p, lr=1e-3)),
    ('adagrad', lambda p: torch.optim.Adagrad(p, lr=1e-3)),
]

with torch.no_grad():
    for n in (1 << 20, 1 << 24):
        x = torch.empty(n).uniform_(-1, 1).requires_grad_()
        x.grad = torch.empty(n).uniform_(-1, 1)
        for name, make in CASES:
            opt = make([x])
            s = timeit(opt.step)
            print('%-34s %12.3f %-6s %d' % ('%s step %dM' % (name, n >> 20), s * 1e3, 'ms', 0))
