#!/usr/bin/python3
"""PyTorch side of scripts/bench_nn_mlp.lua: the same MLP step, with the input
requiring grad as well, since Torch7-style backward always computes gradInput."""
import torch, time
torch.set_num_threads(1)
m = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10), torch.nn.Tanh())
x, g = torch.rand(64, 784), torch.rand(64, 10)
opt = torch.optim.SGD(m.parameters(), lr=0.01)
for i in range(20):
    opt.zero_grad(); m(x).backward(g); opt.step()
best = 1e9
for r in range(5):
    t = time.perf_counter()
    for i in range(100):
        opt.zero_grad(); m(x).backward(g); opt.step()
    best = min(best, (time.perf_counter() - t) / 100)
print('pytorch mlp 784-256-10 batch 64 float, 1 thread: %.3f ms/step' % (best * 1e3))
x.requires_grad_()
best = 1e9
for r in range(5):
    t = time.perf_counter()
    for i in range(100):
        opt.zero_grad(); m(x).backward(g); opt.step()
    best = min(best, (time.perf_counter() - t) / 100)
print('pytorch, input requiring grad too: %.3f ms/step' % (best * 1e3))
