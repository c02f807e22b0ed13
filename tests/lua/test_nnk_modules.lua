-- nnk modules: Torch7's constructors, defaults, reset() initialisation,
-- __tostring, output shapes (batch and single sample, which must agree),
-- FloatTensor operation, the exact error messages for bad input, and the
-- differentiable functionals torch.softmax/logsoftmax/crossentropy.
require 'nn'
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local tester = torch.Tester()
local tests = torch.TestSuite()

function tests.tostring()
   tester:eq(tostring(nn.SpatialConvolution(1, 6, 5, 5, 1, 1, 2, 2)),
             'nn.SpatialConvolution(1 -> 6, 5x5, 1,1, 2,2)', 'conv with padding')
   tester:eq(tostring(nn.SpatialConvolution(3, 8, 3, 3)), 'nn.SpatialConvolution(3 -> 8, 3x3)',
             'conv plain')
   tester:eq(tostring(nn.SpatialConvolution(3, 8, 3, 3, 2, 2)),
             'nn.SpatialConvolution(3 -> 8, 3x3, 2,2)', 'conv strided')
   tester:eq(tostring(nn.SpatialConvolution(3, 8, 3, 3):noBias()),
             'nn.SpatialConvolution(3 -> 8, 3x3) without bias', 'conv without bias')
   tester:eq(tostring(nn.SpatialConvolutionMM(1, 6, 5, 5, 1, 1, 2, 2)),
             'nn.SpatialConvolutionMM(1 -> 6, 5x5, 1,1, 2,2)', 'convMM')
   tester:eq(tostring(nn.SpatialDilatedConvolution(2, 4, 3, 3, 1, 1, 2, 2, 2, 2)),
             'nn.SpatialDilatedConvolution(2 -> 4, 3x3, 1,1, 2,2, 2,2)', 'dilated')
   tester:eq(tostring(nn.SpatialFullConvolution(4, 2, 4, 4, 2, 2, 1, 1)),
             'nn.SpatialFullConvolution(4 -> 2, 4x4, 2,2, 1,1)', 'full')
   tester:eq(tostring(nn.SpatialMaxPooling(2, 2)), 'nn.SpatialMaxPooling(2x2, 2,2)', 'maxpool')
   tester:eq(tostring(nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1)),
             'nn.SpatialMaxPooling(3x3, 2,2, 1,1)', 'maxpool padded')
   tester:eq(tostring(nn.SpatialAveragePooling(2, 2, 2, 2)),
             'nn.SpatialAveragePooling(2x2, 2,2)', 'avgpool')
   tester:eq(tostring(nn.BatchNormalization(10)), 'nn.BatchNormalization (2D) (10)', 'bn')
   tester:eq(tostring(nn.SpatialBatchNormalization(16)),
             'nn.SpatialBatchNormalization (4D) (16)', 'spatial bn')
   tester:eq(tostring(nn.TemporalConvolution(5, 7, 3, 2)),
             'nn.TemporalConvolution(5 -> 7, 3, 2)', 'temporal conv')
   tester:eq(tostring(nn.LookupTable(100, 8)), 'nn.LookupTable(100 -> 8)', 'lookup')
   tester:eq(tostring(nn.LogSoftMax()), 'nn.LogSoftMax', 'logsoftmax')
   tester:eq(tostring(nn.ClassNLLCriterion()), 'nn.ClassNLLCriterion', 'criterion')
end

