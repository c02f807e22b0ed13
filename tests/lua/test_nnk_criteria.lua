-- nnk criteria: the loss's gradient against central differences of the
-- loss in double precision (max error < 1e-5; step 1e-6), with and without
-- sizeAverage and class weights, numbers and tensors as targets, plus
-- hand-computed values of each loss on a small case.
require 'nn'
local H = require 'tests.lua.helpers'
local tester = torch.Tester()
local tests = torch.TestSuite()
local PREC = 1e-5

-- the tensors of x (a tensor or a table of them), in order
local function leaves(x, list)
   list = list or {}
   if torch.isTensor(x) then list[#list + 1] = x else
      for _, v in ipairs(x) do leaves(v, list) end
   end
   return list
end

-- max |analytic - numeric| of crit's gradient at input
local function critError(crit, input, target)
   local g = crit:backward(input, target)
   local ga = leaves(type(g) == 'table' and g or g)
   local err = 0
   for k, x in ipairs(leaves(input)) do
      local flat = x:view(x:nElement())
      local gk = ga[k]:contiguous():view(x:nElement())
      for i = 1, x:nElement() do
         local v = flat[i]
         flat[i] = v + 1e-6
         local lp = crit:forward(input, target)
         flat[i] = v - 1e-6
         local lm = crit:forward(input, target)
         flat[i] = v
         err = math.max(err, math.abs((lp - lm) / 2e-6 - gk[i]))
      end
   end
   return err
end

local function check(crit, input, target, tag)
   local l = crit:forward(input, target)
   tester:assert(type(l) == 'number', tag .. ': the loss is a number')
   tester:assertlt(critError(crit, input, target), PREC, tag)
end

function tests.regression_losses()
   torch.manualSeed(10)
   local x, t = torch.randn(3, 4), torch.randn(3, 4)
   for _, sa in ipairs({ true, false }) do
      local tag = sa and ' (mean)' or ' (sum)'
      check(nn.MSECriterion(sa), x, t, 'MSE' .. tag)
      check(nn.AbsCriterion(sa), x, t, 'Abs' .. tag)
      check(nn.SmoothL1Criterion(sa), x, t:clone():mul(3), 'SmoothL1' .. tag)
      check(nn.SoftMarginCriterion(sa), x, torch.randn(3, 4):sign(), 'SoftMargin' .. tag)
   end
   -- hand-computed values
   local a, b = torch.Tensor({ 1, -2, 0.5 }), torch.Tensor({ 0, 1, 0.5 })
   tester:eq(nn.MSECriterion():forward(a, b), 10 / 3, 1e-15, 'MSE value')
   tester:eq(nn.MSECriterion(false):forward(a, b), 10, 1e-15, 'MSE sum value')
   tester:eq(nn.AbsCriterion():forward(a, b), 4 / 3, 1e-15, 'Abs value')
   tester:eq(nn.SmoothL1Criterion():forward(a, b), (0.5 + 2.5) / 3, 1e-15, 'SmoothL1 value')
   tester:eq(nn.SoftMarginCriterion():forward(torch.Tensor({ 0, 800 }), torch.Tensor({ 1, -1 })),
             (math.log(2) + 800) / 2, 1e-12, 'SoftMargin is stable for large margins')
end

function tests.probability_losses()
   torch.manualSeed(11)
   local p = torch.rand(3, 4):mul(0.8):add(0.1)
   local t = torch.rand(3, 4):gt(0.5):double()
   check(nn.BCECriterion(), p, t, 'BCE')
   check(nn.BCECriterion(torch.rand(4):add(0.5), false), p, t, 'BCE weighted rows, sum')
   check(nn.BCECriterion(torch.rand(3, 4)), p, t, 'BCE weighted elements')
   tester:eq(nn.BCECriterion():forward(torch.Tensor({ 0.5, 0.25 }), torch.Tensor({ 1, 0 })),
             -(math.log(0.5) + math.log(0.75)) / 2, 1e-10, 'BCE value')
   local lp = torch.rand(2, 5):log()
   local q = torch.rand(2, 5)
   q[1][2] = 0
   check(nn.DistKLDivCriterion(), lp, q, 'DistKLDiv')
   tester:eq(nn.DistKLDivCriterion(false):forward(torch.Tensor({ math.log(0.5), 0 }),
                                                  torch.Tensor({ 0.25, 0 })),
             0.25 * (math.log(0.25) - math.log(0.5)), 1e-15, 'KL value, t = 0 ignored')
   check(nn.MultiLabelSoftMarginCriterion(), torch.randn(3, 4), t, 'MultiLabelSoftMargin')
   check(nn.MultiLabelSoftMarginCriterion(torch.rand(4)), torch.randn(3, 4), t,
         'MultiLabelSoftMargin weighted')
end

function tests.classification_losses()
   torch.manualSeed(12)
   local x = torch.randn(4, 5)
   local y = torch.LongTensor({ 2, 5, 1, 2 })
   local w = torch.rand(5):add(0.5)
   for _, sa in ipairs({ true, false }) do
      local tag = sa and ' (mean)' or ' (sum)'
      check(nn.ClassNLLCriterion(nil, sa), x, y, 'ClassNLL' .. tag)
      check(nn.ClassNLLCriterion(w, sa), x, y, 'ClassNLL weighted' .. tag)
      check(nn.CrossEntropyCriterion(nil, sa), x, y, 'CrossEntropy' .. tag)
      check(nn.CrossEntropyCriterion(w, sa), x, y, 'CrossEntropy weighted' .. tag)
   end
   check(nn.ClassNLLCriterion(), x[1], 3, 'ClassNLL one sample, number target')
   check(nn.CrossEntropyCriterion(), x[2], 4, 'CrossEntropy one sample')
   check(nn.ClassNLLCriterion(), x, y:double(), 'DoubleTensor targets')
   -- weighted mean: sum w[t] x[t] / sum w[t]
   local nll = nn.ClassNLLCriterion(torch.Tensor({ 1, 3 }))
   tester:eq(nll:forward(torch.Tensor({ { -1, -2 }, { -3, -4 } }), torch.LongTensor({ 1, 2 })),
             (1 + 12) / 4, 1e-15, 'weighted NLL value')
   -- ignoreIndex
   local ig = nn.ClassNLLCriterion(nil, true, 2)
   tester:eq(ig:forward(torch.Tensor({ { -1, -2 }, { -3, -4 } }), torch.LongTensor({ 1, 2 })),
             1, 1e-15, 'ignored sample')
   tester:eq(ig:backward(torch.Tensor({ { -1, -2 }, { -3, -4 } }), torch.LongTensor({ 1, 2 })),
             torch.Tensor({ { -1, 0 }, { 0, 0 } }), 1e-15, 'ignored sample gradient')
   -- CrossEntropy of huge logits stays finite (fused log-softmax)
   local ce = nn.CrossEntropyCriterion()
   tester:eq(ce:forward(torch.Tensor({ { 1000, 0 } }), torch.LongTensor({ 2 })), 1000, 1e-9,
             'stable cross-entropy')
   -- margins
   for _, p in ipairs({ 1, 2 }) do
      check(nn.MultiMarginCriterion(p), x, y, 'MultiMargin p=' .. p)
      check(nn.MultiMarginCriterion(p, w, 0.7), x, y, 'MultiMargin weighted p=' .. p)
   end
   tester:eq(nn.MultiMarginCriterion():forward(torch.Tensor({ 0.1, 0.2, 0.4, 0.8 }), 4),
             (0.3 + 0.4 + 0.6) / 4, 1e-12, 'MultiMargin value (Torch7 doc example)')
   local lt = torch.LongTensor({ { 3, 1, 0, 0, 0 }, { 2, 0, 0, 0, 0 }, { 5, 4, 3, 2, 1 },
                                 { 1, 4, 0, 0, 0 } })
   check(nn.MultiLabelMarginCriterion(), x:clone():mul(0.3), lt, 'MultiLabelMargin')
   tester:eq(nn.MultiLabelMarginCriterion():forward(torch.Tensor({ 0.1, 0.2, 0.4, 0.8 }),
                                                    torch.LongTensor({ 4, 1, 0, 2 })),
             0.85, 1e-12, 'MultiLabelMargin value (PyTorch doc example)')
   local m = torch.randn(6)
   check(nn.MarginCriterion(0.5), m, torch.randn(6):sign(), 'Margin')
   check(nn.HingeEmbeddingCriterion(0.5), m:clone():abs(), torch.randn(6):sign(),
         'HingeEmbedding')
   tester:eq(nn.HingeEmbeddingCriterion(1):forward(torch.Tensor({ 0.3, 0.2 }),
                                                   torch.Tensor({ 1, -1 })),
             (0.3 + 0.8) / 2, 1e-15, 'HingeEmbedding value')
end

function tests.pair_losses()
   torch.manualSeed(13)
   local a, b = torch.randn(5), torch.randn(5)
   local y = torch.Tensor({ 1, -1, 1, -1, -1 })
   check(nn.MarginRankingCriterion(0.3), { a, b }, y, 'MarginRanking')
   check(nn.MarginRankingCriterion(), { torch.Tensor({ 0.2 }), torch.Tensor({ 0.5 }) }, 1,
         'MarginRanking, one pair')
   tester:eq(nn.MarginRankingCriterion(0.1):forward({ torch.Tensor({ 0.2 }),
                                                      torch.Tensor({ 0.5 }) }, 1),
             0.4, 1e-15, 'MarginRanking value')
   local u, v = torch.randn(4, 3), torch.randn(4, 3)
   check(nn.CosineEmbeddingCriterion(0.2), { u, v }, torch.Tensor({ 1, -1, -1, 1 }),
         'CosineEmbedding')
   check(nn.CosineEmbeddingCriterion(), { u[1], v[1] }, -1, 'CosineEmbedding, one pair')
   tester:eq(nn.CosineEmbeddingCriterion():forward({ torch.Tensor({ 1, 0 }),
                                                     torch.Tensor({ 1, 1 }) }, 1),
             1 - 1 / math.sqrt(2), 1e-9, 'CosineEmbedding value')
end

function tests.combinations()
   torch.manualSeed(14)
   local x, t = torch.randn(3, 4), torch.randn(3, 4)
   local mc = nn.MultiCriterion():add(nn.MSECriterion(), 0.5):add(nn.AbsCriterion())
   check(mc, x, t, 'MultiCriterion')
   tester:eq(mc:forward(x, t), 0.5 * nn.MSECriterion():forward(x, t) +
             nn.AbsCriterion():forward(x, t), 1e-12, 'MultiCriterion value')
   local pc = nn.ParallelCriterion():add(nn.MSECriterion(), 2)
      :add(nn.ClassNLLCriterion(), 0.5)
   local y = torch.LongTensor({ 1, 3, 2 })
   check(pc, { x, torch.randn(3, 4) }, { t, y }, 'ParallelCriterion')
   local pr = nn.ParallelCriterion(true):add(nn.MSECriterion()):add(nn.AbsCriterion(), 3)
   check(pr, { x, torch.randn(3, 4) }, t, 'ParallelCriterion repeatTarget')
end

function tests.protocol_and_errors()
   local c = nn.MSECriterion()
   local x, t = torch.randn(2, 2), torch.zeros(2, 2)
   local loss, g = c(x, t)
   tester:eq(loss, c.output, 0, '__call__ returns the loss')
   tester:eq(g, c.gradInput, 0, 'and the gradient')
   tester:eq(tostring(c), 'nn.MSECriterion', 'tostring')
   tester:eq(H.errmsg(function() c:forward(x, torch.zeros(3)) end),
             'nn.MSECriterion: input and target must have the same number of elements '
             .. '(input 2x2, target 3)', 'size mismatch')
   local nll = nn.ClassNLLCriterion()
   tester:eq(H.errmsg(function() nll:forward(torch.randn(2, 3), torch.LongTensor({ 1, 4 })) end),
             'nn.ClassNLLCriterion: target 4 out of range: classes are 1 to 3 (at target 2)',
             'class out of range')
   tester:eq(H.errmsg(function() nll:forward(torch.randn(2, 3), torch.Tensor({ 1, 1.5 })) end),
             'nn.ClassNLLCriterion: target 1.5 out of range: classes are 1 to 3 (at target 2)',
             'fractional class')
   tester:eq(H.errmsg(function() nll:forward(torch.randn(2, 3), torch.LongTensor({ 1 })) end),
             'nn.ClassNLLCriterion: target must hold 2 class numbers for input 2x3 (got 1)',
             'target count')
   tester:eq(H.errmsg(function() nll:forward(torch.randn(2, 3, 4), 1) end),
             'nn.ClassNLLCriterion: input must be 1D or 2D (got 2x3x4)', 'input dims')
   local w2 = nn.ClassNLLCriterion(torch.ones(2))
   tester:eq(H.errmsg(function() w2:forward(torch.randn(2, 3), torch.LongTensor({ 1, 2 })) end),
             'nn.ClassNLLCriterion: weights must have 3 elements, one per class (got 2)',
             'weights size')
   tester:eq(H.errmsg(function() nll:forward(torch.randn(2, 3), 'a') end),
             "nn.ClassNLLCriterion: target must be a class number or a tensor of them (got string)",
             'target type')
   tester:eq(H.errmsg(function() nn.MultiMarginCriterion(3) end),
             'nn.MultiMarginCriterion: only p == 1 and p == 2 are supported (got 3)', 'p')
   -- float inputs work too
   local lf = nn.ClassNLLCriterion():float()
   tester:eq(lf:forward(torch.FloatTensor({ { -1, -2 } }), 2), 2, 1e-6, 'FloatTensor input')
end

tester:add(tests)
tester:run()
