"""The cases of seq.lua in PyTorch (same models, sizes, optimizer and output
format; float32, random data).
Usage: python3 scripts/bench/seq_torch.py [threads [steps]]"""
import math
import sys
import time
import torch
import torch.nn.functional as F

threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 200
torch.set_num_threads(threads)
torch.manual_seed(1)


def train(model, step, n):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def one():
        opt.zero_grad()
        loss = step()
        loss.backward()
        opt.step()
    one()   # warm-up
    t = time.perf_counter()
    for _ in range(n):
        one()
    return (time.perf_counter() - t) / n


# sequential Fashion-MNIST LSTM
B, batches = 64, max(steps * 2, 20)
lstm, head = torch.nn.LSTM(28, 128), torch.nn.Linear(128, 10)
x = torch.rand(28, B, 28)
y = torch.randint(0, 10, (B,))
m = torch.nn.ModuleList([lstm, head])
s = train(m, lambda: F.cross_entropy(head(lstm(x)[0][-1]), y), batches)
print('%-34s %12.3f %-6s %d' % ('lstm fmnist epoch (h128 b64)', s * math.ceil(60000 / B), 's', 0))

V, T, B = 96, 64, 32

emb, lstm, head = torch.nn.Embedding(V, 64), torch.nn.LSTM(64, 256, 2), torch.nn.Linear(256, V)
m = torch.nn.ModuleList([emb, lstm, head])
ids = torch.randint(0, V, (T, B))
target = torch.randint(0, V, (T * B,))
s = train(m, lambda: F.cross_entropy(head(lstm(emb(ids))[0].reshape(T * B, 256)), target), steps)
print('%-34s %12.3f %-6s %d' % ('char-lm lstm 2x256 steps/s', 1 / s, 'step/s', 1))

D = 128
emb = torch.nn.Embedding(V, D)
pe = torch.zeros(T, D)
pos = torch.arange(T).unsqueeze(1).float()
div = torch.exp(torch.arange(0, D, 2).float() * (-math.log(10000.0) / D))
pe[:, 0::2] = torch.sin(pos * div)
pe[:, 1::2] = torch.cos(pos * div)
layer = torch.nn.TransformerEncoderLayer(D, 4, dim_feedforward=512, dropout=0.1)
enc = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
head = torch.nn.Linear(D, V)
mask = torch.triu(torch.full((T, T), float('-inf')), 1)
m = torch.nn.ModuleList([emb, enc, head])


def tstep():
    h = enc(emb(ids) + pe.unsqueeze(1), mask=mask)
    return F.cross_entropy(head(h.reshape(T * B, D)), target)


s = train(m, tstep, steps)
print('%-34s %12.3f %-6s %d' % ('char-lm transformer d128 steps/s', 1 / s, 'step/s', 1))