function tests.defaults_and_reset()
   local c = nn.SpatialConvolution(3, 4, 5, 3)
   tester:eq({ c.dW, c.dH, c.padW, c.padH }, { 1, 1, 0, 0 }, 'conv defaults')
   tester:eq(H.sizes(c.weight), { 4, 3, 3, 5 }, 'weight nOut x nIn x kH x kW')
   tester:eq(H.sizes(nn.SpatialConvolutionMM(3, 4, 5, 3).weight), { 4, 45 }, 'MM weight')
   tester:eq(H.sizes(nn.SpatialFullConvolution(3, 4, 5, 3).weight), { 3, 4, 3, 5 },
             'full weight nIn x nOut x kH x kW')
   local p = nn.SpatialConvolution(2, 2, 3, 3, 1, 1, 1)
   tester:eq(p.padH, 1, 'padH defaults to padW')
   local mp = nn.SpatialMaxPooling(3, 2)
   tester:eq({ mp.dW, mp.dH }, { 3, 2 }, 'max pooling stride defaults to the kernel')
   local ap = nn.SpatialAveragePooling(3, 2)
   tester:eq({ ap.dW, ap.dH }, { 1, 1 }, 'average pooling stride defaults to 1 (Torch7)')
   -- reset: weight then bias, uniform in +-1/sqrt(kW*kH*nInputPlane)
   torch.manualSeed(7)
   local m = nn.SpatialConvolution(3, 4, 5, 3)
   torch.manualSeed(7)
   local stdv = 1 / math.sqrt(5 * 3 * 3)
   local w = torch.Tensor(4, 3, 3, 5):uniform(-stdv, stdv)
   local b = torch.Tensor(4):uniform(-stdv, stdv)
   tester:eq(m.weight, w, 0, 'conv weight drawn first')
   tester:eq(m.bias, b, 0, 'conv bias drawn second')
   local bn = nn.BatchNormalization(5)
   tester:assert(bn.weight:min() >= 0 and bn.weight:max() <= 1, 'bn weight uniform [0,1]')
   tester:eq(bn.bias, torch.zeros(5), 0, 'bn bias 0')
   tester:eq(bn.running_var, torch.ones(5), 0, 'bn running var 1')
end

function tests.shapes_batch_and_single()
   torch.manualSeed(8)
   local cases = {
      { nn.SpatialConvolution(2, 3, 3, 3, 2, 2, 1, 1), { 2, 7, 6 }, { 3, 4, 3 } },
      { nn.SpatialFullConvolution(2, 3, 3, 3, 2, 2, 1, 1, 1, 1), { 2, 4, 3 }, { 3, 8, 6 } },
      { nn.SpatialMaxPooling(2, 2), { 2, 7, 6 }, { 2, 3, 3 } },
      { nn.SpatialMaxPooling(2, 2):ceil(), { 2, 7, 6 }, { 2, 4, 3 } },
      { nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1), { 2, 7, 6 }, { 2, 4, 3 } },
      { nn.SpatialAdaptiveMaxPooling(4, 2), { 2, 7, 6 }, { 2, 2, 4 } },
      { nn.TemporalMaxPooling(2), { 7, 3 }, { 3, 3 } },
      { nn.TemporalConvolution(3, 5, 3, 2), { 9, 3 }, { 4, 5 } },
      { nn.SpatialZeroPadding(1, 2, 0, -1), { 2, 5, 5 }, { 2, 4, 8 } },
      { nn.LogSoftMax(), { 5 }, { 5 } },
   }
   for _, c in ipairs(cases) do
      local m, insz, outsz = c[1], c[2], c[3]
      local x = torch.randn(table.unpack(insz))
      local y = m:forward(x):clone()
      tester:eq(H.sizes(y), outsz, tostring(m) .. ' single output size')
      local bs = { 2, table.unpack(insz) }
      local xb = torch.Tensor(table.unpack(bs))
      xb[1]:copy(x)
      xb[2]:copy(x)
      local yb = m:forward(xb)
      tester:eq(yb[2], y, 1e-12, tostring(m) .. ' batch agrees with single')
   end
end

