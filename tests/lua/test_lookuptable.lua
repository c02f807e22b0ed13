-- nn.LookupTable's maxNorm/normType renorm and scaleGradByFreq, and
-- nn.Embedding (PyTorch-style options), against hand-computed values.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()

function tests.max_norm_renorms_the_rows_read()
   local m = nn.LookupTable(4, 2, 0, 1.0)
   m.weight:copy(torch.Tensor({ { 3, 4 }, { 0.3, 0.4 }, { 6, 8 }, { 1, 0 } }))
   local out = m:forward(torch.LongTensor({ 1, 2, 1 }))
   -- row 1 (norm 5) scaled to norm 1: (0.6, 0.8) (PyTorch's max/(norm+1e-7))
   local s = 1 / (5 + 1e-7)
   tester:assertTensorEq(m.weight[1], torch.Tensor({ 3 * s, 4 * s }), 1e-15)
   tester:assertTensorEq(m.weight[2], torch.Tensor({ 0.3, 0.4 }), 0, 'under maxNorm: kept')
   tester:assertTensorEq(m.weight[3], torch.Tensor({ 6, 8 }), 0, 'not read: kept')
   tester:assertTensorEq(out[3], m.weight[1], 0)
   -- the 1-norm of row 3 is 14: scaled to 7
   m:setMaxNorm(7):setNormType(1)
   m:forward(torch.LongTensor({ 3 }))
   tester:assertTensorEq(m.weight[3], torch.Tensor({ 6, 8 }) * (7 / (14 + 1e-7)), 1e-12)
   tester:eq(errmsg(function() m:setMaxNorm(-1) end),
             'nn.LookupTable: maxNorm must be a positive number, got -1')
end

function tests.scale_grad_by_freq()
   local m = nn.LookupTable(4, 2):scaleGradByFreq()
   m:zeroGradParameters()
   local idx = torch.LongTensor({ 2, 4, 2, 2 })
   local g = torch.Tensor({ { 1, 1 }, { 5, 5 }, { 2, 2 }, { 3, 3 } })
   m:backward(idx, g)
   tester:assertTensorEq(m.gradWeight[2], torch.Tensor({ 2, 2 }), 1e-15, 'mean of 1, 2, 3')
   tester:assertTensorEq(m.gradWeight[4], torch.Tensor({ 5, 5 }), 0)
   tester:eq(m.gradWeight[1]:abs():sum(), 0)
end

function tests.embedding()
   torch.manualSeed(3)
   local e = nn.Embedding(5, 3, { paddingIdx = 2 })
   tester:eq(torch.type(e), 'nn.Embedding')
   tester:assert(torch.isTypeOf(e, 'nn.LookupTable'))
   tester:eq(e.weight[2]:abs():sum(), 0, 'the padding row starts at zero')
   local idx = torch.LongTensor({ { 1, 2 }, { 2, 5 } })
   local out = e:forward(idx)
   tester:eq(out:size():totable(), { 2, 2, 3 })
   e:zeroGradParameters()
   e:backward(idx, torch.ones(2, 2, 3))
   tester:eq(e.gradWeight[2]:abs():sum(), 0, 'no gradient for the padding row')
   tester:assertTensorEq(e.gradWeight[1], torch.ones(3), 0)
   tester:eq(tostring(e), 'nn.Embedding(5 -> 3)')
   tester:eq(errmsg(function() nn.Embedding(5, 3, 7) end),
             'nn.Embedding: options must be a table, got number')
end

tester:add(tests)
tester:run()
