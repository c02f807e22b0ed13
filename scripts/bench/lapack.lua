-- lapack.lua — milliseconds per call of the LAPACK functions on float64
-- matrices, in the format of scripts/bench/run.sh (lower is better):
--   <case> <value> <unit> <higher-is-better: 1|0>
-- Usage: build/lantern scripts/bench/lapack.lua [threads]
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
for _, n in ipairs({ 64, 512 }) do
   local a = torch.randn(n, n)
   local spd = a * a:t() + torch.eye(n) * n
   local b = torch.randn(n, 8)
   report('gesv ' .. n .. 'x' .. n .. ' (8 rhs)', time(function() torch.gesv(b, a) end))
   report('inverse ' .. n .. 'x' .. n, time(function() torch.inverse(a) end))
   report('det ' .. n .. 'x' .. n, time(function() torch.det(a) end))
   report('potrf ' .. n .. 'x' .. n, time(function() torch.potrf(spd) end))
   report('symeig V ' .. n .. 'x' .. n, time(function() torch.symeig(spd, 'V') end))
   report('svd S ' .. n .. 'x' .. n, time(function() torch.svd(a) end))
   report('qr ' .. n .. 'x' .. n, time(function() torch.qr(a) end))
end
