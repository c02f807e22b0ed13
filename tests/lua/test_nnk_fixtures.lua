-- nnk modules against PyTorch 1.13 (float64) references made by
-- scripts/gen_nnk_fixtures.py: forward outputs, input gradients and
-- parameter gradients of SpatialConvolution, SpatialDilatedConvolution,
-- SpatialFullConvolution, max/average/adaptive pooling, LogSoftMax +
-- ClassNLLCriterion, CrossEntropyCriterion, (Spatial)BatchNormalization
-- (training and evaluation, running statistics included),
-- TemporalConvolution, SoftMax/LogSoftMax/SoftMin on 1-4D inputs, and the
-- loss and gradient of every criterion with a PyTorch counterpart.  Tolerance
-- 1e-10 (double; the references are float64, differences are summation
-- order), and 1e-4 for the float runs of the same cases.
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL, FTOL = 1e-10, 1e-4

local function load(name)
   return dofile('tests/fixtures/nnk/' .. name .. '.lua')
end

local function T(f)
   return torch.Tensor(f.data):view(torch.LongStorage(f.size))
end

local function convModule(c, kind)
   local a = c.args
   if kind == 'full' then
      return nn.SpatialFullConvolution(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10])
   end
   if a[9] ~= 1 or a[10] ~= 1 then
      return nn.SpatialDilatedConvolution(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9],
                                          a[10])
   end
   return nn.SpatialConvolution(a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8])
end

local function checkConv(name, kind)
   for i, c in ipairs(load(name)) do
      for _, ty in ipairs({ 'torch.DoubleTensor', 'torch.FloatTensor' }) do
         local tol = ty == 'torch.DoubleTensor' and TOL or FTOL
         local tag = string.format('%s case %d %s', name, i, ty)
         local m = convModule(c, kind):type(ty)
         m.weight:copy(T(c.weight))
         m.bias:copy(T(c.bias))
         local x, g = T(c.input):type(ty), T(c.gradOutput):type(ty)
         tester:eq(m:forward(x), T(c.output):type(ty), tol, tag .. ' output')
         m:zeroGradParameters()
         tester:eq(m:backward(x, g), T(c.gradInput):type(ty), tol, tag .. ' gradInput')
         tester:eq(m.gradWeight, T(c.gradWeight):type(ty), tol, tag .. ' gradWeight')
         tester:eq(m.gradBias, T(c.gradBias):type(ty), tol, tag .. ' gradBias')
      end
   end
end

function tests.convolution() checkConv('conv') end
function tests.full_convolution() checkConv('fullconv', 'full') end

function tests.pooling()
   for i, c in ipairs(load('pool')) do
      local a, m = c.args, nil
      if c.kind == 'max' then
         m = nn.SpatialMaxPooling(a[1], a[2], a[3], a[4], a[5], a[6])
      elseif c.kind == 'avg' then
         m = nn.SpatialAveragePooling(a[1], a[2], a[3], a[4], a[5], a[6])
         if not c.count_include_pad then m:setCountExcludePad() end
      elseif c.kind == 'amax' then
         m = nn.SpatialAdaptiveMaxPooling(a[1], a[2])
      else
         m = nn.SpatialAdaptiveAveragePooling(a[1], a[2])
      end
      if c.ceil then m:ceil() end
      local tag = string.format('pool case %d (%s)', i, c.kind)
      local x = T(c.input)
      tester:eq(m:forward(x), T(c.output), TOL, tag .. ' output')
      tester:eq(m:backward(x, T(c.gradOutput)), T(c.gradInput), TOL, tag .. ' gradInput')
   end
end

function tests.logsoftmax_nll_crossentropy()
   for i, c in ipairs(load('classnll')) do
      local tag = 'classnll case ' .. i
      local w = c.weights and T(c.weights) or nil
      local x, t = T(c.input), T(c.target)
      local lsm = nn.LogSoftMax()
      local nll = nn.ClassNLLCriterion(w, c.sizeAverage)
      local lp = lsm:forward(x)
      tester:eq(lp, T(c.logsoftmax), TOL, tag .. ' log-softmax')
      tester:eq(nll:forward(lp, t), c.loss, TOL, tag .. ' NLL loss')
      local glp = nll:backward(lp, t)
      tester:eq(glp, T(c.gradLogSoftmax), TOL, tag .. ' NLL gradient')
      tester:eq(lsm:backward(x, glp), T(c.gradCrossEntropy), TOL, tag .. ' through LogSoftMax')
      local ce = nn.CrossEntropyCriterion(w, c.sizeAverage)
      tester:eq(ce:forward(x, t:long()), c.loss, TOL, tag .. ' cross-entropy loss')
      tester:eq(ce:backward(x, t:long()), T(c.gradCrossEntropy), TOL, tag .. ' CE gradient')
   end
