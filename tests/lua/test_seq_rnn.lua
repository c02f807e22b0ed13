-- nn.RNN, nn.LSTM, nn.GRU and the single-step cells: outputs and every
-- gradient against PyTorch 1.13 on the same weights (multi-layer,
-- bidirectional, batch-first, padded lengths; scripts/gen_seq_fixtures.py),
-- nn.Jacobian (double precision, < 1e-5) for the input, the initial states
-- and every parameter, the Torch7 protocol (accGradParameters scale,
-- getParameters, autograd), dropout between layers, and the errors.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local jac = nn.Jacobian
local PREC = 1e-5

local function T(v) return torch.Tensor(v) end

local function checkJacobian(m, input, tag, update)
   tester:assertlt(jac.testJacobian(m, input), PREC, tag .. ': input')
   local params, grads = m:parameters()
   for i = 1, #params do
      tester:assertlt(jac.testJacobianParameters(m, input, params[i], grads[i]), PREC,
                      tag .. ': parameter ' .. i)
      if update then
         tester:assertlt(jac.testJacobianUpdateParameters(m, input, params[i]), PREC,
                         tag .. ': update parameter ' .. i)
      end
   end
end

-- load a fixture's weights into module m (PyTorch names)
local function load(m, f)
   for k, v in pairs(f) do
      if type(k) == 'string' and m[k] ~= nil and torch.isTensor(m[k]) and not k:match('^grad') then
         m[k]:copy(T(v))
      end
   end
end

