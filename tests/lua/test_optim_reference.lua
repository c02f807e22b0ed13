-- optim: the first calls of every optimizer against reference trajectories
-- in tests/fixtures/optim/reference.lua, written by
-- scripts/gen_optim_fixtures.py from PyTorch 1.13's torch.optim (float64)
-- where its update rule is Torch7's, or from a plain-Python transcription
-- of Torch7's formula where they differ (each case says which and why).
-- Tolerance: 1e-12 absolute on x after each call; the references are
-- printed with 17 digits, so this only leaves room for the different order
-- of floating-point operations here and in PyTorch (observed ~1e-15).
require 'optim'
local tester = torch.Tester()
local tests = torch.TestSuite()
local TOL = 1e-12

local root = os.getenv('LANTERN_TEST_ROOT') or '.'
local REF = dofile(root .. '/tests/fixtures/optim/reference.lua')
local W, C = torch.Tensor(REF.w), torch.Tensor(REF.c)

-- f(x) = 0.5 sum(w (x - c)^2) + 0.1 sum(x^4), df/dx = w (x - c) + 0.4 x^3;
-- the gradient tensor is reused between calls, as nn's gradParameters is
local grad = torch.Tensor(W:size())
local function feval(x)
   local d = torch.add(x, -1, C)
   local f = 0.5 * torch.cmul(d, d):cmul(W):sum() + 0.1 * torch.pow(x, 4):sum()
   grad:copy(d):cmul(W):add(0.4, torch.pow(x, 3))
   return f, grad
end

local function config_of(src)
   local env = { T = function(t) return torch.Tensor(t) end, optim = optim }
   local chunk = assert(load('return {' .. src .. '}', 'config', 't', env))
   return chunk()
end

local function maxdiff(a, b)
   return (a - b):abs():max()
end

function tests.reference_trajectories()
   local worst, worstName = 0, ''
   for _, case in ipairs(REF.cases) do
      local config = config_of(case.config)
      local x = torch.Tensor(REF.x0)
      for step, want in ipairs(case.x) do
         local ax
         x, _, ax = optim[case.algo](feval, x, config)
         local d = maxdiff(x, torch.Tensor(want))
         if d > worst then worst, worstName = d, case.name end
         tester:assert(d <= TOL, string.format('%s (%s), call %d: max |x - ref| = %.3g',
                                               case.name, case.source, step, d))
         if case.ax then
            local da = maxdiff(ax, torch.Tensor(case.ax[step]))
            tester:assert(da <= TOL, string.format('%s: averaged x at call %d differs by %.3g',
                                                   case.name, step, da))
         end
      end
   end
   print(string.format('\n  %d reference cases; worst max |x - ref| = %.3g (%s)', #REF.cases,
                       worst, worstName))
end

function tests.every_algorithm_has_a_reference()
   local seen = {}
   for _, case in ipairs(REF.cases) do seen[case.algo] = true end
   for _, algo in ipairs({ 'sgd', 'adam', 'adamw', 'adamax', 'adagrad', 'rmsprop', 'adadelta',
                           'rprop', 'asgd', 'nag', 'lbfgs' }) do
      tester:assert(seen[algo], algo .. ' has reference values')
   end
end

function tests.float_tensors_follow_the_double_trajectory()
   -- the same case in single precision: buffers take x's type
   local case = REF.cases[1]
   local x = torch.FloatTensor(REF.x0)
   local g = torch.FloatTensor(5)
   local Wf, Cf = W:float(), C:float()
   local function fevalf(xx)
      local d = torch.add(xx, -1, Cf)
      g:copy(d):cmul(Wf):add(0.4, torch.pow(xx, 3))
      return 0, g
   end
   for _, algo in ipairs({ 'sgd', 'adam', 'rmsprop', 'adagrad' }) do
      x = torch.FloatTensor(REF.x0)
      local cfg = { learningRate = 0.01 }
      optim[algo](fevalf, x, cfg)
      local xd = torch.Tensor(REF.x0)
      optim[algo](feval, xd, { learningRate = 0.01 })
      tester:eq(torch.type(x), 'torch.FloatTensor', algo .. ' keeps x a FloatTensor')
      tester:assert(maxdiff(x:double(), xd) < 1e-6, algo .. ' in float matches double to 1e-6')
   end
   tester:assert(case ~= nil)
end

tester:add(tests)
tester:run()
