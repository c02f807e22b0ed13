-- nn core: Module protocol, Sequential, Linear, ReLU/Tanh/Sigmoid,
-- getParameters, clone/type/share, and nn.Jacobian itself.
-- Gradients are checked against central differences in double precision
-- (max error < 1e-5 as in Torch7's own tests; the Jacobian of a smooth
-- module is typically ~1e-10 here).  Linear's values are hand-computed.
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local jac = nn.Jacobian
local PREC = 1e-5

local function jacobianAll(m, input, tag)
   tester:assertlt(jac.testJacobian(m, input), PREC, tag .. ': input')
   local params, grads = m:parameters()
   for i = 1, #(params or {}) do
      tester:assertlt(jac.testJacobianParameters(m, input, params[i], grads[i]), PREC,
                      tag .. ': parameter ' .. i)
   end
end

function tests.linear_hand_computed()
   local m = nn.Linear(3, 2)
   m.weight:copy(torch.Tensor({ { 1, 2, 3 }, { -1, 0, 0.5 } }))
   m.bias:copy(torch.Tensor({ 0.5, -1 }))
   local x = torch.Tensor({ 1, -1, 2 })
   tester:eq(m:forward(x), torch.Tensor({ 5.5, -1 }), 1e-15, 'vector forward')
   local g = torch.Tensor({ 1, 2 })
   m:zeroGradParameters()
   tester:eq(m:backward(x, g), torch.Tensor({ -1, 2, 4 }), 1e-15, 'vector gradInput')
   tester:eq(m.gradWeight, torch.Tensor({ { 1, -1, 2 }, { 2, -2, 4 } }), 1e-15, 'gradWeight')
   tester:eq(m.gradBias, torch.Tensor({ 1, 2 }), 1e-15, 'gradBias')
   -- batch: the same row twice accumulates twice, scaled by 0.5
   local xb = torch.Tensor({ { 1, -1, 2 }, { 1, -1, 2 } })
   local gb = torch.Tensor({ { 1, 2 }, { 1, 2 } })
   tester:eq(m:forward(xb), torch.Tensor({ { 5.5, -1 }, { 5.5, -1 } }), 1e-15, 'batch forward')
   m:zeroGradParameters()
   m:backward(xb, gb, 0.5)
   tester:eq(m.gradWeight, torch.Tensor({ { 1, -1, 2 }, { 2, -2, 4 } }), 1e-15, 'scaled batch')
   tester:eq(m.gradBias, torch.Tensor({ 1, 2 }), 1e-15, 'scaled batch bias')
   -- without bias
   local nb = nn.Linear(3, 2, false)
   tester:eq(nb.bias, nil, 'no bias field')
   nb.weight:copy(m.weight)
   tester:eq(nb:forward(x), torch.Tensor({ 5, 0 }), 1e-15, 'no-bias forward')
end

function tests.linear_reset_is_torch7s()
   -- weight then bias, uniform in +-1/sqrt(inputSize), from the torch RNG
   torch.manualSeed(42)
   local m = nn.Linear(4, 3)
   torch.manualSeed(42)
   local w = torch.Tensor(3, 4):uniform(-0.5, 0.5)
   local b = torch.Tensor(3):uniform(-0.5, 0.5)
   tester:eq(m.weight, w, 0, 'weight drawn first')
   tester:eq(m.bias, b, 0, 'bias drawn second')
   m:reset(1)
   local bound = math.sqrt(3)
   tester:assert(m.weight:max() <= bound and m.weight:min() >= -bound, 'reset(stdv)')
end

function tests.linear_printing()
   tester:eq(tostring(nn.Linear(10, 5)), 'nn.Linear(10 -> 5)')
   tester:eq(tostring(nn.Linear(10, 5, false)), 'nn.Linear(10 -> 5) without bias')
   tester:eq(tostring(nn.Tanh()), 'nn.Tanh')
end

