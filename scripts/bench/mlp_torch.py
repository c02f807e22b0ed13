"""mlp.lua in PyTorch: one epoch of a 784-128-10 ReLU MLP, LogSoftMax +
NLL, SGD lr 0.01 momentum 0.9, batch 64, on 60000 x 784 random float32
data; the best of `reps` epochs, in run.sh's format.
Usage: python3 scripts/bench/mlp_torch.py [threads] [reps]"""
import sys
import time
import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)
N, B = int(sys.argv[3]) if len(sys.argv) > 3 else 60000, 64
X = torch.rand(N, 784)
Y = torch.randint(0, 10, (N,))
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.LogSoftmax(dim=1))
crit = nn.NLLLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)


def epoch():
    loss = None
    for i in range(0, N, B):
        x, y = X[i:i + B], Y[i:i + B]
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
    return loss.item()


best, bestcpu = float('inf'), float('inf')
for _ in range(reps):
    t, c = time.perf_counter(), time.process_time()
    epoch()
    best = min(best, time.perf_counter() - t)
    bestcpu = min(bestcpu, time.process_time() - c)
print('%-34s %12.3f %-6s %d' % ('mlp epoch 60000x784 b64 (s)', best, 's', 0))
print('%-34s %12.3f %-6s %d' % ('mlp epoch 60000x784 b64 cpu', bestcpu, 's', 0))
