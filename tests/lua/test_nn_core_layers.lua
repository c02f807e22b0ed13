-- nn transfer functions and simple layers: values (hand-computed or from
-- the defining formula with torch ops), gradients by nn.Jacobian (central
-- differences, double precision, max error < 1e-5) for the input and every
-- parameter, Torch7's printing, and the errors for bad input.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local jac = nn.Jacobian
local PREC = 1e-5

local function checkJacobian(m, input, tag, minval, maxval)
   tester:assertlt(jac.testJacobian(m, input, minval, maxval), PREC, tag .. ': input')
   local params, grads = m:parameters()
   for i = 1, #(params or {}) do
      tester:assertlt(jac.testJacobianParameters(m, input, params[i], grads[i], minval, maxval),
                      PREC, tag .. ': parameter ' .. i)
      tester:assertlt(jac.testJacobianUpdateParameters(m, input, params[i], minval, maxval),
                      PREC, tag .. ': update parameter ' .. i)
   end
end

-- inputs kept away from the kinks of piecewise functions (at +-0.5, 0, 1, 6
-- and the thresholds used below) so central differences are two-sided
local function awayFromKinks(t, kinks)
   t:apply(function(v)
      for _, k in ipairs(kinks) do
         if math.abs(v - k) < 1e-3 then return v + 0.01 end
      end
      return v
   end)
   return t
end

local function jacobianPiecewise(m, kinks, tag, lo, hi)
   local x = torch.Tensor(4, 5):uniform(lo or -3, hi or 3)
   awayFromKinks(x, kinks)
   local err = (jac.forward(m, x) - jac.backward(m, x)):abs():max()
   tester:assertlt(err, PREC, tag)
end

function tests.transfer_values()
   local x = torch.Tensor({ -7, -1, -0.25, 0.25, 1, 7 })
   local function eq(m, expected, tag, tol)
      tester:eq(m:forward(x), torch.Tensor(expected), tol or 1e-14, tag)
   end
   eq(nn.HardTanh(), { -1, -1, -0.25, 0.25, 1, 1 }, 'HardTanh')
   eq(nn.HardTanh(-0.5, 2), { -0.5, -0.5, -0.25, 0.25, 1, 2 }, 'HardTanh(-0.5, 2)')
   eq(nn.ReLU6(), { 0, 0, 0, 0.25, 1, 6 }, 'ReLU6')
   eq(nn.Clamp(-2, 0.5), { -2, -1, -0.25, 0.25, 0.5, 0.5 }, 'Clamp')
   eq(nn.LeakyReLU(), { -0.07, -0.01, -0.0025, 0.25, 1, 7 }, 'LeakyReLU')
   eq(nn.LeakyReLU(0.5), { -3.5, -0.5, -0.125, 0.25, 1, 7 }, 'LeakyReLU(0.5)')
   eq(nn.PReLU(), { -1.75, -0.25, -0.0625, 0.25, 1, 7 }, 'PReLU starts at 0.25')
   eq(nn.HardShrink(), { -7, -1, 0, 0, 1, 7 }, 'HardShrink')
   eq(nn.SoftShrink(), { -6.5, -0.5, 0, 0, 0.5, 6.5 }, 'SoftShrink')
   eq(nn.Abs(), { 7, 1, 0.25, 0.25, 1, 7 }, 'Abs')
   eq(nn.Square(), { 49, 1, 0.0625, 0.0625, 1, 49 }, 'Square')
   eq(nn.Power(3), { -343, -1, -0.015625, 0.015625, 1, 343 }, 'Power(3)')
   local e = torch.exp(x)
   tester:eq(nn.Exp():forward(x), e, 1e-14, 'Exp')
   tester:eq(nn.ELU():forward(x), torch.Tensor({ e[1] - 1, e[2] - 1, e[3] - 1, 0.25, 1, 7 }),
             1e-15, 'ELU')
   tester:eq(nn.ELU(2):forward(x)[1], 2 * (e[1] - 1), 1e-15, 'ELU(2)')
   tester:eq(nn.LogSigmoid():forward(x), torch.log(torch.sigmoid(x)), 1e-14, 'LogSigmoid')
   tester:eq(nn.SoftPlus():forward(x), torch.exp(x):add(1):log(), 1e-14, 'SoftPlus')
   tester:eq(nn.SoftPlus(2):forward(x), torch.mul(x, 2):exp():add(1):log():div(2), 1e-14,
             'SoftPlus(2)')
   tester:eq(nn.SoftSign():forward(x), torch.cdiv(x, torch.abs(x):add(1)), 1e-15, 'SoftSign')
   tester:eq(nn.TanhShrink():forward(x), x - torch.tanh(x), 1e-15, 'TanhShrink')
   local pos = torch.Tensor({ 0.25, 1, 4 })
   tester:eq(nn.Log():forward(pos), torch.log(pos), 1e-15, 'Log')
   tester:eq(nn.Sqrt():forward(pos), torch.Tensor({ 0.5, 1, 2 }), 1e-15, 'Sqrt')
   -- extremes stay finite
   local big = torch.Tensor({ -800, 800 })
   tester:eq(nn.LogSigmoid():forward(big), torch.Tensor({ -800, 0 }), 1e-12, 'LogSigmoid extremes')
   tester:eq(nn.SoftPlus():forward(big), torch.Tensor({ 0, 800 }), 1e-12, 'SoftPlus extremes')
   local zero = nn.Sqrt()
   zero:forward(torch.zeros(2))
   tester:eq(zero:backward(torch.zeros(2), torch.ones(2)), torch.zeros(2), 0, 'Sqrt at 0')