function tests.linear_bad_input()
   local m = nn.Linear(3, 2)
   tester:eq(errmsg(function() m:forward(torch.Tensor(4, 5)) end),
             'nn.Linear: input has 5 features, expected 3 (input of size 4x5)')
   tester:eq(errmsg(function() m:forward(torch.Tensor(2, 3, 4)) end),
             'nn.Linear: input must be a vector or a matrix (got a 3D tensor of size 2x3x4)')
   tester:eq(errmsg(function() m:forward(torch.FloatTensor(2, 3)) end),
             'nn.Linear: input is a torch.FloatTensor but the module holds torch.DoubleTensors '
             .. '(convert one with :type(), :float() or :double())')
   tester:eq(errmsg(function() m:forward({}) end),
             'nn.Linear: input must be a tensor (got table)')
   tester:eq(errmsg(function() nn.Linear(0, 3) end),
             'nn.Linear: inputSize must be a positive integer (got 0)')
   tester:eq(errmsg(function() nn.Linear(3, 2.5) end),
             'nn.Linear: outputSize must be a positive integer (got 2.5)')
end

function tests.transfer_values()
   local x = torch.Tensor({ -2, -0.5, 0, 0.5, 2 })
   tester:eq(nn.ReLU():forward(x), torch.Tensor({ 0, 0, 0, 0.5, 2 }), 0, 'ReLU')
   tester:eq(nn.Tanh():forward(x), torch.tanh(x), 1e-15, 'Tanh')
   tester:eq(nn.Sigmoid():forward(x), torch.sigmoid(x), 1e-15, 'Sigmoid')
   tester:eq(nn.Threshold(0.5, -3):forward(x), torch.Tensor({ -3, -3, -3, -3, 2 }), 0,
             'Threshold(0.5, -3)')
   local r = nn.ReLU()
   r:forward(x)
   tester:eq(r:backward(x, torch.ones(5)), torch.Tensor({ 0, 0, 0, 1, 1 }), 0, 'ReLU grad')
   -- in place: the input becomes the output
   local y = x:clone()
   local ip = nn.ReLU(true)
   local out = ip:forward(y)
   tester:eq(y, torch.Tensor({ 0, 0, 0, 0.5, 2 }), 0, 'in-place ReLU changes its input')
   tester:assert(torch.pointer(out:storage()) == torch.pointer(y:storage()), 'shares storage')
   local g = torch.ones(5)
   ip:backward(y, g)
   tester:eq(g, torch.Tensor({ 0, 0, 0, 1, 1 }), 0, 'in-place gradient')
   tester:eq(errmsg(function() nn.Threshold(0, 1, true) end),
             'nn.Threshold: in-place processing requires value (1) not exceed threshold (0)')
end

function tests.jacobians()
   jacobianAll(nn.Linear(5, 3), torch.Tensor(5), 'Linear vector')
   jacobianAll(nn.Linear(5, 3), torch.Tensor(4, 5), 'Linear batch')
   jacobianAll(nn.Linear(5, 3, false), torch.Tensor(4, 5), 'Linear no bias')
   jacobianAll(nn.Tanh(), torch.Tensor(3, 4), 'Tanh')
   jacobianAll(nn.Sigmoid(), torch.Tensor(3, 4), 'Sigmoid')
   -- ReLU: keep inputs away from the kink, where differences are one-sided
   local r = nn.ReLU()
   local x = torch.Tensor(20)
   for _ = 1, 3 do
      x:uniform(-2, 2)
      x:apply(function(v) return math.abs(v) < 1e-3 and 0.5 or v end)
      local jf = jac.forward(r, x)
      local jb = jac.backward(r, x)
      tester:assertlt((jf - jb):abs():max(), PREC, 'ReLU')
   end
   local seq = nn.Sequential():add(nn.Linear(4, 6)):add(nn.Tanh()):add(nn.Linear(6, 2))
      :add(nn.Sigmoid())
   jacobianAll(seq, torch.Tensor(3, 4), 'Sequential')
   local lin = nn.Linear(4, 3)
   tester:assertlt(jac.testJacobianUpdateParameters(lin, torch.Tensor(2, 4), lin.weight), PREC,
                   'Linear accUpdateGradParameters weight')
   tester:assertlt(jac.testJacobianUpdateParameters(lin, torch.Tensor(2, 4), lin.bias), PREC,
                   'Linear accUpdateGradParameters bias')
   for name, err in pairs(jac.testAllUpdate(nn.Linear(4, 3), torch.randn(2, 4), 'weight',
                                            'gradWeight')) do
      tester:assertlt(err, 1e-12, 'testAllUpdate ' .. name)
   end
   local ferr, berr = jac.testIO(seq, torch.randn(3, 4))
   tester:eq(ferr, 0, 'testIO forward')
   tester:eq(berr, 0, 'testIO backward')
