-- nn against PyTorch 1.13 reference values (tests/fixtures/nn/pytorch.lua,
-- made by scripts/gen_nn_fixtures.py in float64): Linear's output and
-- gradients for a vector, a batch and no bias; a Linear-Tanh-Linear-
-- Sigmoid MLP with a mean squared error; ten transfer functions.  Both
-- sides compute in double precision with different summation orders, so
-- the tolerance is 1e-12 (observed differences are ~1e-16).
require 'nn'
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL = 1e-12
local root = os.getenv('LANTERN_TEST_ROOT') or '.'
local REF = dofile(root .. '/tests/fixtures/nn/pytorch.lua')
local T = torch.Tensor

local function maxdiff(a, b)
   return (a - b):abs():max()
end

local function checkLinear(name)
   local c = REF[name]
   local w = T(c.weight)
   local m = nn.Linear(w:size(2), w:size(1), c.bias ~= nil)
   m.weight:copy(w)
   if c.bias then m.bias:copy(T(c.bias)) end
   local x = T(c.input)
   local out = m:forward(x)
   tester:assertlt(maxdiff(out, T(c.output)), TOL, name .. ' output')
   m:zeroGradParameters()
   local gin = m:backward(x, T(c.gradOutput))
   tester:assertlt(maxdiff(gin, T(c.gradInput)), TOL, name .. ' gradInput')
   tester:assertlt(maxdiff(m.gradWeight, T(c.gradWeight)), TOL, name .. ' gradWeight')
   if c.bias then
      tester:assertlt(maxdiff(m.gradBias, T(c.gradBias)), TOL, name .. ' gradBias')
   end
end

function tests.linear_vector() checkLinear('vector') end
function tests.linear_batch() checkLinear('batch') end
function tests.linear_nobias() checkLinear('nobias') end

function tests.mlp_mse()
   local c = REF.mlp
   local m = nn.Sequential():add(nn.Linear(3, 4)):add(nn.Tanh()):add(nn.Linear(4, 2))
      :add(nn.Sigmoid())
   m:get(1).weight:copy(T(c.w1)); m:get(1).bias:copy(T(c.b1))
   m:get(3).weight:copy(T(c.w2)); m:get(3).bias:copy(T(c.b2))
   local x, t = T(c.input), T(c.target)
   local y = m:forward(x)
   tester:assertlt(maxdiff(y, T(c.output)), TOL, 'output')
   local diff = y - t
   local loss = torch.cmul(diff, diff):sum() / diff:nElement()
   tester:assertalmosteq(loss, c.loss, TOL, 'loss')
   m:zeroGradParameters()
   local gin = m:backward(x, diff * (2 / diff:nElement()))
   tester:assertlt(maxdiff(gin, T(c.gradInput)), TOL, 'gradInput')
   tester:assertlt(maxdiff(m:get(1).gradWeight, T(c.gw1)), TOL, 'gw1')
   tester:assertlt(maxdiff(m:get(1).gradBias, T(c.gb1)), TOL, 'gb1')
   tester:assertlt(maxdiff(m:get(3).gradWeight, T(c.gw2)), TOL, 'gw2')
   tester:assertlt(maxdiff(m:get(3).gradBias, T(c.gb2)), TOL, 'gb2')
   -- the same through autograd
   if m.requiresGrad then
      m:requiresGrad()
      m:zeroGradParameters()
      local yy = m(x)
      local d = yy - t
      torch.cmul(d, d):mean():backward()
      tester:assertlt(maxdiff(m:get(1).gradWeight, T(c.gw1)), TOL, 'gw1 via autograd')
      tester:assertlt(maxdiff(m:get(3).gradBias, T(c.gb2)), TOL, 'gb2 via autograd')
   end
end

function tests.transfer_functions()
   local c = REF.transfer
   local x, g = T(c.input), T(c.gradOutput)
   for name, ref in pairs(c) do
      if type(ref) == 'table' and ref.output then
         local m = nn[name]()
         tester:assertlt(maxdiff(m:forward(x), T(ref.output)), TOL, name .. ' output')
         tester:assertlt(maxdiff(m:backward(x, g), T(ref.gradInput)), TOL, name .. ' gradInput')
      end
   end
end

tester:add(tests)
tester:run()
