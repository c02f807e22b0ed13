-- Timings for the data and plotting helpers (issue 4): Fashion-MNIST
-- loading, the batch iterator, gnuplot data formatting, a PNG render and
-- the live plot's per-add cost.  Run: build/lantern scripts/bench/data_plot.lua
-- Each figure is the fastest of a few runs.
local dataset = require 'dataset'
local gnuplot = require 'gnuplot'

local function best(f, n)
   local b = math.huge
   for _ = 1, n do
      local t = torch.Timer()
      f()
      b = math.min(b, t:time().real)
   end
   return b
end

local ok = pcall(dataset.fashionmnist, 'test')
if ok then
   print(string.format('fashionmnist train, 60000 images + labels   %8.3f s',
                       best(function() dataset.fashionmnist('train') end, 3)))
   print(string.format('fashionmnist test, 10000                    %8.3f s',
                       best(function() dataset.fashionmnist('test') end, 3)))
   local tr = dataset.fashionmnist('train')
   print(string.format('one shuffled epoch of batches of 128         %8.3f s',
                       best(function()
                          for _ in dataset.batches(tr.data, tr.labels, { batchsize = 128, shuffle = true }) do end
                       end, 3)))
else
   print('fashionmnist: not installed (dataset-fashion-mnist), skipped')
end

local n = 100000
local x, y = torch.range(1, n), torch.randn(n)
local s
local t = best(function() s = torch._gnuplotrows(x, y) end, 3)
print(string.format('format %d random points for gnuplot     %8.3f s (%.2f MB, %.0f ns/value)',
                    n, t, #s / 1e6, t / (2 * n) * 1e9))

if os.execute('command -v gnuplot >/dev/null 2>&1') == true then
   local base = os.tmpname()
   os.remove(base)
   local png = base .. '.png'
   print(string.format('pngfigure + plot 100000 points + close       %8.3f s',
                       best(function()
                          gnuplot.pngfigure(png)
                          gnuplot.plot(y)
                          gnuplot.close()
                       end, 2)))
   local lp = gnuplot.liveplot({ file = png, fps = 4 })
   local clock = torch.Timer()
   local adds = 50000
   for i = 1, adds do lp:add(i, math.random()) end
   print(string.format('liveplot:add, %d adds at fps 4 (PNG)     %8.1f us per add',
                       adds, clock:time().real / adds * 1e6))
   lp:close()
   os.remove(png)
end
