-- file.lua — milliseconds to save and load a checkpoint-sized tensor (80 MB of
-- doubles) and a table of 300k small numbers, in the format of
-- scripts/bench/run.sh (<case> <value> <unit> <higher: 1|0>); file_torch.py
-- times torch.save/torch.load on the same objects.  torch.save here
-- includes the fsync and rename of atomic saving.
-- Usage: build/lantern scripts/bench/file.lua
local function time(f, reps)   -- the fastest of a few calls
   local best = math.huge
   for _ = 1, reps or 3 do
      local t = torch.Timer()
      f()
      best = math.min(best, t:time().real)
   end
   return best
end

local path = os.tmpname()
local function report(name, secs)
   print(string.format('%-34s %12.3f %-6s %d', name, secs * 1e3, 'ms', 0))
end

local big = torch.randn(10000000)
report('save tensor 80MB', time(function() torch.save(path, big) end))
report('load tensor 80MB', time(function() torch.load(path) end))
local small = {}
for i = 1, 300000 do small[i] = i + 0.5 end
report('save table 300k numbers', time(function() torch.save(path, small) end))
report('load table 300k numbers', time(function() torch.load(path) end))
os.remove(path)