end

function tests.transfer_jacobians()
   for _, c in ipairs({
      { nn.HardTanh(), { -1, 1 } }, { nn.ReLU6(), { 0, 6 } }, { nn.Clamp(-0.5, 2), { -0.5, 2 } },
      { nn.LeakyReLU(), { 0 } }, { nn.LeakyReLU(0.3), { 0 } }, { nn.HardShrink(), { -0.5, 0.5 } },
      { nn.SoftShrink(0.7), { -0.7, 0.7 } }, { nn.Abs(), { 0 } }, { nn.ELU(1.5), { 0 } },
      { nn.Threshold(0.3, -2), { 0.3 } },
   }) do
      jacobianPiecewise(c[1], c[2], torch.type(c[1]))
   end
   for _, m in ipairs({ nn.LogSigmoid(), nn.SoftPlus(), nn.SoftPlus(3, 4), nn.SoftSign(),
                        nn.Exp(), nn.Square(), nn.Power(3), nn.TanhShrink(), nn.Tanh(),
                        nn.Sigmoid() }) do
      checkJacobian(m, torch.Tensor(3, 4), torch.type(m))
   end
   checkJacobian(nn.Log(), torch.Tensor(3, 4), 'Log', 0.5, 3)
   checkJacobian(nn.Sqrt(), torch.Tensor(3, 4), 'Sqrt', 0.5, 3)
   checkJacobian(nn.Power(0.5), torch.Tensor(5), 'Power(0.5)', 0.5, 3)
   -- PReLU: input and weight, shared and per channel, batch and not
   local function prelu(m, x, tag)
      awayFromKinks(x:uniform(-2, 2), { 0 })
      tester:assertlt((jac.forward(m, x) - jac.backward(m, x)):abs():max(), PREC, tag .. ' input')
      tester:assertlt((jac.forward(m, x, m.weight) - jac.backward(m, x, m.weight, m.gradWeight))
                      :abs():max(), PREC, tag .. ' weight')
   end
   prelu(nn.PReLU(), torch.Tensor(3, 4), 'PReLU')
   prelu(nn.PReLU(3), torch.Tensor(3), 'PReLU(3) vector')
   prelu(nn.PReLU(3), torch.Tensor(2, 3), 'PReLU(3) batch')
   prelu(nn.PReLU(3), torch.Tensor(3, 2, 2), 'PReLU(3) CxHxW')
   prelu(nn.PReLU(3), torch.Tensor(2, 3, 2, 2), 'PReLU(3) NxCxHxW')
   tester:eq(errmsg(function() nn.PReLU(3):forward(torch.randn(2, 4)) end),
             'nn.PReLU: input of size 2x4 does not have 3 channels in dimension 2')
