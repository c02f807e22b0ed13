-- nn.StochasticGradient: Torch7's defaults and messages, the update rule
-- (checked against the same loop written out by hand, exact), and that a
-- small regression actually learns.  The criterion is a test-local mean
-- squared error (the real criteria live in nnk's files).
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

local MSE = torch.class('nn.TestTrainMSE')
function MSE:__init() self.gradInput = torch.Tensor() end
function MSE:forward(y, t)
   local d = y - t
   self.output = torch.cmul(d, d):sum() / d:nElement()
   return self.output
end
function MSE:updateGradInput(y, t)
   self.gradInput:resizeAs(y):copy(y):add(-1, t):mul(2 / y:nElement())
   return self.gradInput
end

local function dataset(n)
   local data = {}
   torch.manualSeed(11)
   for i = 1, n do
      local x = torch.randn(2)
      data[i] = { x, torch.Tensor({ 3 * x[1] - 2 * x[2] + 0.5 }) }
   end
   function data:size() return n end
   return data
end

local function silently(f)
   local lines, saved = {}, print
   print = function(...)
      local parts = {}
      for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end
      lines[#lines + 1] = table.concat(parts, '\t')
   end
   local ok, err = pcall(f)
   print = saved
   if not ok then error(err, 0) end
   return lines
end

function tests.defaults_and_messages()
   local sg = nn.StochasticGradient(nn.Linear(2, 1), nn.TestTrainMSE())
   tester:eq(sg.learningRate, 0.01)
   tester:eq(sg.learningRateDecay, 0)
   tester:eq(sg.maxIteration, 25)
   tester:eq(sg.shuffleIndices, true)
   tester:eq(sg.verbose, true)
   sg.maxIteration = 3
   local lines = silently(function() sg:train(dataset(10)) end)
   tester:eq(#lines, 6)
   tester:eq(lines[1], '# StochasticGradient: training')
   tester:assert(lines[2]:match('^# current error = [%d.e-]+$') ~= nil, lines[2])
   tester:eq(lines[5], '# StochasticGradient: you have reached the maximum number of iterations')
   tester:eq(lines[6], '# training error = ' .. lines[4]:match('= (.*)$'))
   sg.verbose = false
   tester:eq(#silently(function() sg:train(dataset(10)) end), 3, 'quiet keeps the summary')
end

function tests.update_rule_matches_hand_loop()
   local data = dataset(8)
   torch.manualSeed(2)
   local a = nn.Linear(2, 1)
   local b = a:clone()
   local sg = nn.StochasticGradient(a, nn.TestTrainMSE())
   sg.maxIteration = 4
   sg.learningRate = 0.05
   sg.learningRateDecay = 0.1
   local errors = {}
   sg.hookIteration = function(_, it, err) errors[it] = err end
   torch.manualSeed(99)
   silently(function() sg:train(data) end)
   -- by hand, with the same shuffle
   torch.manualSeed(99)
   local perm = torch.randperm(8, 'torch.LongTensor')
   local crit = nn.TestTrainMSE()
   local lr = 0.05
   for it = 1, 4 do
      local total = 0
      for t = 1, 8 do
         local ex = data[perm[t]]
         local y = b:forward(ex[1])
         total = total + crit:forward(y, ex[2])
         local g = crit:updateGradInput(y, ex[2])
         b:zeroGradParameters()
         b:backward(ex[1], g)
         b:updateParameters(lr)
      end
      tester:assertalmosteq(errors[it], total / 8, 1e-14, 'epoch ' .. it .. ' error')
      lr = 0.05 / (1 + (it + 1) * 0.1)
   end
   tester:eq(a.weight, b.weight, 1e-14, 'same weights')
   tester:eq(a.bias, b.bias, 1e-14, 'same bias')
end

function tests.learns_a_linear_map()
   torch.manualSeed(4)
   local m = nn.Linear(2, 1)
   local sg = nn.StochasticGradient(m, nn.TestTrainMSE())
   sg.learningRate = 0.1
   sg.verbose = false
   sg.shuffleIndices = false
   silently(function() sg:train(dataset(40)) end)
   tester:eq(m.weight, torch.Tensor({ { 3, -2 } }), 1e-3, 'weights found')
   tester:assertalmosteq(m.bias[1], 0.5, 1e-3, 'bias found')
end

function tests.bad_arguments()
   tester:eq(errmsg(function() nn.StochasticGradient({}, nn.TestTrainMSE()) end),
             "bad argument #1 to 'StochasticGradient' (nn.Module expected, got table)")
   tester:eq(errmsg(function() nn.StochasticGradient(nn.Linear(2, 1), 3) end),
             "bad argument #2 to 'StochasticGradient' (criterion expected, got number)")
   local sg = nn.StochasticGradient(nn.Linear(2, 1), nn.TestTrainMSE())
   tester:eq(errmsg(function() sg:train({}) end),
             "bad argument #1 to 'train' (dataset with a size() method expected)")
end

function tests.training_memory_stays_flat()
   -- A module's output survives from one step to the next, long enough to
   -- age into the old generation of Lua's generational collector, which
   -- minor collections never free: 200 LSTM steps grew RSS by ~470 MB that
   -- way.  Loading torch puts the collector in incremental mode.
   tester:eq(collectgarbage('incremental'), 'incremental')
   local f = io.open('/proc/self/status')
   if not f or os.getenv('ASAN_OPTIONS') then return end   -- ASan quarantines frees
   f:close()
   local function rss_kb()
      local g = io.open('/proc/self/status')
      local s = g:read('a')
      g:close()
      return tonumber(s:match('VmRSS:%s*(%d+)'))
   end
   local lstm = nn.LSTM(32, 64)
   local x, dh = torch.rand(20, 32, 32), torch.ones(20, 32, 64)
   for _ = 1, 5 do lstm:forward(x); lstm:backward(x, dh) end
   local before = rss_kb()
   for _ = 1, 200 do lstm:forward(x); lstm:backward(x, dh) end
   local grew = rss_kb() - before
   tester:assertlt(grew, 100 * 1024, 'RSS grew by ' .. grew .. ' KB')
end

tester:add(tests)
tester:run()