function tests.float_modules()
   torch.manualSeed(9)
   local m = nn.Sequential():add(nn.SpatialConvolution(1, 2, 3, 3)):add(nn.SpatialMaxPooling(2, 2))
      :add(nn.SpatialBatchNormalization(2)):add(nn.View(8)):add(nn.LogSoftMax())
   local x = torch.randn(3, 1, 6, 6)
   local yd = m:forward(x):clone()
   m:float()
   local yf = m:forward(x:float())
   tester:eq(torch.type(yf), 'torch.FloatTensor', 'float output')
   tester:eq(yf:double(), yd, 1e-5, 'float agrees with double')
   tester:eq(torch.type(m.modules[2].indices), 'torch.LongTensor', 'indices stay Long')
   m:backward(x:float(), yf:clone():fill(1))
   tester:eq(torch.type(m.modules[1].gradWeight), 'torch.FloatTensor', 'float gradients')
end

function tests.empty_batches()
   for _, m in ipairs({ nn.SpatialConvolution(2, 3, 3, 3), nn.SpatialFullConvolution(2, 3, 3, 3),
                        nn.SpatialMaxPooling(2, 2), nn.SpatialAveragePooling(2, 2),
                        nn.LogSoftMax() }) do
      local x = torch.randn(0, 2, 5, 5)
      local y = m:forward(x)
      tester:eq(y:size(1), 0, tostring(m) .. ' empty batch forward')
      m:zeroGradParameters()
      tester:eq(H.sizes(m:backward(x, y:clone())), { 0, 2, 5, 5 },
                tostring(m) .. ' empty batch backward')
   end
   local c = nn.ClassNLLCriterion()
   tester:eq(c:forward(torch.randn(0, 3), torch.LongTensor(0)), 0, 'NLL of no samples')
end

function tests.non_contiguous_inputs()
   torch.manualSeed(10)
   local m = nn.SpatialConvolution(2, 3, 3, 3)
   local base = torch.randn(2, 6, 7, 2)
   local x = base:select(4, 1)           -- not contiguous
   tester:assert(not x:isContiguous(), 'the input is a strided view')
   tester:eq(m:forward(x), m:forward(x:contiguous()):clone(), 1e-14, 'same result')
end