end

function tests.rrelu_and_dropout()
   torch.manualSeed(7)
   local r = nn.RReLU()
   local x = torch.Tensor({ -2, -1, 1, 2 }):repeatTensor(50)
   local y = r:forward(x)
   local slopes = torch.cdiv(y, x)
   for i = 1, x:nElement() do
      if x[i] > 0 then
         tester:eq(slopes[i], 1, 'positive unchanged')
      else
         tester:assert(slopes[i] >= 1 / 8 and slopes[i] <= 1 / 3, 'slope in [l, u]')
      end
   end
   tester:eq(r:backward(x, torch.ones(x:nElement())), r.noise, 0, 'gradient is the slope')
   r:evaluate()
   tester:eq(r:forward(torch.Tensor({ -1, 1 })), torch.Tensor({ -(1 / 8 + 1 / 3) / 2, 1 }),
             1e-15, 'evaluation slope')
   checkJacobian(r, torch.Tensor(3, 3), 'RReLU evaluate')
   tester:eq(tostring(nn.RReLU()), 'nn.RReLU (l:0.125000, u:0.333333)')

   local d = nn.Dropout(0.25)
   local ones = torch.ones(4000)
   local out = d:forward(ones)
   local kept = torch.ne(out, 0):sum()
   tester:assert(math.abs(kept / 4000 - 0.75) < 0.04, 'keeps about 1-p: ' .. kept / 4000)
   tester:eq(out:max(), 1 / 0.75, 1e-15, 'survivors scaled by 1/(1-p)')
   tester:eq(d:backward(ones, ones), out, 0, 'gradient uses the same mask')
   d:evaluate()
   tester:eq(d:forward(ones), ones, 0, 'identity at evaluation')
   local v1 = nn.Dropout(0.25, true)
   v1:evaluate()
   tester:eq(v1:forward(ones), ones * 0.75, 1e-15, 'v1 scales at evaluation')
   -- the mask comes from the torch generator: same seed, same mask
   torch.manualSeed(3)
   local a = nn.Dropout():forward(torch.ones(50)):clone()
   torch.manualSeed(3)
   tester:eq(nn.Dropout():forward(torch.ones(50)), a, 0, 'seeded')
   tester:eq(tostring(nn.Dropout(0.3)), 'nn.Dropout(0.300000)')
   tester:eq(errmsg(function() nn.Dropout(1) end),
             'nn.Dropout: illegal percentage 1, must be 0 <= p < 1')
end

