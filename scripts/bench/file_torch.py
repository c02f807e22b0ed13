# file_torch.py — torch.save/torch.load on the objects of scripts/bench/file.lua
# (an 80 MB float64 tensor, a list of 300k floats), same output format.
import os
import tempfile
import time

import torch


def timeit(f, reps=3):
    best = float('inf')
    for _ in range(reps):
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def report(name, secs):
    print('%-34s %12.3f %-6s %d' % (name, secs * 1e3, 'ms', 0))


fd, path = tempfile.mkstemp()
os.close(fd)
big = torch.randn(10000000, dtype=torch.float64)
report('save tensor 80MB', timeit(lambda: torch.save(big, path)))
report('load tensor 80MB', timeit(lambda: torch.load(path)))
small = [i + 0.5 for i in range(300000)]
report('save table 300k numbers', timeit(lambda: torch.save(small, path)))
report('load table 300k numbers', timeit(lambda: torch.load(path)))
os.remove(path)