end

function tests.jacobian_detects_a_wrong_gradient()
   -- a user module whose backward is off by a factor: the check must fail
   local Bad = torch.class('nn.TestBadDouble', 'nn.Module')
   function Bad:updateOutput(x) self.output:resizeAs(x):copy(x):mul(2); return self.output end
   function Bad:updateGradInput(x, g)
      self.gradInput:resizeAs(g):copy(g):mul(3); return self.gradInput
   end
   tester:assertgt(jac.testJacobian(nn.TestBadDouble(), torch.Tensor(5)), 0.9, 'wrong gradient found')
end

function tests.sequential_protocol()
   local m = nn.Sequential()
   local l1, l2 = nn.Linear(3, 4), nn.Linear(4, 2)
   m:add(l1):add(nn.Tanh()):add(l2)
   tester:eq(m:size(), 3)
   tester:assert(m:get(1) == l1, 'get')
   local x = torch.randn(5, 3)
   local out = m:forward(x)
   local ref = l2:forward(torch.tanh(l1:forward(x)))
   tester:eq(out, ref, 1e-14, 'forward composes')
   tester:eq(tostring(m), 'nn.Sequential {\n  [input -> (1) -> (2) -> (3) -> output]\n'
             .. '  (1): nn.Linear(3 -> 4)\n  (2): nn.Tanh\n  (3): nn.Linear(4 -> 2)\n}')
   local nested = nn.Sequential():add(nn.Sequential():add(nn.ReLU())):add(nn.Linear(2, 1))
   tester:eq(tostring(nested), 'nn.Sequential {\n  [input -> (1) -> (2) -> output]\n'
             .. '  (1): nn.Sequential {\n    [input -> (1) -> output]\n    (1): nn.ReLU\n  }\n'
             .. '  (2): nn.Linear(2 -> 1)\n}')
   -- insert / remove
   m:insert(nn.ReLU(), 2)
   tester:eq(torch.type(m:get(2)), 'nn.ReLU')
   m:remove(2)
   tester:eq(torch.type(m:get(2)), 'nn.Tanh')
   tester:eq(errmsg(function() m:remove(7) end),
             "bad argument #1 to 'remove' (index 7 out of range 1..3)")
   tester:eq(errmsg(function() m:add(3) end),
             "bad argument #1 to 'add' (nn.Module expected, got number)")
   -- an empty Sequential is the identity, both ways
   local empty = nn.Sequential()
   local v = torch.randn(3)
   tester:assert(empty:forward(v) == v, 'empty forward')
   tester:assert(empty:backward(v, v) == v, 'empty backward')
   tester:eq(tostring(empty), 'nn.Sequential {\n  [input -> output]\n}')
   -- a child's error names its position
   local msg = errmsg(function() m:forward(torch.randn(5, 7)) end)
   tester:assert(msg:find('In 1 module of nn.Sequential:', 1, true) ~= nil, msg)
   tester:assert(msg:find('nn.Linear: input has 7 features, expected 3', 1, true) ~= nil, msg)
end

