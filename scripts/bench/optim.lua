-- optim.lua — milliseconds per optimizer step on 1M and 16M float32
-- parameters (the gradient is precomputed, so only the update is timed), in
-- the format of scripts/bench/run.sh (<case> <value> <unit> <higher: 1|0>);
-- optim_torch.py times torch.optim on the same cases.
-- Usage: build/lantern scripts/bench/optim.lua [threads]
require 'optim'
local threads = tonumber(arg and arg[1]) or torch.getnumthreads()
torch.setnumthreads(threads)

local function time(f, secs)   -- the fastest of many timed calls
   f()
   local best, total = math.huge, torch.Timer()
   repeat
      local t = torch.Timer()
      f()
      best = math.min(best, t:time().real)
   until total:time().real > (secs or 0.5)
   return best
end

local CASES = {
   { 'sgd', 'sgd momentum', { learningRate = 1e-3, momentum = 0.9, dampening = 0 } },
   { 'adam', 'adam', { learningRate = 1e-3 } },
   { 'adamw', 'adamw', { learningRate = 1e-3 } },
   { 'rmsprop', 'rmsprop', { learningRate = 1e-3 } },
   { 'adagrad', 'adagrad', { learningRate = 1e-3 } },
}

for _, n in ipairs({ 1 << 20, 1 << 24 }) do
   local x = torch.FloatTensor(n):uniform(-1, 1)
   local g = torch.FloatTensor(n):uniform(-1, 1)
   local function feval() return 0, g end
   for _, c in ipairs(CASES) do
      local config = {}
      for k, v in pairs(c[3]) do config[k] = v end
      local f = optim[c[1]]
      local s = time(function() f(feval, x, config) end)
      print(string.format('%-34s %12.3f %-6s %d', string.format('%s step %dM', c[2], n >> 20),
                          s * 1e3, 'ms', 0))
   end
end
