-- nn modules inside autograd graphs: model(x) records one node whose
-- backward is the module's own updateGradInput/accGradParameters.
-- Reference: the same model's Torch7-protocol backward (exact up to
-- rounding, 1e-12), and torch.autograd.gradcheck (central differences).
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL = 1e-12

local function mlp()
   return nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh()):add(nn.Linear(4, 2))
      :add(nn.Sigmoid())
end

function tests.sum_loss_matches_backward()
   torch.manualSeed(5)
   local m = mlp():requiresGrad()
   local x = torch.randn(6, 3):requiresGrad()
   m:zeroGradParameters()
   local loss = m(x):sum()
   loss:backward()
   local p, g = m:parameters()
   local viaGraph = {}
   for i = 1, #g do viaGraph[i] = g[i]:clone() end
   local gx = x.grad:clone()
   tester:assert(p[1].grad == nil or torch.pointer(p[1].grad) == torch.pointer(g[1]),
                 'param.grad is gradWeight')
   tester:eq(p[1].grad, g[1], 0, 'param.grad holds the gradient')
   m:zeroGradParameters()
   local xd = x:detach()
   m:forward(xd)
   local gin = m:backward(xd, torch.ones(6, 2))
   for i = 1, #g do tester:eq(viaGraph[i], g[i], TOL, 'parameter ' .. i) end
   tester:eq(gx, gin, TOL, 'input gradient')
end

function tests.composed_with_tensor_ops()
   -- loss = mean(model(x)^2): gradOutput is 2 y / n
   local m = mlp():requiresGrad()
   local x = torch.randn(4, 3)
   m:zeroGradParameters()
   local y = m(x)
   local loss = torch.cmul(y, y):mean()
   loss:backward()
   local got = m:get(1).gradWeight:clone()
   m:zeroGradParameters()
   local out = m:forward(x)
   m:backward(x, out * (2 / out:nElement()))
   tester:eq(got, m:get(1).gradWeight, TOL, 'chain rule through the node')
   -- gradcheck of the whole model as a function of its input
   local xin = torch.randn(2, 3):requiresGrad()
   local ok, msg = torch.autograd.gradcheck(function(v) return m(v) end, { xin })
   tester:assert(ok, msg)
end

function tests.user_module_differentiable()
   local Cube = torch.class('nn.TestCube', 'nn.Module')
   function Cube:updateOutput(x) self.output:resizeAs(x):copy(x):pow(3); return self.output end
   function Cube:updateGradInput(x, g)
      self.gradInput:resizeAs(x):copy(x):pow(2):mul(3):cmul(g); return self.gradInput
   end
   local m = nn.Sequential():add(nn.Linear(2, 3)):add(nn.TestCube()):add(nn.Linear(3, 1))
   m:requiresGrad()
   local x = torch.randn(5, 2):requiresGrad()
   local ok, msg = torch.autograd.gradcheck(function(v) return m(v) end, { x })
   tester:assert(ok, msg)
   -- a user module called directly is a node too
   local c = nn.TestCube()
   local v = torch.Tensor({ 1, -2 }):requiresGrad()
   c(v):sum():backward()
   tester:eq(v.grad, torch.Tensor({ 3, 12 }), TOL, 'user module alone')
end