function tests.parameter_layers()
   checkJacobian(nn.CMul(5), torch.Tensor(5), 'CMul')
   checkJacobian(nn.CMul(2, 3), torch.Tensor(4, 2, 3), 'CMul batch')
   checkJacobian(nn.CAdd(5), torch.Tensor(3, 5), 'CAdd batch')
   checkJacobian(nn.Mul(), torch.Tensor(3, 4), 'Mul')
   checkJacobian(nn.Add(4), torch.Tensor(4), 'Add')
   checkJacobian(nn.Add(4), torch.Tensor(3, 4), 'Add batch')
   checkJacobian(nn.Add(4, true), torch.Tensor(3, 4), 'Add scalar')
   checkJacobian(nn.Euclidean(4, 3), torch.Tensor(4), 'Euclidean')
   checkJacobian(nn.Euclidean(4, 3), torch.Tensor(2, 4), 'Euclidean batch')
   checkJacobian(nn.Cosine(4, 3), torch.Tensor(4), 'Cosine')
   checkJacobian(nn.Cosine(4, 3), torch.Tensor(2, 4), 'Cosine batch')
   checkJacobian(nn.Bilinear(3, 2, 4), { torch.Tensor(5, 3), torch.Tensor(5, 2) }, 'Bilinear')
   checkJacobian(nn.Bilinear(3, 2, 4, false), { torch.Tensor(5, 3), torch.Tensor(5, 2) },
                 'Bilinear without bias')
   -- values
   local c = nn.CMul(3)
   c.weight:copy(torch.Tensor({ 1, 2, 3 }))
   tester:eq(c:forward(torch.Tensor({ { 1, 1, 1 }, { 2, 2, 2 } })),
             torch.Tensor({ { 1, 2, 3 }, { 2, 4, 6 } }), 0, 'CMul batch broadcast')
   local e = nn.Euclidean(2, 2)
   e.weight:copy(torch.Tensor({ { 0, 3 }, { 0, 4 } }))
   tester:eq(e:forward(torch.Tensor({ 0, 0 })), torch.Tensor({ 0, 5 }), 1e-15, 'Euclidean')
   tester:eq(e:backward(torch.Tensor({ 0, 0 }), torch.ones(2)), torch.Tensor({ -0.6, -0.8 }),
             1e-15, 'Euclidean gradient, 0 at distance 0')
   local co = nn.Cosine(2, 2)
   co.weight:copy(torch.Tensor({ { 1, 0 }, { 1, 1 } }))
   tester:eq(co:forward(torch.Tensor({ 2, 0 })), torch.Tensor({ 1, 1 / math.sqrt(2) }), 1e-10,
             'Cosine')
   local b = nn.Bilinear(2, 2, 1)
   b.weight:copy(torch.Tensor({ { { 1, 2 }, { 3, 4 } } }))
   b.bias:fill(0.5)
   tester:eq(b:forward({ torch.Tensor({ { 1, 2 } }), torch.Tensor({ { 3, -1 } }) }),
             torch.Tensor({ { 1 * (3 - 2) + 2 * (9 - 4) + 0.5 } }), 1e-14, 'Bilinear value')
   tester:eq(tostring(nn.Bilinear(3, 2, 4)), 'nn.Bilinear(3x2 -> 4) ')
   tester:eq(tostring(nn.CMul(2, 3)), 'nn.CMul(2x3)')
   tester:eq(errmsg(function() nn.CMul(3):forward(torch.randn(2, 2)) end),
             'nn.CMul: input of size 2x2 does not match the parameter of size 3 (nor a batch of it)')
   tester:eq(errmsg(function() nn.Bilinear(3, 2, 4):forward({ torch.randn(5, 3), torch.randn(4, 2) }) end),
             'nn.Bilinear: inputs have 5 and 4 rows')
   tester:eq(errmsg(function() nn.Euclidean(3, 2):forward(torch.randn(2)) end),
             'nn.Euclidean: input of size 2, expected 3 features')
   -- Torch7 initialisation ranges: Mul in +-1, CMul in +-1/sqrt(n)
   local m = nn.CMul(100)
   tester:assert(m.weight:abs():max() <= 0.1, 'CMul reset range')
end

function tests.constant_and_gradient_layers()
   local x = torch.Tensor({ 1, -2, 3 })
   tester:eq(nn.MulConstant(2.5):forward(x), x * 2.5, 0, 'MulConstant')
   tester:eq(nn.AddConstant(-1):forward(x), x - 1, 0, 'AddConstant')
   checkJacobian(nn.MulConstant(-1.5), torch.Tensor(3, 2), 'MulConstant')
   checkJacobian(nn.AddConstant(4), torch.Tensor(3, 2), 'AddConstant')
   -- in place gives the caller its input back after backward
   local xi = x:clone()
   local mc = nn.MulConstant(2, true)
   mc:forward(xi)
   tester:eq(xi, x * 2, 0, 'in place forward')
   mc:backward(xi, torch.ones(3))
   tester:eq(xi, x, 0, 'input restored')
   local gr = nn.GradientReversal(0.5)
   tester:eq(gr:forward(x), x, 0)
   tester:eq(gr:backward(x, torch.ones(3)), torch.Tensor(3):fill(-0.5), 0, 'reversed')
   local l1 = nn.L1Penalty(0.1)
   tester:eq(l1:forward(x), x, 0)
   tester:eq(l1.loss, 0.6, 1e-15, 'loss')
   tester:eq(l1:backward(x, torch.ones(3)), torch.Tensor({ 1.1, 0.9, 1.1 }), 1e-15, 'L1 grad')
   local l1avg = nn.L1Penalty(0.3, true, false)
   l1avg:forward(x)
   tester:eq(l1avg.loss, 0.6, 1e-15, 'size-averaged loss')
   tester:eq(l1avg:backward(x, torch.ones(3)), torch.Tensor({ 0.1, -0.1, 0.1 }), 1e-15,
             'without output gradient')