local function against(mod, f, tag)
   load(mod, f)
   mod:zeroGradParameters()
   local lstm = f.c0 ~= nil
   local input = { T(f.x), T(f.h0), lstm and T(f.c0) or nil }
   if f.lengths then input.lengths = T(f.lengths):long() end
   local out = mod:forward(input)
   tester:eq(out[1], T(f.y), 1e-12, tag .. ': y')
   tester:eq(out[2], T(f.hn), 1e-12, tag .. ': hn')
   if lstm then tester:eq(out[3], T(f.cn), 1e-12, tag .. ': cn') end
   local gi = mod:backward(input, { T(f.wy), T(f.wh), lstm and T(f.wc) or nil })
   tester:eq(gi[1], T(f['grad.x']), 1e-12, tag .. ': dx')
   tester:eq(gi[2], T(f['grad.h0']), 1e-12, tag .. ': dh0')
   if lstm then tester:eq(gi[3], T(f['grad.c0']), 1e-12, tag .. ': dc0') end
   local n = 0
   for k, v in pairs(f) do
      local pname = type(k) == 'string' and k:match('^grad%.(.*)$')
      if pname and mod[pname] then
         local g = mod['grad' .. pname:sub(1, 1):upper() .. pname:sub(2)]
         tester:eq(g, T(v), 1e-12, tag .. ': d' .. pname)
         n = n + 1
      end
   end
   tester:eq(n, #mod:parameters(), tag .. ': every parameter compared')
end

function tests.lstm_matches_pytorch_2layer_bidirectional()
   local f = dofile('tests/fixtures/seq/lstm_2l_bidir.lua')
   against(nn.LSTM(3, 2, { numLayers = 2, bidirectional = true, returnState = true }), f,
           'LSTM 2 layers bidir')
end

function tests.lstm_matches_pytorch_lengths_batchfirst()
   local f = dofile('tests/fixtures/seq/lstm_lengths_bf.lua')
   against(nn.LSTM(2, 3, { batchFirst = true, bidirectional = true, returnState = true }), f,
           'LSTM lengths batchFirst bidir')
end

function tests.gru_matches_pytorch_2layer_batchfirst()
   local f = dofile('tests/fixtures/seq/gru_2l_bf.lua')
   against(nn.GRU(3, 3, { numLayers = 2, batchFirst = true, returnState = true }), f,
           'GRU 2 layers batchFirst')
end

function tests.gru_matches_pytorch_lengths_2layer_bidirectional()
   local f = dofile('tests/fixtures/seq/gru_lengths_2l_bidir.lua')
   against(nn.GRU(2, 3, { numLayers = 2, bidirectional = true, returnState = true }), f,
           'GRU lengths 2 layers bidir')
end

function tests.rnn_matches_pytorch()
   local f = dofile('tests/fixtures/seq/rnn_tanh.lua')
   against(nn.RNN(3, 2, { returnState = true }), f, 'RNN tanh')
end

function tests.jacobian_every_configuration()
   torch.manualSeed(3)
   for _, cls in ipairs({ 'LSTM', 'GRU', 'RNN' }) do
      local m = nn[cls](3, 2, { numLayers = 2, bidirectional = true })
      checkJacobian(m, torch.randn(3, 2, 3), cls .. ' 2 layers bidir')
      m = nn[cls](2, 3, { batchFirst = true })
      checkJacobian(m, torch.randn(2, 4, 2), cls .. ' batchFirst', true)
      m = nn[cls](2, 3, { bias = false })
      tester:eq(#m:parameters(), 2, cls .. ' without bias has 2 parameters')
      checkJacobian(m, torch.randn(3, 2), cls .. ' unbatched, no bias')
   end
   -- initial states and final states take part in the gradient
   local m = nn.LSTM(2, 3, { returnState = true, numLayers = 2 })
   checkJacobian(m, { torch.randn(3, 2, 2), torch.randn(2, 2, 3), torch.randn(2, 2, 3) },
                 'LSTM {x, h0, c0} -> {y, hn, cn}')
   m = nn.GRU(2, 3, { returnState = true, bidirectional = true })
   checkJacobian(m, { torch.randn(3, 2, 2), torch.randn(2, 2, 3) }, 'GRU {x, h0} -> {y, hn}')
   local relu = nn.RNN(2, 3, { nonlinearity = 'relu' })
   for _, p in ipairs(relu:parameters()) do p:abs() end
   tester:assertlt(jac.testJacobian(relu, torch.rand(3, 2, 2), 0.1, 1), PREC, 'RNN relu')
end

function tests.jacobian_with_lengths()
   torch.manualSeed(4)
   local m = nn.LSTM(2, 3, { bidirectional = true, batchFirst = true })
   local x = torch.randn(3, 4, 2)
   local input = { x, lengths = torch.LongTensor({ 4, 1, 2 }) }
   checkJacobian(m, input, 'LSTM lengths')
   checkJacobian(nn.GRU(2, 3, { numLayers = 2, bidirectional = true, returnState = true }),
                 { torch.randn(4, 3, 2), torch.randn(4, 3, 3),
                   lengths = torch.LongTensor({ 4, 1, 2 }) },
                 'GRU lengths 2 layers bidir with states')
   local y = m:forward(input)
   tester:eq(y[2]:narrow(1, 2, 3):abs():max(), 0, 'padded steps give 0')
   -- a padded row's result does not depend on its padding
   local x2 = x:clone()
   x2[2]:narrow(1, 2, 3):normal()
   tester:eq(m:forward({ x2, lengths = input.lengths })[2], y[2], 1e-15, 'padding ignored')
end

function tests.protocol()
   torch.manualSeed(5)
   local m = nn.GRU(3, 4, { numLayers = 2 })
   local x, gy = torch.randn(5, 2, 3), torch.randn(5, 2, 4)
   m:zeroGradParameters()
   m:forward(x)
   m:backward(x, gy)
   local _, g1 = m:parameters()
   local ref = {}
   for i, g in ipairs(g1) do ref[i] = g:clone() end
   -- updateGradInput + accGradParameters(scale) equals scale * backward
   m:zeroGradParameters()
   m:forward(x)
   local gx = m:updateGradInput(x, gy):clone()
   m:accGradParameters(x, gy, 0.5)
   for i, g in ipairs(g1) do tester:eq(g, ref[i] * 0.5, 1e-14, 'scaled gradient ' .. i) end
   tester:eq(gx, m:backward(x, gy), 1e-14, 'gradInput the same either way')
   -- getParameters keeps the named weights in the flat storage
   local p, g = m:getParameters()
   tester:eq(p:nElement(), (36 + 48 + 24) + (48 + 48 + 24), 'flat size')
   p:fill(0.01)
   tester:eq(m.weight_hh_l1[1][1], 0.01, 'weights view the flat tensor')
   -- float copies run on float kernels
   local mf = m:clone():float()
   tester:eq(mf:forward(x:float()):type(), 'torch.FloatTensor', 'float module')
   tester:eq(mf:forward(x:float()):double(), m:forward(x), 1e-6, 'float close to double')
   tester:eq(tostring(nn.LSTM(3, 4, { numLayers = 2, bidirectional = true, dropout = 0.5 })),
             'nn.LSTM(3 -> 4, 2 layers, bidirectional, dropout 0.5)', 'tostring')
   tester:eq(tostring(nn.RNN(3, 4, { nonlinearity = 'relu', batchFirst = true })),
             'nn.RNN(3 -> 4, batchFirst, relu)', 'tostring relu')
   -- PyTorch's initialisation bound
   local big = nn.LSTM(5, 16)
   tester:assertle(big.weight_ih_l0:abs():max(), 0.25, 'init bound 1/sqrt(H)')
   tester:assertge(big.weight_ih_l0:abs():max(), 0.2, 'init fills the range')
   -- in a container
   local seq = nn.Sequential():add(nn.LSTM(3, 4)):add(nn.Tanh())
   tester:eq(seq:forward(x):size(3), 4, 'in Sequential')
   tester:eq(seq:backward(x, torch.randn(5, 2, 4)):size(3), 3, 'backward through Sequential')
end

function tests.autograd()
   -- modules become autograd nodes with h/nn's nn/autograd.lua; before that
   -- merge there is nothing to check here
   if not nn._autograd then return end
   torch.manualSeed(6)
   local m = nn.LSTM(3, 4):requiresGrad()
   local x = torch.randn(5, 2, 3):requiresGrad()
   local loss = m(x):pow(2):sum()
   m:zeroGradParameters()
   loss:backward()
   local gy = m.output * 2
   local m2 = m:clone()
   m2:zeroGradParameters()
   m2:forward(x:detach())
   local gx = m2:backward(x:detach(), gy)
   tester:eq(x.grad, gx, 1e-12, 'autograd input gradient')
   tester:eq(m.gradWeight_hh_l0, m2.gradWeight_hh_l0, 1e-12, 'autograd parameter gradient')
end

function tests.dropout_between_layers()
   torch.manualSeed(7)
   local m = nn.LSTM(3, 4, { numLayers = 2, dropout = 0.5 })
   local x = torch.randn(5, 2, 3)
   local a = m:forward(x):clone()
   local b = m:forward(x):clone()
   tester:assertgt((a - b):abs():max(), 1e-6, 'training draws new masks')
   m:evaluate()
   local c = m:forward(x):clone()
   tester:eq(m:forward(x), c, 0, 'evaluation is deterministic')
   -- the gradient uses the mask of the forward
   m:training()
   torch.manualSeed(8)
   local y = m:forward(x):clone()
   local gy = torch.randn(5, 2, 4)
   local gx = m:backward(x, gy):clone()
   local eps = 1e-6
   local xp = x:clone(); xp[1][1][1] = xp[1][1][1] + eps
   local xm = x:clone(); xm[1][1][1] = xm[1][1][1] - eps
   torch.manualSeed(8); local yp = m:forward(xp):clone()
   torch.manualSeed(8); local ym = m:forward(xm):clone()
   tester:eq((yp - ym):cmul(gy):sum() / (2 * eps), gx[1][1][1], 1e-6, 'masked gradient')
end

function tests.errors()
   local m = nn.LSTM(3, 4)
   tester:eq(errmsg(function() m:forward(torch.randn(5, 2, 6)) end),
             'nn.LSTM: input has 6 features, expected 3 (input of size 5x2x6)')
   tester:eq(errmsg(function() m:forward(torch.randn(5)) end),
             'nn.LSTM: input must be 3D (TxBxI) or 2D (TxI) (got size 5)')
   tester:eq(errmsg(function() m:forward({ torch.randn(5, 2, 3), torch.randn(1, 3, 4) }) end),
             'nn.LSTM: h0 has size 1x3x4, expected 1x2x4')
   tester:eq(errmsg(function() m:forward({ torch.randn(5, 2, 3), nil, torch.randn(2, 4) }) end),
             'nn.LSTM: c0 has size 2x4, expected 1x2x4')
   tester:eq(errmsg(function() m:forward(torch.randn(5, 2, 3):float()) end),
             'nn.LSTM: input is a torch.FloatTensor but the weights are torch.DoubleTensor '
             .. '(convert one with :type())')
   tester:eq(errmsg(function() m:forward('x') end),
             'nn.LSTM: input must be a tensor or a table {x, h0, c0} (got string)')
   tester:eq(errmsg(function()
      m:forward({ torch.randn(5, 2, 3), lengths = torch.LongTensor({ 6, 1 }) })
   end), 'nn.LSTM: lengths must lie in 0..5 (the sequence length), got 1..6')
   tester:eq(errmsg(function()
      m:forward({ torch.randn(5, 2, 3), lengths = torch.Tensor({ 1, 1 }) })
   end), 'nn.LSTM: lengths must be a LongTensor of size 2 (the batch), got torch.DoubleTensor '
         .. 'of size 2')
   tester:eq(errmsg(function() m:forward(torch.randn(0, 2, 3)) end),
             'nn.LSTM: empty input (size 0x2x3)')
   m:forward(torch.randn(5, 2, 3))
   tester:eq(errmsg(function() m:backward(torch.randn(5, 2, 3), torch.randn(5, 2, 3)) end),
             'nn.LSTM: gradOutput has size 5x2x3, expected 5x2x4 (the output)')
   local g = nn.GRU(3, 4, { batchFirst = true })
   tester:eq(errmsg(function() g:forward(torch.randn(5, 2)) end),
             'nn.GRU: input has 2 features, expected 3 (input of size 5x2)')
   tester:eq(errmsg(function() g:forward({ torch.randn(2, 5, 3), torch.randn(1, 2, 4), 1 }) end),
             'nn.GRU: input table has 3 entries, expected at most 2 ({x, h0})')
   tester:eq(errmsg(function() nn.LSTM(3, 0) end),
             'nn.LSTM: hiddenSize must be a positive integer (got 0)')
   tester:eq(errmsg(function() nn.GRU(3, 4, { layers = 2 }) end),
             "nn.GRU: unknown option 'layers' (numLayers, batchFirst, dropout, bidirectional, "
             .. 'bias, returnState)')
   tester:eq(errmsg(function() nn.LSTM(3, 4, { dropout = 1 }) end),
             'nn.LSTM: dropout must be a number in [0, 1) (got 1)')
   tester:eq(errmsg(function() nn.RNN(3, 4, { nonlinearity = 'sigmoid' }) end),
             "nn.RNN: nonlinearity must be 'tanh' or 'relu' (got sigmoid)")
end

function tests.cells_step_like_the_sequence_modules()
   torch.manualSeed(9)
   for _, cls in ipairs({ 'LSTM', 'GRU', 'RNN' }) do
      local seq = nn[cls](3, 4)
      local cell = nn[cls .. 'Cell'](3, 4)
      for _, n in ipairs({ 'weight_ih', 'weight_hh', 'bias_ih', 'bias_hh' }) do
         cell[n]:copy(seq[n .. '_l0'])
      end
      local x = torch.randn(5, 2, 3)
      local y = seq:forward(x)
      local h, c = torch.zeros(2, 4), torch.zeros(2, 4)
      for t = 1, 5 do
         local out = cell:forward(cls == 'LSTM' and { x[t], h, c } or { x[t], h })
         if cls == 'LSTM' then h, c = out[1]:clone(), out[2]:clone() else h = out:clone() end
         tester:eq(h, y[t], 1e-14, cls .. 'Cell step ' .. t)
      end
      -- Jacobian: batch and single sample, with and without states
      checkJacobian(cell, torch.randn(2, 3), cls .. 'Cell x only', true)
      local inp = { torch.randn(2, 3), torch.randn(2, 4) }
      if cls == 'LSTM' then inp[3] = torch.randn(2, 4) end
      checkJacobian(cell, inp, cls .. 'Cell with states')
      local one = { torch.randn(3), torch.randn(4) }
      if cls == 'LSTM' then one[3] = torch.randn(4) end
      checkJacobian(cell, one, cls .. 'Cell single sample')
   end
   tester:eq(tostring(nn.GRUCell(3, 4)), 'nn.GRUCell(3 -> 4)', 'tostring')
   tester:eq(tostring(nn.RNNCell(3, 4, false, 'relu')), 'nn.RNNCell(3 -> 4, relu, without bias)',
             'tostring relu')
   local c = nn.LSTMCell(3, 4)
   tester:eq(errmsg(function() c:forward(torch.randn(2, 5)) end),
             'nn.LSTMCell: x must be a tensor of size BxI or I with I = 3 (got 2x5)')
   tester:eq(errmsg(function() c:forward({ torch.randn(2, 3), torch.randn(3, 4) }) end),
             'nn.LSTMCell: h has size 3x4, expected 2x4')
   c:forward(torch.randn(2, 3))
   tester:eq(errmsg(function() c:backward(torch.randn(2, 3), torch.randn(2, 4)) end),
             'nn.LSTMCell: gradOutput must be a table {dh, dc} (got torch.DoubleTensor)')
end

tester:add(tests)
tester:run()