function tests.parameters_zero_update()
   local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.ReLU()):add(nn.Linear(4, 2, false))
   local p, g = m:parameters()
   tester:eq(#p, 3, 'weight, bias, weight')
   tester:assert(p[1] == m:get(1).weight and g[3] == m:get(3).gradWeight, 'order')
   local x, go = torch.randn(6, 3), torch.randn(6, 2)
   m:zeroGradParameters()
   m:forward(x)
   m:backward(x, go)
   local before = p[1]:clone()
   local gw = g[1]:clone()
   m:updateParameters(0.1)
   tester:eq(p[1], before - gw * 0.1, 1e-14, 'updateParameters')
   m:zeroGradParameters()
   for i = 1, #g do tester:eq(g[i]:abs():max(), 0, 'zeroGradParameters') end
   -- backward accumulates
   m:forward(x)
   m:backward(x, go)
   local once = g[1]:clone()
   m:backward(x, go)
   tester:eq(g[1], once * 2, 1e-13, 'accumulates')
   -- __call__ with a gradOutput runs backward too
   m:zeroGradParameters()
   local out, gin = m(x, go)
   tester:eq(out, m.output, 0)
   tester:eq(g[1], once, 1e-13, 'call with gradOutput')
   tester:eq(gin:size(1), 6)
end

function tests.getParameters_flattens()
   local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh()):add(nn.Linear(4, 2))
   local w1 = m:get(1).weight:clone()
   local b2 = m:get(3).bias:clone()
   local p, g = m:getParameters()
   tester:eq(p:nElement(), 3 * 4 + 4 + 4 * 2 + 2, 'all parameters')
   tester:eq(g:nElement(), p:nElement(), 'all gradients')
   tester:eq(m:get(1).weight, w1, 0, 'values kept')
   tester:eq(m:get(3).bias, b2, 0, 'values kept')
   tester:eq(p:narrow(1, 1, 12), w1:view(12), 0, 'weight first')
   tester:eq(p:narrow(1, 25, 2), b2, 0, 'last bias last')
   -- views: writing the flat vector changes the modules, and backward fills g
   p:fill(0.25)
   tester:eq(m:get(3).weight:min(), 0.25, 'views into p')
   g:zero()
   local x = torch.randn(5, 3)
   m:forward(x)
   m:backward(x, torch.ones(5, 2))
   tester:eq(g:narrow(1, 1, 12), m:get(1).gradWeight:view(12), 0, 'g views gradWeight')
   tester:assertgt(torch.abs(g):sum(), 0, 'gradients arrive in g')
   -- shared weights stay shared, and are counted once
   local a = nn.Linear(2, 2)
   local b = a:clone('weight', 'bias', 'gradWeight', 'gradBias')
   local s = nn.Sequential():add(a):add(b)
   local ps = s:getParameters()
   tester:eq(ps:nElement(), 6, 'shared parameters counted once')
   ps:fill(3)
   tester:eq(b.weight:max(), 3, 'still shared')
   -- mixed types
   local mix = nn.Sequential():add(nn.Linear(2, 2)):add(nn.Linear(2, 2):float())
   tester:eq(errmsg(function() mix:getParameters() end),
             'getParameters: parameter 3 is a torch.FloatTensor, parameter 1 a torch.DoubleTensor')
end

function tests.getParameters_squeezes_holes()
   -- a parameter that views part of a larger storage
   local m = nn.Linear(2, 2)
   local big = torch.Tensor(10):fill(7)
   m.bias:set(big:storage(), 4, torch.LongStorage({ 2 }))
   m.gradBias:set(torch.Tensor(10):storage(), 4, torch.LongStorage({ 2 }))
   local p = m:getParameters()
   tester:eq(p:nElement(), 6, 'holes removed')
   tester:eq(m.bias, torch.Tensor({ 7, 7 }), 0, 'values kept')
end