end

function tests.shape_layers()
   local x = torch.randn(2, 3, 4)
   tester:eq(H.sizes(nn.Reshape(12):forward(torch.randn(3, 4))), { 12 })
   tester:eq(H.sizes(nn.Reshape(3, 4):forward(x)), { 2, 3, 4 }, 'batch kept')
   tester:eq(H.sizes(nn.Reshape(12):forward(x)), { 2, 12 }, 'batch reshape')
   tester:eq(H.sizes(nn.Reshape(2, 12, false):forward(x)), { 2, 12 }, 'batch mode off')
   tester:eq(tostring(nn.Reshape(3, 4)), 'nn.Reshape(3x4)')
   tester:eq(errmsg(function() nn.Reshape(5):forward(torch.randn(2, 3)) end),
             'nn.Reshape: input of size 2x3 cannot be reshaped to a batch of 5')
   checkJacobian(nn.Reshape(4, 3), torch.Tensor(2, 3, 4), 'Reshape')
   local nc = torch.randn(3, 2):t()
   local rs = nn.Reshape(6)
   tester:eq(rs:forward(nc), nc:contiguous():view(6), 0, 'Reshape non-contiguous')
   tester:eq(rs:backward(nc, torch.range(1, 6)), torch.range(1, 6):view(2, 3), 0,
             'Reshape non-contiguous gradient')

   tester:eq(H.sizes(nn.View(4, 6):forward(x)), { 4, 6 })
   tester:eq(H.sizes(nn.View(-1, 4):forward(x)), { 6, 4 }, 'inferred')
   tester:eq(H.sizes(nn.View(12):forward(x)), { 2, 12 }, 'batch by element count')
   tester:eq(H.sizes(nn.View(12):setNumInputDims(2):forward(x)), { 2, 12 }, 'numInputDims')
   tester:eq(H.sizes(nn.View(4):setNumInputDims(1):forward(x)), { 6, 4 }, 'batch of batches')
   tester:eq(tostring(nn.View(2, -1)), 'nn.View(2, -1)')
   tester:eq(errmsg(function() nn.View(5):forward(x) end),
             'nn.View: input of size 2x3x4 cannot be viewed as 5')
   checkJacobian(nn.View(12), torch.Tensor(3, 4), 'View')

   local sel = nn.Select(2, -1)
   tester:eq(sel:forward(x), x:select(2, 3), 0, 'Select negative index')
   checkJacobian(nn.Select(1, 2), torch.Tensor(3, 4), 'Select')
   tester:eq(errmsg(function() nn.Select(2, 5):forward(x) end),
             'nn.Select: index 5 out of range (dimension 2 has size 3)')
   local nar = nn.Narrow(3, 2, 2)
   tester:eq(nar:forward(x), x:narrow(3, 2, 2), 0, 'Narrow')
   tester:eq(nn.Narrow(3, -2, 2):forward(x), x:narrow(3, 3, 2), 0, 'Narrow negative offset')
   tester:eq(nn.Narrow(3, 2, -1):forward(x), x:narrow(3, 2, 3), 0, 'Narrow negative length')
   checkJacobian(nn.Narrow(2, 2, 2), torch.Tensor(3, 4), 'Narrow')
   tester:eq(errmsg(function() nn.Narrow(3, 3, 5):forward(x) end),
             'nn.Narrow: elements 3..7 out of range (dimension 3 has size 4)')

   local tr = nn.Transpose({ 1, 2 }, { 2, 3 })
   tester:eq(tr:forward(x), x:transpose(1, 2):transpose(2, 3), 0, 'Transpose')
   checkJacobian(tr, torch.Tensor(2, 3, 4), 'Transpose')
   checkJacobian(nn.Squeeze(), torch.Tensor(2, 1, 3), 'Squeeze')
   tester:eq(H.sizes(nn.Squeeze(2):forward(torch.randn(1, 1, 3))), { 1, 3 }, 'Squeeze(2)')
   tester:eq(H.sizes(nn.Squeeze(1, 2):forward(torch.randn(4, 1, 3))), { 4, 3 }, 'Squeeze batch')
   tester:eq(H.sizes(nn.Unsqueeze(2):forward(torch.randn(4, 3))), { 4, 1, 3 }, 'Unsqueeze')
   tester:eq(H.sizes(nn.Unsqueeze(1, 1):forward(torch.randn(4, 3))), { 4, 1, 3 },
             'Unsqueeze batch')
   checkJacobian(nn.Unsqueeze(3), torch.Tensor(2, 3), 'Unsqueeze')

   local rep = nn.Replicate(3, 2)
   tester:eq(H.sizes(rep:forward(torch.randn(4, 5))), { 4, 3, 5 }, 'Replicate')
   checkJacobian(nn.Replicate(3), torch.Tensor(4), 'Replicate')
   checkJacobian(nn.Replicate(2, 2, 1), torch.Tensor(3, 4), 'Replicate batch')

   local pad = nn.Padding(1, 2, 1, -1)
   tester:eq(pad:forward(torch.Tensor({ 5, 6 })), torch.Tensor({ 5, 6, -1, -1 }), 0, 'pad after')
   tester:eq(nn.Padding(1, -1):forward(torch.Tensor({ 5, 6 })), torch.Tensor({ 0, 5, 6 }), 0,
             'pad before')
   tester:eq(nn.Padding(1, -1, nil, 0, 2):forward(torch.Tensor({ 5, 6 })), torch.Tensor({ 5, 0, 6 }),
             0, 'pad at index 2')
   tester:eq(H.sizes(nn.Padding(1, 3, 1):forward(torch.randn(2, 4))), { 2, 7 }, 'pad batch')
   checkJacobian(nn.Padding(2, -2), torch.Tensor(3, 4), 'Padding')
   checkJacobian(nn.Padding(2, 1, 2, 0, 2), torch.Tensor(3, 4), 'Padding index')

   local t = torch.randn(3, 4):t()
   local cont = nn.Contiguous()
   local out = cont:forward(t)
   tester:assert(out:isContiguous(), 'Contiguous')
   tester:eq(out, t, 0)
   local already = torch.randn(3)
   tester:assert(cont:forward(already) == already, 'contiguous input passes through')
   local cp = nn.Copy('torch.DoubleTensor', 'torch.FloatTensor')
   local f = cp:forward(torch.Tensor({ 1.5, 2 }))
   tester:eq(torch.type(f), 'torch.FloatTensor')
   tester:eq(torch.type(cp:backward(torch.Tensor(2), torch.FloatTensor(2):fill(1))),
             'torch.DoubleTensor')
   tester:eq(errmsg(function() nn.Copy('torch.Bogus', 'torch.FloatTensor') end),
             'nn.Copy: inputType must be a tensor type name (got torch.Bogus)')