function tests.errors()
   local c = nn.SpatialConvolution(3, 4, 3, 3)
   tester:eq(errmsg(function() c:forward(torch.randn(2, 5, 5)) end),
             'nn.SpatialConvolution: input has 2 planes, expected nInputPlane = 3 (input of '
             .. 'size 2x5x5)', 'wrong number of planes')
   tester:eq(errmsg(function() c:forward(torch.randn(5, 5)) end),
             'nn.SpatialConvolution: input must be 3D or 4D (got 5x5)', '2-D input')
   tester:eq(errmsg(function() c:forward(torch.randn(3, 2, 2)) end),
             'nn.SpatialConvolution: input 3x2x2 is too small for a 3x3 kernel with padding 0x0 '
             .. 'and dilation 1x1 (output 0x0)', 'too small')
   tester:eq(errmsg(function() c:forward(torch.randn(3, 5, 5):float()) end),
             'nn.SpatialConvolution: weight must be a FloatTensor like the input (got '
             .. 'DoubleTensor)', 'type mismatch')
   tester:eq(errmsg(function() c:forward('x') end),
             'nn.SpatialConvolution: input must be a tensor (got string)', 'not a tensor')
   c:forward(torch.randn(3, 5, 5))
   tester:eq(errmsg(function() c:backward(torch.randn(3, 5, 5), torch.randn(4, 2, 2)) end),
             'nn.SpatialConvolution: gradOutput must be 4x3x3 (got 4x2x2)', 'bad gradOutput')
   tester:eq(errmsg(function() nn.SpatialConvolution(3, 0, 3, 3) end),
             'nn.SpatialConvolution: nOutputPlane must be a positive integer (got 0)',
             'bad constructor argument')
   tester:eq(errmsg(function()
      nn.SpatialMaxPooling(2, 2, 2, 2, 2):forward(torch.randn(1, 4, 4))
   end),
             'nn.SpatialMaxPooling: padding must be between 0 and half the kernel size (got 0x2 '
             .. 'for a 2x2 kernel)', 'pool padding')
   tester:eq(errmsg(function() nn.SpatialMaxPooling(5, 5):forward(torch.randn(1, 4, 4)) end),
             'nn.SpatialMaxPooling: input 1x4x4 is too small for a 5x5 window with padding 0x0 '
             .. '(output 0x0)', 'pool too small')
   tester:eq(errmsg(function() nn.BatchNormalization(3):forward(torch.randn(4, 2)) end),
             'nn.BatchNormalization: got 2-feature tensor, expected 3 (input of size 4x2)',
             'bn features')
   tester:eq(errmsg(function() nn.SpatialBatchNormalization(3):forward(torch.randn(3, 4, 4)) end),
             'nn.SpatialBatchNormalization: only mini-batch supported (4D tensor expected, got '
             .. '3x4x4)', 'bn dims')
   tester:eq(errmsg(function() nn.BatchNormalization(3):forward(torch.randn(1, 3)) end),
             'nn.BatchNormalization: training needs more than one value per channel (input 1x3)',
             'bn single sample')
   tester:eq(errmsg(function() nn.LogSoftMax():forward(torch.randn(2, 2, 2, 2, 2)) end),
             'nn.LogSoftMax: input must be 1D, 2D, 3D or 4D (got a 5D tensor)', 'softmax dims')
   tester:eq(errmsg(function() nn.LookupTable(3, 2):forward(torch.LongTensor({ 1, 4 })) end),
             'nn.LookupTable: index 4 out of range (1 to 3)', 'lookup range')
   tester:eq(errmsg(function() nn.LookupTable(3, 2):forward(torch.Tensor({ 1.5 })) end),
             'nn.LookupTable: indices must be integers', 'lookup fractional')
   tester:eq(errmsg(function() nn.TemporalConvolution(3, 2, 4):forward(torch.randn(3, 3)) end),
             'nn.TemporalConvolution: input has 3 frames, fewer than kW = 4', 'temporal short')
   tester:eq(errmsg(function() nn.SpatialFullConvolution(2, 2, 3, 3, 2, 2, 0, 0, 2, 0) end),
             'nn.SpatialFullConvolution: adjW and adjH must be smaller than dW and dH (got adj '
             .. '2,0 for stride 2,2)', 'full adj')
end

function tests.dropout_and_modes()
   torch.manualSeed(11)
   local d = nn.SpatialDropout(0.5)
   local x = torch.ones(4, 8, 3, 3)
   local y = d:forward(x)
   -- whole planes are kept or dropped
   for n = 1, 4 do
      for c = 1, 8 do
         local p = y[n][c]
         tester:assert(p:min() == p:max(), 'plane dropped or kept as a whole')
      end
   end
   tester:assert(y:sum() > 0 and y:sum() < x:sum(), 'some planes dropped, some kept')
   -- training gradient: gradOutput through the same mask (x is ones, so y is the mask)
   local g = torch.randn(4, 8, 3, 3)
   tester:eq(d:backward(x, g), torch.cmul(g, y), 0, 'gradient through the kept planes')
   d:evaluate()
   tester:eq(d:forward(x), torch.Tensor(4, 8, 3, 3):fill(0.5), 0, 'eval scales by 1 - p')
   -- batch norm: eval uses running statistics
   local bn = nn.BatchNormalization(2)
   bn.weight:fill(1)
   bn:evaluate()
   bn.running_mean:copy(torch.Tensor({ 1, -1 }))
   bn.running_var:copy(torch.Tensor({ 4, 1 }))
   tester:eq(bn:forward(torch.Tensor({ { 3, 0 } })), torch.Tensor({ { 2 / math.sqrt(4 + 1e-5),
                                                                  1 / math.sqrt(1 + 1e-5) } }),
             1e-12, 'eval normalises with running stats (one sample is fine)')
end

