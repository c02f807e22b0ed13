-- lapack_grad.lua — milliseconds per forward + backward through the LAPACK
-- functions' autograd rules (float64), in the format of scripts/bench/run.sh
-- (lower is better):  <case> <value> <unit> <higher-is-better: 1|0>
-- Compare with scripts/bench/lapack_grad_torch.py, and with lapack.lua for
-- the forward alone.
-- Usage: build/lantern scripts/bench/lapack_grad.lua [threads]
local threads = tonumber(arg and arg[1]) or torch.getnumthreads()
torch.setnumthreads(threads)

-- the fastest of several timed calls within `secs` (shared machine)
local function time(f, secs)
   f()
   local best, total = math.huge, torch.Timer()
   repeat
      local t = torch.Timer()
      f()
      best = math.min(best, t:time().real)
   until total:time().real > (secs or 1)
   return best
end

local function report(name, secs)
   print(string.format('%-34s %12.3f %-6s %d', name, secs * 1e3, 'ms', 0))
end

torch.manualSeed(1)
for _, n in ipairs({ 64, 256 }) do
   local a = (torch.randn(n, n) + torch.eye(n) * n):requiresGrad()
   local spd = (a:detach() * a:detach():t() + torch.eye(n) * n):requiresGrad()
   local b = torch.randn(n, 8):requiresGrad()
   local s = n .. 'x' .. n
   report('grad inverse ' .. s, time(function() torch.inverse(a):sum():backward() end))
   report('grad gesv ' .. s .. ' (8 rhs)', time(function() torch.gesv(b, a):sum():backward() end))
   report('grad det ' .. s, time(function() torch.det(a):backward() end))
   report('grad potrf ' .. s, time(function() torch.potrf(spd):sum():backward() end))
   report('grad symeig V ' .. s, time(function()
      local e, v = torch.symeig(spd, 'V')
      local loss = e:sum() + torch.cmul(v, v):sum()
      loss:backward()
   end))
   report('grad svd S ' .. s, time(function()
      local _, sv = torch.svd(a)
      sv:sum():backward()
   end))
end
