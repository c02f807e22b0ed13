-- mlp.lua — one training epoch of a 784-128-10 ReLU MLP on 60000 x 784
-- random float32 data (Fashion-MNIST's shape): LogSoftMax + ClassNLL,
-- SGD with lr 0.01 and momentum 0.9 on the flat parameter vector, batch
-- 64.  Prints, in run.sh's format, the epoch time (the best of `reps`
-- epochs) and the final loss.  Usage: build/lantern scripts/bench/mlp.lua
-- [threads] [reps]
require 'nn'
local threads = tonumber(arg and arg[1]) or torch.getnumthreads()
local reps = tonumber(arg and arg[2]) or 2
torch.setnumthreads(threads)
torch.setdefaulttensortype('torch.FloatTensor')
torch.manualSeed(0)

local N, B = tonumber(arg and arg[3]) or 60000, 64
local X = torch.FloatTensor(N, 784):uniform(0, 1)
local Y = torch.LongTensor(N):random(1, 10)

local model = nn.Sequential()
   :add(nn.Linear(784, 128)):add(nn.ReLU()):add(nn.Linear(128, 10)):add(nn.LogSoftMax())
-- the data needs no gradient (PyTorch does not compute it either)
model.modules[1].gradInput = nil
local crit = nn.ClassNLLCriterion()
local params, grads = model:getParameters()
local velocity = params.new(params:size()):zero()
local lr, mom = 0.01, 0.9

local function epoch()
   local loss = 0
   for i = 1, N, B do
      local n = math.min(B, N - i + 1)
      local x, y = X:narrow(1, i, n), Y:narrow(1, i, n)
      grads:zero()
      local out = model:forward(x)
      loss = crit:forward(out, y)
      model:backward(x, crit:backward(out, y))
      velocity:mul(mom):add(grads)
      params:add(-lr, velocity)
   end
   return loss
end

-- wall time, and CPU time (user + sys: on a shared machine the wall clock
-- also counts the time other processes hold the cores)
local best, bestcpu, loss = math.huge, math.huge, 0
for _ = 1, reps do
   local t = torch.Timer()
   loss = epoch()
   local tm = t:time()
   best = math.min(best, tm.real)
   bestcpu = math.min(bestcpu, tm.user + tm.sys)
end
print(string.format('%-34s %12.3f %-6s %d', 'mlp epoch 60000x784 b64 (s)', best, 's', 0))
print(string.format('%-34s %12.3f %-6s %d', 'mlp epoch 60000x784 b64 cpu', bestcpu, 's', 0))
io.stderr:write(string.format('mlp final batch loss %.4f\n', loss))