function tests.functionals()
   torch.manualSeed(12)
   local x = torch.randn(3, 4):requiresGrad()
   tester:assert(torch.autograd.gradcheck(function(a) return torch.logsoftmax(a) end, { x }),
                 'logsoftmax gradcheck')
   tester:assert(torch.autograd.gradcheck(function(a) return torch.softmax(a, 1) end, { x }),
                 'softmax gradcheck')
   tester:assert(torch.autograd.gradcheck(function(a)
      return torch.crossentropy(a, torch.LongTensor({ 1, 4, 2 }))
   end, { x }), 'crossentropy gradcheck')
   local v = torch.Tensor({ 1, 2, 3 })
   tester:eq(torch.softmax(v, -1), nn.SoftMax():forward(v), 1e-15, 'softmax = nn.SoftMax')
   tester:eq(errmsg(function() torch.logsoftmax(v, 2) end),
             "bad argument #2 to 'torch.logsoftmax' (dimension 2 out of range for a 1D tensor)",
             'bad dim')
   -- a conv net through autograd matches the module protocol's gradient
   local m = nn.Sequential():add(nn.SpatialConvolution(1, 2, 3, 3))
      :add(nn.SpatialMaxPooling(2, 2)):add(nn.View(8)):add(nn.LogSoftMax())
   local xi = torch.randn(2, 1, 6, 6):requiresGrad()
   local t = torch.LongTensor({ 1, 3 })
   torch.crossentropy(m(xi), t):backward()
   local ref = m:backward(xi, nn.CrossEntropyCriterion():backward(m:forward(xi), t))
   tester:eq(xi.grad, ref, 1e-12, 'autograd through nnk modules')
end

function tests.help_entries()
   local doc = require 'nn.doc.nnk'
   local areas = require 'nn.doc.init'
   local listed = false
   for _, a in ipairs(areas) do listed = listed or a == 'nnk' end
   tester:assert(listed, "'nnk' is a help area of nn")
   for _, name in ipairs({ 'SpatialConvolution', 'SpatialConvolutionMM', 'SpatialFullConvolution',
                           'SpatialDilatedConvolution', 'SpatialMaxPooling',
                           'SpatialAveragePooling',
                           'SpatialAdaptiveMaxPooling', 'SpatialAdaptiveAveragePooling',
                           'SpatialBatchNormalization', 'BatchNormalization',
                           'TemporalConvolution', 'TemporalMaxPooling', 'LookupTable',
                           'SpatialDropout', 'SpatialZeroPadding', 'SoftMax', 'SoftMin',
                           'LogSoftMax', 'Criterion', 'MSECriterion', 'ClassNLLCriterion',
                           'CrossEntropyCriterion', 'BCECriterion', 'AbsCriterion',
                           'SmoothL1Criterion', 'DistKLDivCriterion', 'MarginCriterion',
                           'SoftMarginCriterion', 'MultiMarginCriterion',
                           'MultiLabelMarginCriterion', 'MultiLabelSoftMarginCriterion',
                           'MarginRankingCriterion', 'HingeEmbeddingCriterion',
                           'CosineEmbeddingCriterion', 'MultiCriterion', 'ParallelCriterion' }) do
      local e = doc['nn.' .. name]
      tester:assert(e and e.sig:find('nn.' .. name, 1, true) and #e.text > 10,
                    'help for nn.' .. name)
      tester:assert(nn[name] ~= nil, 'nn.' .. name .. ' exists')
   end
   local tdoc = require 'torch.doc.nnk'
   local tlisted = false
   for _, a in ipairs(require 'torch.doc.init') do tlisted = tlisted or a == 'nnk' end
   tester:assert(tlisted, "'nnk' is a help area of torch")
   for _, f in ipairs({ 'softmax', 'logsoftmax', 'crossentropy' }) do
      tester:assert(tdoc['torch.' .. f] ~= nil and torch[f] ~= nil, 'help for torch.' .. f)
   end
end

tester:add(tests)
tester:run()
