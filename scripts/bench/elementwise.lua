-- elementwise.lua — throughput of elementwise ops and reductions (GB/s of
-- memory touched) and the per-call overhead of a 1-element op, in the
-- format scripts/bench/run.sh compares with PyTorch:
--   <case> <value> <unit> <higher-is-better: 1|0>
-- Usage: build/lantern scripts/bench/elementwise.lua [threads]
local threads = tonumber(arg and arg[1]) or torch.getnumthreads()
torch.setnumthreads(threads)

local function wall() return torch.Timer() end

-- seconds per call: the fastest of many timed calls within `secs` (this is
-- a shared machine; the minimum is the least disturbed measurement)
local function time(f, secs)
   f()
   local best, total = math.huge, wall()
   repeat
      local t = wall()
      f()
      best = math.min(best, t:time().real)
   until total:time().real > (secs or 0.5)
   return best
end

local function report(name, value, unit, higher)
   print(string.format('%-34s %12.3f %-6s %d', name, value, unit, higher and 1 or 0))
end

local N = 1 << 24   -- 16M elements
local a = torch.FloatTensor(N):uniform(-1, 1)
local b = torch.FloatTensor(N):uniform(-1, 1)
local r = torch.FloatTensor(N)
local bytes1, bytes2 = 4 * N * 2, 4 * N * 3   -- read a (+ b), write r

report('float32 copy 16M', bytes1 / time(function() r:copy(a) end) / 1e9, 'GB/s', true)
report('float32 fill 16M', 4 * N / time(function() r:fill(1) end) / 1e9, 'GB/s', true)
report('float32 add 16M', bytes2 / time(function() torch.add(r, a, b) end) / 1e9, 'GB/s', true)
report('float32 mul-scalar 16M', bytes1 / time(function() torch.mul(r, a, 3) end) / 1e9, 'GB/s', true)
report('float32 exp 16M', bytes1 / time(function() torch.exp(r, a) end) / 1e9, 'GB/s', true)
report('float32 sigmoid 16M', bytes1 / time(function() torch.sigmoid(r, a) end) / 1e9, 'GB/s', true)
local m = a:view(4096, 4096)
local rm = r:view(4096, 4096)
report('float32 transpose-copy 4096^2', bytes1 / time(function() rm:copy(m:t()) end) / 1e9, 'GB/s', true)
report('float32 sum 16M', 4 * N / time(function() return a:sum() end) / 1e9, 'GB/s', true)
report('float32 max 16M', 4 * N / time(function() return a:max() end) / 1e9, 'GB/s', true)
report('float32 sum dim=2 4096^2', 4 * N / time(function() return m:sum(2) end) / 1e9, 'GB/s', true)
report('float32 sum dim=1 4096^2', 4 * N / time(function() return m:sum(1) end) / 1e9, 'GB/s', true)

local d = torch.DoubleTensor(N // 2):uniform()
report('float64 add-scalar 8M', 8 * N // 2 * 2 / time(function() d:add(1) end) / 1e9, 'GB/s', true)

-- per-call overhead of 1-element ops, in microseconds
local x, y = torch.FloatTensor(1):fill(1), torch.FloatTensor(1):fill(2)
local K = 200000
report('overhead add_ in place 1-elem', time(function()
   for _ = 1, K do x:add(y) end
end, 1) / K * 1e6, 'us', false)
report('overhead add (new result) 1-elem', time(function()
   for _ = 1, K do local z = torch.add(x, y) end
end, 1) / K * 1e6, 'us', false)