end

function tests.batch_normalization()
   for i, c in ipairs(load('batchnorm')) do
      local x = T(c.input)
      local C = x:size(2)
      local m = x:dim() == 2 and nn.BatchNormalization(C) or nn.SpatialBatchNormalization(C)
      m.weight:copy(T(c.weight))
      m.bias:copy(T(c.bias))
      m.running_mean:copy(T(c.running_mean0))
      m.running_var:copy(T(c.running_var0))
      local tag = 'batchnorm case ' .. i
      tester:eq(m:forward(x), T(c.output), TOL, tag .. ' train output')
      tester:eq(m.running_mean, T(c.running_mean), TOL, tag .. ' running mean')
      tester:eq(m.running_var, T(c.running_var), TOL, tag .. ' running var')
      m:zeroGradParameters()
      tester:eq(m:backward(x, T(c.gradOutput)), T(c.gradInput), TOL, tag .. ' train gradInput')
      tester:eq(m.gradWeight, T(c.gradWeight), TOL, tag .. ' train gradWeight')
      tester:eq(m.gradBias, T(c.gradBias), TOL, tag .. ' train gradBias')
      m:evaluate()
      tester:eq(m:forward(x), T(c.evalOutput), TOL, tag .. ' eval output')
      m:zeroGradParameters()
      tester:eq(m:backward(x, T(c.evalGradOutput)), T(c.evalGradInput), TOL,
                tag .. ' eval gradInput')
      tester:eq(m.gradWeight, T(c.evalGradWeight), TOL, tag .. ' eval gradWeight')
      tester:eq(m.gradBias, T(c.evalGradBias), TOL, tag .. ' eval gradBias')
   end
end

-- a fixture value: tensors as { size, data }, tables of them, numbers
local function V(f)
   if type(f) == 'table' and f.size then return T(f) end
   if type(f) == 'table' then
      local t = {}
      for i, v in ipairs(f) do t[i] = V(v) end
      return t
   end
   return f
end

function tests.criteria()
   for i, c in ipairs(load('criteria')) do
      local crit = nn[c.name](table.unpack(V(c.args)))
      local tag = string.format('criteria case %d (%s)', i, c.name)
      local x, t = V(c.input), V(c.target)
      tester:eq(crit:forward(x, t), c.loss, 1e-9, tag .. ' loss')
      tester:eq(crit:backward(x, t), V(c.gradInput), 1e-9, tag .. ' gradInput')
   end
end

function tests.temporal_convolution()
   for i, c in ipairs(load('temporalconv')) do
      local a = c.args
      local m = nn.TemporalConvolution(a[1], a[2], a[3], a[4])
      m.weight:copy(T(c.weight))
      m.bias:copy(T(c.bias))
      local tag = 'temporal conv case ' .. i
      local x = T(c.input)
      tester:eq(m:forward(x), T(c.output), TOL, tag .. ' output')
      m:zeroGradParameters()
      tester:eq(m:backward(x, T(c.gradOutput)), T(c.gradInput), TOL, tag .. ' gradInput')
      tester:eq(m.gradWeight, T(c.gradWeight), TOL, tag .. ' gradWeight')
      tester:eq(m.gradBias, T(c.gradBias), TOL, tag .. ' gradBias')
   end
end

function tests.softmax_family()
   for i, c in ipairs(load('softmax')) do
      local m = nn[c.kind]()
      local x = T(c.input)
      local tag = string.format('softmax case %d (%s, %dD)', i, c.kind, x:dim())
      tester:eq(m:forward(x), T(c.output), TOL, tag .. ' output')
      tester:eq(m:backward(x, T(c.gradOutput)), T(c.gradInput), TOL, tag .. ' gradInput')
   end
end

tester:add(tests)
tester:run()
