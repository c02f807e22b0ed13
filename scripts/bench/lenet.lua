-- lenet.lua — one training epoch of LeNet-5 on 60000 random 1x28x28 float32
-- images: conv 6@5x5 pad 2, ReLU, maxpool 2, conv 16@5x5, ReLU, maxpool 2,
-- 400-120-84-10 with ReLU, LogSoftMax + ClassNLL, SGD lr 0.01 momentum
-- 0.9, batch 64.  Prints the epoch time (best of `reps`) in run.sh's
-- format.  Usage: build/lantern scripts/bench/lenet.lua [threads] [reps] [N]
require 'nn'
local threads = tonumber(arg and arg[1]) or torch.getnumthreads()
local reps = tonumber(arg and arg[2]) or 1
torch.setnumthreads(threads)
torch.setdefaulttensortype('torch.FloatTensor')
torch.manualSeed(0)

local N, B = tonumber(arg and arg[3]) or 60000, 64
local X = torch.FloatTensor(N, 1, 28, 28):uniform(0, 1)
local Y = torch.LongTensor(N):random(1, 10)

-- nn.View if the nn package has it, else a minimal batch flattener
local View = nn.View
if not View then
   local Flat, parent = torch.class('nn.BenchFlatten', 'nn.Module')
   function Flat:__init(n) parent.__init(self); self.n = n end
   function Flat:updateOutput(x) self.output = x:view(x:size(1), self.n) return self.output end
   function Flat:updateGradInput(x, g) self.gradInput = g:viewAs(x) return self.gradInput end
   View = nn.BenchFlatten
end

local model = nn.Sequential()
   :add(nn.SpatialConvolution(1, 6, 5, 5, 1, 1, 2, 2)):add(nn.ReLU())
   :add(nn.SpatialMaxPooling(2, 2, 2, 2))
   :add(nn.SpatialConvolution(6, 16, 5, 5)):add(nn.ReLU())
   :add(nn.SpatialMaxPooling(2, 2, 2, 2))
   :add(View(16 * 5 * 5))
   :add(nn.Linear(400, 120)):add(nn.ReLU())
   :add(nn.Linear(120, 84)):add(nn.ReLU())
   :add(nn.Linear(84, 10)):add(nn.LogSoftMax())
model.modules[1].gradInput = nil      -- no gradient for the data (as PyTorch)
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
print(string.format('%-34s %12.3f %-6s %d', 'lenet epoch 60000 b64 (s)', best, 's', 0))
print(string.format('%-34s %12.3f %-6s %d', 'lenet epoch 60000 b64 cpu', bestcpu, 's', 0))
io.stderr:write(string.format('lenet final batch loss %.4f\n', loss))