end

function tests.reductions()
   local x = torch.Tensor({ { 1, 5, 3 }, { 4, 2, 6 } })
   tester:eq(nn.Sum(1):forward(x), torch.Tensor({ 5, 7, 9 }), 0, 'Sum(1)')
   tester:eq(nn.Sum(2):forward(x), torch.Tensor({ 9, 12 }), 0, 'Sum(2)')
   tester:eq(nn.Sum(-1):forward(x), torch.Tensor({ 9, 12 }), 0, 'Sum(-1)')
   tester:eq(nn.Sum(1, 1):forward(x), torch.Tensor({ 9, 12 }), 0, 'Sum batch')
   tester:eq(H.sizes(nn.Sum(2, nil, false, false):forward(x)), { 2, 1 }, 'no squeeze')
   tester:eq(nn.Mean(2):forward(x), torch.Tensor({ 3, 4 }), 0, 'Mean')
   tester:eq(nn.Max(2):forward(x), torch.Tensor({ 5, 6 }), 0, 'Max')
   tester:eq(nn.Min(1):forward(x), torch.Tensor({ 1, 2, 3 }), 0, 'Min')
   local mx = nn.Max(2)
   mx:forward(x)
   tester:eq(mx:backward(x, torch.Tensor({ 10, 20 })),
             torch.Tensor({ { 0, 10, 0 }, { 0, 0, 20 } }), 0, 'Max gradient')
   for _, m in ipairs({ nn.Sum(2), nn.Mean(1), nn.Sum(1, 1, true), nn.Max(2), nn.Min(1),
                        nn.Max(1) }) do
      checkJacobian(m, torch.Tensor(3, 4), torch.type(m))
   end
   checkJacobian(nn.Max(1), torch.Tensor(5), 'Max of a vector')
   tester:eq(errmsg(function() nn.Sum(3):forward(x) end),
             'nn.Sum: dimension 3 out of range for an input of size 2x3')
   tester:eq(torch.type(nn.Max(1):float():forward(torch.FloatTensor(3):fill(1))),
             'torch.FloatTensor', 'Max as float keeps LongTensor indices')
