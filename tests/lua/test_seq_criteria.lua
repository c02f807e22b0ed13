-- nn.SequenceCrossEntropyCriterion (B x T x C scores, ignoreIndex, class
-- weights) against PyTorch 1.13's cross_entropy (scripts/gen_seq_fixtures.py)
-- and central differences; nn.SequencerCriterion over tensors and tables.
-- Both build on nn.Criterion (h/nnk); before that is merged nn does not
-- load them and this file says so and checks nothing.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

local function T(v) return torch.Tensor(v) end

-- d loss / d input by central differences
local function numgrad(c, x, t)
   local g = x.new(x:size()):zero()
   local xf, gf = x:view(-1), g:view(-1)
   for i = 1, xf:size(1) do
      local v = xf[i]
      xf[i] = v + 1e-6
      local lp = c:forward(x, t)
      xf[i] = v - 1e-6
      local lm = c:forward(x, t)
      xf[i] = v
      gf[i] = (lp - lm) / 2e-6
   end
   return g
end

function tests.sequence_cross_entropy_matches_pytorch()
   local f = dofile('tests/fixtures/seq/seq_ce.lua')
   local x, t = T(f.x), T(f.target)
   local cases = {
      mean = {}, ignore = { ignoreIndex = 3 },
      weighted_ignore = { ignoreIndex = 3, weights = T(f.weights) },
      sum_ignore = { ignoreIndex = 3, sizeAverage = false },
   }
   for name, opts in pairs(cases) do
      local c = nn.SequenceCrossEntropyCriterion(opts)
      tester:eq(c:forward(x, t), f['loss.' .. name], 1e-12, name .. ': loss')
      local g = c:backward(x, t)
      tester:eq(g, T(f['grad.' .. name]), 1e-12, name .. ': gradient')
      tester:eq(g, numgrad(c, x, t), 1e-7, name .. ': finite differences')
   end
   -- time-first (T, B, C) and flat (N, C) inputs give the same numbers
   local c = nn.SequenceCrossEntropyCriterion({ ignoreIndex = 3 })
   local l = c:forward(x, t)
   tester:eq(c:forward(x:transpose(1, 2):contiguous(), t:t():contiguous()), l, 1e-14,
             'time-first')
   tester:eq(c:forward(x:view(12, 5), t:view(12)), l, 1e-14, 'flat')
   tester:eq(c:forward(x:float(), t:long()), l, 1e-5, 'float input, LongTensor target')
   -- every target ignored: 0, not NaN
   local all = torch.Tensor(3, 4):fill(3)
   tester:eq(c:forward(x, all), 0, 'all ignored')
   tester:eq(c:backward(x, all):abs():max(), 0, 'all ignored: zero gradient')
   -- stable for huge scores
   local big = T({ { { 1000, -1000, 0 } } })
   tester:eq(nn.SequenceCrossEntropyCriterion():forward(big, T({ { 2 } })), 2000, 1e-9, 'stable')
   tester:eq(tostring(c), 'nn.SequenceCrossEntropyCriterion(mean, ignoreIndex 3)', 'tostring')
   tester:eq(errmsg(function() c:forward(x, torch.Tensor(3, 5)) end),
             'nn.SequenceCrossEntropyCriterion: target of size 3x5 does not match input of size '
             .. "3x4x5 (expected the input's size without its last dimension)")
   local bad = t:clone()
   bad[2][3] = 9
   tester:eq(errmsg(function() c:forward(x, bad) end),
             'nn.SequenceCrossEntropyCriterion: target 9 at position 7 is out of range 1..5')
   tester:eq(errmsg(function() nn.SequenceCrossEntropyCriterion({ ignore = 1 }) end),
             "nn.SequenceCrossEntropyCriterion: unknown option 'ignore' (ignoreIndex, weights, "
             .. 'sizeAverage)')
end

-- a tiny criterion of its own, so this does not depend on others' criteria
local function squares()
   local c = nn.Criterion()
   function c:updateOutput(x, y) self.output = (x - y):pow(2):sum(); return self.output end
   function c:updateGradInput(x, y) self.gradInput = (x - y):mul(2); return self.gradInput end
   return c
end

function tests.sequencer_criterion()
   torch.manualSeed(1)
   local x, y = torch.randn(4, 3, 2), torch.randn(4, 3, 2)
   local sc = nn.SequencerCriterion(squares())
   local want = (x - y):pow(2):sum()
   tester:eq(sc:forward(x, y), want, 1e-12, 'sum over steps')
   tester:eq(sc:backward(x, y), (x - y):mul(2), 1e-14, 'gradient')
   local xs, ys = {}, {}
   for t = 1, 4 do xs[t], ys[t] = x[t]:clone(), y[t]:clone() end
   tester:eq(sc:forward(xs, ys), want, 1e-12, 'tables of steps')
   local g = sc:backward(xs, ys)
   tester:eq(#g, 4, 'a gradient per step')
   tester:eq(g[3], (x[3] - y[3]):mul(2), 1e-14, 'step 3')
   local avg = nn.SequencerCriterion(squares(), true)
   tester:eq(avg:forward(x, y), want / 4, 1e-12, 'sizeAverage: mean over steps')
   tester:eq(avg:backward(x, y), (x - y):mul(0.5), 1e-14, 'sizeAverage gradient')
   -- wrapping the sequence cross-entropy, step by step, equals it over the whole
   local f = dofile('tests/fixtures/seq/seq_ce.lua')
   local sx, st = T(f.x):transpose(1, 2):contiguous(), T(f.target):t():contiguous()
   local per = nn.SequencerCriterion(nn.SequenceCrossEntropyCriterion({ sizeAverage = false }))
   tester:eq(per:forward(sx, st), f['loss.mean'] * 12, 1e-11, 'SequencerCriterion of CE')
   tester:eq(errmsg(function() sc:forward(x, torch.randn(3, 3, 2)) end),
             'nn.SequencerCriterion: input has 4 steps but target has 3')
   tester:eq(errmsg(function() nn.SequencerCriterion(nn.Linear(2, 2)) end),
             'nn.SequencerCriterion: expected a criterion (got nn.Linear)')
end

if not nn.SequenceCrossEntropyCriterion then
   print('nn.Criterion is not in this build yet (h/nnk): the sequence criteria are not loaded')
   tests = torch.TestSuite()
   function tests.criteria_not_loaded_without_criterion()
      tester:assert(nn.Criterion == nil, 'criteria left out only while nn.Criterion is missing')
   end
end

tester:add(tests)
tester:run()
