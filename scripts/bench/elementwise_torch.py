"""The cases of elementwise.lua in PyTorch, same output format.
Usage: python3 scripts/bench/elementwise_torch.py [threads]"""
import sys
import time
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
torch.set_num_threads(threads)


def timeit(f, secs=0.5):
    """Seconds per call: the fastest of many timed calls within secs."""
    f()
    best, t0 = float('inf'), time.perf_counter()
    while time.perf_counter() - t0 < secs:
        t = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t)
    return best


def report(name, value, unit, higher):
    print('%-34s %12.3f %-6s %d' % (name, value, unit, 1 if higher else 0))


N = 1 << 24
a = torch.empty(N).uniform_(-1, 1)
b = torch.empty(N).uniform_(-1, 1)
r = torch.empty(N)
bytes1, bytes2 = 4 * N * 2, 4 * N * 3
report('float32 copy 16M', bytes1 / timeit(lambda: r.copy_(a)) / 1e9, 'GB/s', True)
report('float32 fill 16M', 4 * N / timeit(lambda: r.fill_(1)) / 1e9, 'GB/s', True)
report('float32 add 16M', bytes2 / timeit(lambda: torch.add(a, b, out=r)) / 1e9, 'GB/s', True)
report('float32 mul-scalar 16M', bytes1 / timeit(lambda: torch.mul(a, 3, out=r)) / 1e9, 'GB/s', True)
report('float32 exp 16M', bytes1 / timeit(lambda: torch.exp(a, out=r)) / 1e9, 'GB/s', True)
report('float32 sigmoid 16M', bytes1 / timeit(lambda: torch.sigmoid(a, out=r)) / 1e9, 'GB/s', True)
m = a.view(4096, 4096)
rm = r.view(4096, 4096)
report('float32 transpose-copy 4096^2', bytes1 / timeit(lambda: rm.copy_(m.t())) / 1e9, 'GB/s', True)
report('float32 sum 16M', 4 * N / timeit(lambda: a.sum().item()) / 1e9, 'GB/s', True)
report('float32 max 16M', 4 * N / timeit(lambda: a.max().item()) / 1e9, 'GB/s', True)
report('float32 sum dim=2 4096^2', 4 * N / timeit(lambda: m.sum(1, keepdim=True)) / 1e9, 'GB/s', True)
report('float32 sum dim=1 4096^2', 4 * N / timeit(lambda: m.sum(0, keepdim=True)) / 1e9, 'GB/s', True)
d = torch.empty(N // 2, dtype=torch.float64).uniform_()
report('float64 add-scalar 8M', 8 * N // 2 * 2 / timeit(lambda: d.add_(1)) / 1e9, 'GB/s', True)

x, y = torch.ones(1), torch.full((1,), 2.0)
K = 200000


def inplace():
    for _ in range(K):
        x.add_(y)


def fresh():
    for _ in range(K):
        z = torch.add(x, y)


report('overhead add_ in place 1-elem', timeit(inplace, 1) / K * 1e6, 'us', False)
report('overhead add (new result) 1-elem', timeit(fresh, 1) / K * 1e6, 'us', False)