end

function tests.normalize()
   local x = torch.Tensor({ 3, -4 })
   tester:eq(nn.Normalize(2):forward(x), torch.Tensor({ 0.6, -0.8 }), 1e-10, 'L2')
   tester:eq(nn.Normalize(1):forward(x), torch.Tensor({ 3 / 7, -4 / 7 }), 1e-10, 'L1')
   tester:eq(nn.Normalize(math.huge):forward(x), torch.Tensor({ 0.75, -1 }), 1e-10, 'Linf')
   tester:eq(nn.Normalize(2):forward(torch.zeros(2)), torch.zeros(2), 0, 'zero stays finite')
   for _, p in ipairs({ 1.5, 2, 3 }) do
      checkJacobian(nn.Normalize(p), torch.Tensor(4), 'Normalize ' .. p, 0.1, 2)
      checkJacobian(nn.Normalize(p), torch.Tensor(3, 4), 'Normalize batch ' .. p)
   end
   jacobianPiecewise(nn.Normalize(math.huge), { 0 }, 'Normalize inf')
   tester:eq(tostring(nn.Normalize(2)), 'nn.Normalize(2)')
   tester:eq(tostring(nn.Normalize(1.5)), 'nn.Normalize(1.500000)')
end

function tests.matrix_table_layers()
   local A, B = torch.randn(2, 3), torch.randn(3, 4)
   tester:eq(nn.MM():forward({ A, B }), A * B, 1e-14, 'MM')
   tester:eq(nn.MM(true, false):forward({ A:t():clone(), B }), A * B, 1e-14, 'MM transA')
   tester:eq(nn.MM(false, true):forward({ A, B:t():clone() }), A * B, 1e-14, 'MM transB')
   checkJacobian(nn.MM(), { torch.Tensor(2, 3), torch.Tensor(3, 4) }, 'MM')
   checkJacobian(nn.MM(true, true), { torch.Tensor(3, 2), torch.Tensor(4, 3) }, 'MM TT')
   checkJacobian(nn.MM(), { torch.Tensor(2, 2, 3), torch.Tensor(2, 3, 2) }, 'MM batch')
   checkJacobian(nn.MM(true, false), { torch.Tensor(2, 3, 2), torch.Tensor(2, 3, 2) },
                 'MM batch transA')
   tester:eq(errmsg(function() nn.MM():forward({ A, A }) end), 'nn.MM: size mismatch: 2x3 times 2x3')
   local M, v = torch.randn(3, 4), torch.randn(4)
   tester:eq(nn.MV():forward({ M, v }), torch.mv(M, v), 1e-14, 'MV')
   checkJacobian(nn.MV(), { torch.Tensor(3, 4), torch.Tensor(4) }, 'MV')
   checkJacobian(nn.MV(true), { torch.Tensor(4, 3), torch.Tensor(4) }, 'MV trans')
   checkJacobian(nn.MV(), { torch.Tensor(2, 3, 4), torch.Tensor(2, 4) }, 'MV batch')
   checkJacobian(nn.MV(true), { torch.Tensor(2, 4, 3), torch.Tensor(2, 4) }, 'MV batch trans')
   tester:eq(errmsg(function() nn.MV():forward({ M, torch.randn(3) }) end),
             'nn.MV: size mismatch: 3x4 times 3')
   -- Index: the gradient accumulates over repeated indices
   local t = torch.randn(4, 2)
   local idx = torch.LongTensor({ 3, 1, 3 })
   local ix = nn.Index(1)
   tester:eq(ix:forward({ t, idx }), t:index(1, idx), 0, 'Index')
   local g = ix:backward({ t, idx }, torch.ones(3, 2))
   tester:eq(g[1], torch.Tensor({ { 1, 1 }, { 0, 0 }, { 2, 2 }, { 0, 0 } }), 0, 'Index gradient')
   tester:eq(g[2]:nElement(), 3)
   -- finite differences over t only (the indices are not differentiable)
   local wrap = nn.Sequential():add(nn.ConcatTable():add(nn.Identity())
      :add(nn.Sequential():add(nn.MulConstant(0)):add(nn.Sum(1))))
   local function viaIndex(tt)
      ix:forward({ tt, idx })
      return ix.output
   end
   local eps, maxerr = 1e-6, 0
   ix:forward({ t, idx })
   local go = torch.randn(3, 2)
   local gt = ix:backward({ t, idx }, go)[1]:clone()
   for i = 1, 4 do
      for j = 1, 2 do
         local o = t[i][j]
         t[i][j] = o + eps
         local fp = torch.cmul(viaIndex(t), go):sum()
         t[i][j] = o - eps
         local fm = torch.cmul(viaIndex(t), go):sum()
         t[i][j] = o
         maxerr = math.max(maxerr, math.abs((fp - fm) / (2 * eps) - gt[i][j]))
      end
   end
   tester:assertlt(maxerr, PREC, 'Index finite differences')
   tester:assert(wrap ~= nil)
   tester:eq(errmsg(function() ix:forward({ t, torch.Tensor({ 1 }) }) end),
             'nn.Index: element 2 of the input must be a torch.LongTensor of indices (got '
             .. 'torch.DoubleTensor)')
