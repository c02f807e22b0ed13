"""lenet.lua in PyTorch: one epoch of LeNet-5 (conv 6@5x5 pad 2, ReLU,
maxpool 2, conv 16@5x5, ReLU, maxpool 2, 400-120-84-10 ReLU), LogSoftMax +
NLL, SGD lr 0.01 momentum 0.9, batch 64, on 60000 random 1x28x28 float32
images; best of `reps` epochs, in run.sh's format.
Usage: python3 scripts/bench/lenet_torch.py [threads] [reps] [N]"""
import sys
import time
import torch
import torch.nn as nn

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
N = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
B = 64
torch.set_num_threads(threads)
torch.manual_seed(0)
X = torch.rand(N, 1, 28, 28)
Y = torch.randint(0, 10, (N,))
model = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
    nn.LogSoftmax(dim=1))
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
print('%-34s %12.3f %-6s %d' % ('lenet epoch 60000 b64 (s)', best, 's', 0))
print('%-34s %12.3f %-6s %d' % ('lenet epoch 60000 b64 cpu', bestcpu, 's', 0))
