-- scripts/bench_nn_mlp.lua — one SGD step of a 784-256-10 MLP (batch 64, float,
-- one thread) through the Torch7 protocol and through autograd; the best of
-- 5 rounds of 100 steps.  Compare: /usr/bin/python3 scripts/bench_nn_mlp.py
-- Run: build/lantern scripts/bench_nn_mlp.lua
require 'nn'
torch.setnumthreads(1)
local m = nn.Sequential():add(nn.Linear(784, 256)):add(nn.ReLU()):add(nn.Linear(256, 10)):add(nn.Tanh())
local x, g = torch.FloatTensor(64, 784):uniform(), torch.FloatTensor(64, 10):uniform()
m:float()
local p, gp = m:getParameters()
for i = 1, 20 do m:forward(x); m:backward(x, g) end
local best = math.huge
for r = 1, 5 do
   local t = torch.Timer()
   for i = 1, 100 do m:zeroGradParameters(); m:forward(x); m:backward(x, g); p:add(-0.01, gp) end
   best = math.min(best, t:time().real / 100)
end
print(string.format('lantern mlp 784-256-10 batch 64 float, 1 thread: %.3f ms/step', best * 1e3))
m:requiresGrad()
for i = 1, 20 do m(x):sum():backward() end
best = math.huge
for r = 1, 5 do
   local t = torch.Timer()
   for i = 1, 100 do m:zeroGradParameters(); m(x):sum():backward(); p:add(-0.01, gp) end
   best = math.min(best, t:time().real / 100)
end
print(string.format('lantern mlp via autograd model(x):sum():backward(): %.3f ms/step', best * 1e3))