end

function tests.integer_and_empty_inputs()
   tester:eq(errmsg(function() nn.Tanh():forward(torch.LongTensor(3)) end),
             'nn.Tanh: input must be a floating-point tensor (got torch.LongTensor; convert it '
             .. 'with :double() or :float())')
   tester:eq(errmsg(function() nn.Sum(1):forward(torch.ByteTensor(3)) end),
             'nn.Sum: input must be a floating-point tensor (got torch.ByteTensor; convert it '
             .. 'with :double() or :float())')
   tester:eq(errmsg(function() nn.CAdd(3):forward(torch.Tensor(0)) end),
             'nn.CAdd: input of size 0 does not match the parameter of size 3 (nor a batch of it)')
   tester:eq(errmsg(function() nn.Concat(1):add(nn.Identity()):forward({ torch.randn(2) }) end),
             'nn.Concat: input must be a tensor (got table)')
end

function tests.printing()
   tester:eq(tostring(nn.LeakyReLU(0.2)), 'nn.LeakyReLU(0.2)')
   tester:eq(tostring(nn.ELU()), 'nn.ELU (alpha:1.000000)')
   tester:eq(tostring(nn.Unsqueeze(2)), 'nn.Unsqueeze(dim 2)')
   tester:eq(tostring(nn.HardTanh()), 'nn.HardTanh')
   tester:eq(tostring(nn.MM(true)), 'nn.MMT')
end

tester:add(tests)
tester:run()