function tests.clone_type_share()
   local m = nn.Sequential():add(nn.Linear(3, 2)):add(nn.Tanh())
   local c = m:clone()
   tester:eq(c:get(1).weight, m:get(1).weight, 0, 'same values')
   c:get(1).weight:fill(1)
   tester:assert(m:get(1).weight:max() ~= 1 or m:get(1).weight:min() ~= 1, 'deep copy')
   tester:eq(torch.type(c:get(1)), 'nn.Linear')
   -- clone keeps getParameters' sharing
   local p = m:getParameters()
   local c2 = m:clone()
   local p2 = c2:getParameters()
   tester:eq(p2, p, 0, 'cloned flat parameters')
   tester:assert(torch.pointer(c2:get(1).weight:storage()) == torch.pointer(c2:get(1).bias:storage()),
                 'one storage in the clone')
   -- share
   local s = m:clone('weight', 'bias')
   s:get(1).weight:fill(2)
   tester:eq(m:get(1).weight:max(), 2, 'shared weight')
   -- type conversion keeps the flat storage shared
   local f = m:clone():float()
   tester:eq(torch.type(f:get(1).weight), 'torch.FloatTensor')
   tester:eq(torch.type(f:get(2).output), 'torch.FloatTensor')
   tester:eq(f:type(), 'torch.FloatTensor')
   tester:assert(torch.pointer(f:get(1).weight:storage()) == torch.pointer(f:get(1).bias:storage()),
                 'float keeps sharing')
   local out = f:forward(torch.FloatTensor(4, 3):uniform())
   tester:eq(torch.type(out), 'torch.FloatTensor')
   tester:eq(torch.type(f:double():get(1).weight), 'torch.DoubleTensor')
   tester:eq(errmsg(function() m:type('torch.Bogus') end),
             "bad argument #1 to 'type' (tensor type name expected, got torch.Bogus)")
   tester:eq(errmsg(function() m:type('torch.BogusTensor') end),
             "bad argument #1 to 'type' (torch.BogusTensor is not available)")
   if not torch.CudaTensor then
      tester:eq(errmsg(function() m:cuda() end),
                "bad argument #1 to 'type' (torch.CudaTensor is not available in this build: "
                .. "no GPU backend)")
   end
end

function tests.apply_list_find_replace_state()
   local inner = nn.Sequential():add(nn.Linear(2, 2)):add(nn.ReLU())
   local m = nn.Sequential():add(inner):add(nn.Linear(2, 1)):add(nn.Sigmoid())
   local names = {}
   m:apply(function(mod) names[#names + 1] = torch.type(mod) end)
   tester:eq(names, { 'nn.Sequential', 'nn.Sequential', 'nn.Linear', 'nn.ReLU', 'nn.Linear',
                      'nn.Sigmoid' }, 'apply preorder')
   tester:eq(#m:listModules(), 6, 'listModules')
   local found, containers = m:findModules('nn.Linear')
   tester:eq(#found, 2)
   tester:assert(containers[1] == inner and containers[2] == m, 'containers')
   m:replace(function(mod)
      if torch.typename(mod) == 'nn.ReLU' then return nn.Tanh() end
      return mod
   end)
   tester:eq(torch.type(inner:get(2)), 'nn.Tanh', 'replace')
   m:training()
   tester:eq(inner:get(2).train, true)
   m:evaluate()
   tester:eq(inner:get(2).train, false)
   tester:eq(m.train, false)
   m:forward(torch.randn(3, 2))
   m:clearState()
   tester:eq(inner:get(1).output:nElement(), 0, 'clearState')
   tester:eq(m:forward(torch.randn(3, 2)):size(1), 3, 'works after clearState')
end

function tests.user_module_in_container()
   -- Torch7-style user module: overrides updateOutput/updateGradInput only
   local Square = torch.class('nn.TestSquare', 'nn.Module')
   function Square:updateOutput(x)
      self.output:resizeAs(x):copy(x):cmul(x); return self.output
   end
   function Square:updateGradInput(x, g)
      self.gradInput:resizeAs(x):copy(x):mul(2):cmul(g); return self.gradInput
   end
   local m = nn.Sequential():add(nn.Linear(3, 3)):add(nn.TestSquare()):add(nn.Linear(3, 1))
   jacobianAll(m, torch.Tensor(2, 3), 'user module')
   tester:eq(tostring(nn.TestSquare()), 'nn.TestSquare')
end

tester:add(tests)
tester:run()