function tests.table_modules_in_graph()
   local pt = nn.Sequential():add(nn.ParallelTable():add(nn.Linear(2, 2)):add(nn.Identity()))
      :add(nn.CMulTable())
   pt:requiresGrad()
   local a, b = torch.randn(3, 2):requiresGrad(), torch.randn(3, 2):requiresGrad()
   pt:zeroGradParameters()
   pt({ a, b }):sum():backward()
   local ga, gb = a.grad:clone(), b.grad:clone()
   local gw = pt:get(1):get(1).gradWeight:clone()
   pt:zeroGradParameters()
   local ad, bd = a:detach(), b:detach()
   pt:forward({ ad, bd })
   local gin = pt:backward({ ad, bd }, torch.ones(3, 2))
   tester:eq(ga, gin[1], TOL, 'table input 1')
   tester:eq(gb, gin[2], TOL, 'table input 2')
   tester:eq(gw, pt:get(1):get(1).gradWeight, TOL, 'weights')
   -- table output
   local ct = nn.ConcatTable():add(nn.Linear(2, 1)):add(nn.Tanh())
   ct:requiresGrad()
   local x = torch.randn(4, 2):requiresGrad()
   local outs = ct(x)
   tester:eq(#outs, 2)
   -- (one output: gradcheck backpropagates each output separately)
   local ok, msg = torch.autograd.gradcheck(function(v) return nn.JoinTable(2)(ct(v)) end, { x })
   tester:assert(ok, msg)
end

function tests.module_used_twice()
   local l = nn.Linear(3, 2):requiresGrad()
   local x1, x2 = torch.randn(2, 3), torch.randn(2, 3)
   l:zeroGradParameters()
   local loss = torch.cmul(l(x1), l(x1)):sum() + l(x2):sum()
   loss:backward()
   local got = l.gradWeight:clone()
   l:zeroGradParameters()
   local y1 = l:forward(x1):clone()
   l:backward(x1, y1 * 2)
   l:forward(x2)
   l:backward(x2, torch.ones(2, 2))
   tester:eq(got, l.gradWeight, TOL, 'both calls accumulate, each with its own input')
end

function tests.getParameters_sees_graph_gradients()
   local m = mlp()
   local p, g = m:getParameters()
   m:requiresGrad()
   g:zero()
   local x = torch.randn(3, 3)
   m(x):sum():backward()
   tester:assertgt(torch.abs(g):sum(), 0, 'flat gradient filled')
   local keep = g:clone()
   g:zero()
   m:forward(x)
   m:backward(x, torch.ones(3, 2))
   tester:eq(keep, g, TOL, 'same as backward')
   -- model:zeroGradParameters clears param.grad too
   m:zeroGradParameters()
   tester:eq(m:get(1).weight.grad:abs():max(), 0, 'cleared')
   -- clone and type conversion keep the setting, with the copy's own buffers
   local c = m:clone()
   tester:eq(c:get(1).weight:isRequiresGrad(), true, 'clone keeps requiresGrad')
   tester:assert(torch.pointer(c:get(1).weight.grad) == torch.pointer(c:get(1).gradWeight),
                 'clone: param.grad is its own gradWeight')
   local f = m:clone():float()
   tester:eq(f:get(3).bias:isRequiresGrad(), true, 'float keeps requiresGrad')
   f:zeroGradParameters()
   f(torch.FloatTensor(2, 3):uniform()):sum():backward()
   tester:assertgt(torch.abs(f:get(1).gradWeight):sum(), 0, 'float model trains by autograd')
   m:requiresGrad(false)
   tester:eq(m:get(1).weight:isRequiresGrad(), false)
   tester:eq(m:get(1).weight.grad, nil, 'no grad after requiresGrad(false)')
end

function tests.requiresGrad_then_getParameters()
   local m = mlp():requiresGrad()
   local p, g = m:getParameters()
   tester:assert(torch.pointer(m:get(1).weight.grad) == torch.pointer(m:get(1).gradWeight),
                 'param.grad still the gradient buffer')
   g:zero()
   local x = torch.randn(2, 3)
   m(x):sum():backward()
   local keep = g:clone()
   g:zero()
   m:forward(x)
   m:backward(x, torch.ones(2, 2))
   tester:eq(keep, g, TOL, 'flat gradient filled by the graph')
   tester:assertgt(torch.abs(keep):sum(), 0)
end

function tests.no_graph_when_nothing_requires_grad()
   local m = mlp()
   local out = m(torch.randn(2, 3))
   tester:eq(out:isRequiresGrad(), false, 'plain forward')
   tester:assert(out == m.output, 'the module buffer itself, as Torch7')
   -- Torch7 protocol calls never record, even with parameters requiring grad
   m:requiresGrad()
   local y = m:forward(torch.randn(2, 3))
   tester:eq(y:isRequiresGrad(), false, 'forward does not record')
   m:backward(torch.randn(2, 3), torch.ones(2, 2))
   tester:eq(m:get(1).gradInput:isRequiresGrad(), false, 'backward does not record')
   -- under noGrad, a call is a plain forward
   local z = torch.noGrad(function() return m(torch.randn(2, 3)) end)
   tester:eq(z:isRequiresGrad(), false, 'noGrad')
   -- and nn works with the autograd hook absent
   local saved = nn._autograd
   nn._autograd = nil
   local w = m(torch.randn(2, 3))
   nn._autograd = saved
   tester:eq(w:isRequiresGrad(), false, 'without the hook')
end

function tests.backward_errors_surface()
   local Bad = torch.class('nn.TestBadBackward', 'nn.Module')
   function Bad:updateOutput(x) self.output:resizeAs(x):copy(x); return self.output end
   function Bad:updateGradInput() error('nn.TestBadBackward: no gradient here') end
   local x = torch.randn(3):requiresGrad()
   local y = nn.TestBadBackward()(x):sum()
   local msg = errmsg(function() y:backward() end)
   tester:assert(msg:find('no gradient here', 1, true) ~= nil, msg)
   -- the session goes on
   local x2 = torch.randn(3):requiresGrad()
   nn.Tanh()(x2):sum():backward()
   tester:eq(x2.grad, torch.tanh(x2:detach()):pow(2):mul(-1):add(1), TOL, 'usable afterwards')
end

-- criterion(model(x), y) inside a graph: the loss is a one-element tensor
-- and loss:backward() gives what model:backward(x, crit:backward(...)) gives
function tests.criterion_in_graph()
   torch.manualSeed(5)
   local m = nn.Sequential():add(nn.Linear(5, 3)):add(nn.LogSoftMax())
   local crit = nn.ClassNLLCriterion()
   local x, y = torch.randn(4, 5), torch.LongTensor({ 1, 3, 2, 3 })
   m:zeroGradParameters()
   local out = m:forward(x)
   local want = crit:forward(out, y)
   m:backward(x, crit:backward(out, y))
   local gw, gb = m.modules[1].gradWeight:clone(), m.modules[1].gradBias:clone()
   m:zeroGradParameters()
   m:requiresGrad()
   local loss = crit(m(x), y)
   tester:eq(torch.type(loss), 'torch.DoubleTensor')
   tester:eq(loss:nElement(), 1)
   tester:eq(loss:item(), want, TOL)
   loss:backward()
   tester:assertTensorEq(m.modules[1].gradWeight, gw, TOL)
   tester:assertTensorEq(m.modules[1].gradBias, gb, TOL)
   -- scaled and composed: d(3 * mse)/dx = 3 * 2 (x - t) / n
   local xr = torch.randn(2, 3):requiresGrad()
   local t = torch.randn(2, 3)
   local l2 = nn.MSECriterion()(xr, t) * 3
   l2:backward()
   tester:assertTensorEq(xr.grad, (xr:detach() - t) * (6 / 6), TOL)
   -- outside a graph the Torch7 form is kept: loss and gradInput
   local l3, g3 = nn.MSECriterion()(torch.ones(2), torch.zeros(2))
   tester:eq(l3, 1)
   tester:eq(torch.type(g3), 'torch.DoubleTensor')
end

tester:add(tests)
tester:run()
