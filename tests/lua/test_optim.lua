-- optim: convergence of every algorithm, Torch7's state conventions, the
-- errors for bad calls, checkgrad, polyinterp/lswolfe and the schedules.
-- (Step-by-step reference values: test_optim_reference.lua; the confusion
-- matrix: test_optim_confusion.lua.)
local H = require 'tests.lua.helpers'
local errmsg = H.errmsg
local optim = require 'optim'
local tester = torch.Tester()
local tests = torch.TestSuite()

-- Rosenbrock's function, minimum 0 at (1, 1)
local function rosenbrock(x)
   local a, b = x[1], x[2]
   local f = (1 - a) ^ 2 + 100 * (b - a * a) ^ 2
   return f, torch.Tensor({ -2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a) })
end

-- an ill-conditioned quadratic in 10 dimensions, minimum 0 at x = c
local QA = torch.linspace(1, 10, 10)
local QC = torch.linspace(-1, 1, 10)
local qgrad = torch.Tensor(10)
local function quadratic(x)
   qgrad:copy(x):add(-1, QC):cmul(QA)
   return 0.5 * torch.add(x, -1, QC):cmul(qgrad):sum(), qgrad
end

local function distance(x, to) return (x - to):abs():max() end

local ROSEN = {
   { 'sgd', { learningRate = 1e-3, momentum = 0.9, dampening = 0 }, 1e-3, 3000 },
   { 'nag', { learningRate = 1e-3, momentum = 0.9 }, 1e-3, 3000 },
   { 'adam', { learningRate = 0.02 }, 1e-3, 5000 },
   { 'adamw', { learningRate = 0.02, weightDecay = 0 }, 1e-3, 5000 },
   { 'adamax', { learningRate = 0.02 }, 1e-3, 6000 },
   { 'rmsprop', { learningRate = 1e-3 }, 1e-3, 10000 },
   { 'adagrad', { learningRate = 0.5 }, 1e-3, 10000 },
   { 'asgd', { eta0 = 1e-3, lambda = 0, t0 = 1e9 }, 1e-3, 20000 },
   { 'rprop', { stepsize = 0.01 }, 2e-3, 20000 },
}

function tests.first_order_methods_solve_rosenbrock()
   local one = torch.Tensor({ 1, 1 })
   for _, c in ipairs(ROSEN) do
      local name, config, tol, maxn = c[1], c[2], c[3], c[4]
      local x = torch.Tensor({ -1.2, 1 })
      local fx
      for _ = 1, maxn do
         x, fx = optim[name](rosenbrock, x, config)
         if distance(x, one) < tol then break end
      end
      tester:assert(distance(x, one) < tol, string.format('%s reaches (1, 1) within %g: %s, %s',
                                                          name, tol, x[1], x[2]))
      tester:eq(type(fx), 'table', name .. ' returns {f(x)}')
      tester:eq(type(fx[1]), 'number', name .. ' returns {f(x)}')
   end
end

function tests.every_method_solves_an_ill_conditioned_quadratic()
   local CASES = {
      { 'sgd', { learningRate = 0.1 }, 300 },
      { 'sgd', { learningRate = 0.05, momentum = 0.8, dampening = 0, nesterov = true }, 300 },
      { 'nag', { learningRate = 0.05, momentum = 0.8 }, 300 },
      { 'adam', { learningRate = 0.05 }, 2000 },
      { 'adamw', { learningRate = 0.05, weightDecay = 0 }, 2000 },
      { 'adamax', { learningRate = 0.05 }, 2000 },
      { 'adagrad', { learningRate = 0.5 }, 2000 },
      { 'rmsprop', { learningRate = 0.01, alpha = 0.9 }, 2000 },
      { 'adadelta', { learningRate = 1, rho = 0.9, eps = 1e-4 }, 4000 },
      { 'rprop', { stepsize = 0.1 }, 500 },
      { 'asgd', { eta0 = 0.1, lambda = 0 }, 500 },
      { 'lbfgs', { maxIter = 50 }, 1 },
      { 'lbfgs', { maxIter = 50, lineSearch = optim.lswolfe }, 1 },
      { 'cg', { maxEval = 100 }, 1 },
   }
   for _, c in ipairs(CASES) do
      local name, config, n = c[1], c[2], c[3]
      local x = torch.zeros(10)
      for _ = 1, n do x = optim[name](quadratic, x, config) end
      local d = distance(x, QC)
      tester:assert(d < 1e-3, string.format('%s reaches the minimum: max |x - c| = %.3g', name, d))
   end
end

function tests.second_order_methods_solve_rosenbrock()
   local one = torch.Tensor({ 1, 1 })
   -- L-BFGS with the Wolfe line search: one call, tens of evaluations
   local x = torch.Tensor({ -1.2, 1 })
   local fh, nevals
   x, fh, nevals = optim.lbfgs(rosenbrock, x, { maxIter = 100, lineSearch = optim.lswolfe })
   tester:assert(distance(x, one) < 1e-4, 'lbfgs + lswolfe reaches (1, 1)')
   tester:assert(fh[#fh] < 1e-8, 'lbfgs + lswolfe: final f below 1e-8')
   tester:assertalmosteq(fh[1], 24.2, 1e-13, 'f_hist[1] is f(x0) = 24.2')
   tester:assert(nevals < 100, 'in fewer than 100 evaluations: ' .. nevals)
   -- fixed steps, memory kept across calls
   x = torch.Tensor({ -1.2, 1 })
   local config = {}
   for _ = 1, 10 do x = optim.lbfgs(rosenbrock, x, config) end
   tester:assert(distance(x, one) < 1e-4, 'lbfgs with fixed steps, 10 calls, reaches (1, 1)')
   tester:assert(config.nIter > 20, 'state.nIter counts iterations across calls')
   tester:assert(config.funcEval >= config.nIter, 'state.funcEval counts evaluations')
   -- conjugate gradients
   x = torch.Tensor({ -1.2, 1 })
   local fx, i
   x, fx, i = optim.cg(rosenbrock, x, { maxEval = 200, maxIter = 200 })
   tester:assert(distance(x, one) < 1e-6, 'cg reaches (1, 1)')
   tester:assert(i <= 200, 'cg respects maxEval')
   for k = 2, #fx do tester:assert(fx[k] <= fx[k - 1], 'cg: f decreases at every iteration') end
end

function tests.cg_follows_minimize_m()
   -- minimize([0 0]', 'rosenbrock', -25): 25 evaluations from (0, 0);
   -- f must decrease monotonically and the budget be respected exactly
   local x = torch.zeros(2)
   local calls = 0
   local function counted(xx) calls = calls + 1; return rosenbrock(xx) end
   local fx, i
   x, fx, i = optim.cg(counted, x, { maxEval = 25 })
   tester:eq(i, calls, 'cg returns the number of evaluations')
   tester:assert(calls <= 26, 'cg stays within maxEval (+1 for the final line-search step)')
   tester:eq(fx[1], 1, 'f(0, 0) = 1 first')
   tester:assert(fx[#fx] < 0.1, 'cg makes progress in 25 evaluations: ' .. fx[#fx])
end

function tests.torch7_state_conventions()
   -- state defaults to config; Torch7's names for the state fields
   local x = torch.zeros(10)
   local c = { learningRate = 0.1, momentum = 0.5 }
   optim.sgd(quadratic, x, c)
   optim.sgd(quadratic, x, c)
   tester:eq(c.evalCounter, 2, 'sgd: state.evalCounter')
   tester:assert(torch.isTensor(c.dfdx), 'sgd: momentum buffer state.dfdx')
   local st = {}
   optim.adam(quadratic, torch.zeros(10), {}, st)
   tester:eq(st.t, 1, 'adam: state.t')
   tester:assert(torch.isTensor(st.m) and torch.isTensor(st.v) and torch.isTensor(st.denom),
                 'adam: state.m, state.v, state.denom')
   st = {}
   optim.adagrad(quadratic, torch.zeros(10), {}, st)
   tester:assert(torch.isTensor(st.paramVariance) and torch.isTensor(st.paramStd),
                 'adagrad: state.paramVariance, state.paramStd')
   st = {}
   optim.adadelta(quadratic, torch.zeros(10), {}, st)
   tester:assert(torch.isTensor(st.accDelta) and torch.isTensor(st.delta), 'adadelta state')
   st = {}
   optim.adamax(quadratic, torch.zeros(10), {}, st)
   tester:assert(torch.isTensor(st.u) and st.t == 1, 'adamax: state.u, state.t')
   st = {}
   optim.rmsprop(quadratic, torch.zeros(10), {}, st)
   tester:assert(torch.isTensor(st.m) and torch.isTensor(st.tmp), 'rmsprop: state.m, state.tmp')
   st = {}
   optim.rprop(quadratic, torch.zeros(10), {}, st)
   tester:assert(torch.isTensor(st.stepsize) and torch.isTensor(st.delta), 'rprop state')
   -- rprop with state == config keeps working once stepsize became a tensor
   c = { stepsize = 0.05 }
   local x2 = torch.zeros(10)
   for _ = 1, 3 do optim.rprop(quadratic, x2, c) end
   tester:assert(torch.isTensor(c.stepsize), 'rprop: state.stepsize replaces config.stepsize')
   c = {}
   local _, _, ax = optim.asgd(quadratic, torch.zeros(10), c)
   tester:eq(c.eta0, 1e-4, 'asgd writes its defaults into config, as Torch7')
   tester:eq(c.t, 1, 'asgd: state.t')
   tester:assert(torch.isTensor(ax) and ax == c.ax, 'asgd returns state.ax')
   st = {}
   optim.nag(quadratic, torch.zeros(10), {}, st)
   tester:assert(torch.isTensor(st.x_copy) and torch.isTensor(st.dfdx), 'nag state')
end

function tests.defaults_are_torch7s()
   -- one step from 0 on the quadratic: g = -A c; each default shows in x
   local g0 = torch.cmul(QA, QC):mul(-1)
   local x = optim.sgd(quadratic, torch.zeros(10))
   tester:assertTensorEq(x, torch.mul(g0, -1e-3), 1e-15, 'sgd: learningRate 1e-3')
   x = optim.adam(quadratic, torch.zeros(10))
   -- first Adam step: -lr * sqrt(1 - b2) / (1 - b1) * (1 - b1) g / (sqrt(1 - b2) |g| + eps)
   local want = g0:clone():apply(function(g)
      return -1e-3 * math.sqrt(0.001) / 0.1 * (0.1 * g) / (math.sqrt(0.001) * math.abs(g) + 1e-8)
   end)
   tester:assertTensorEq(x, want, 1e-15, 'adam: lr 1e-3, betas 0.9/0.999, epsilon 1e-8')
   x = optim.rmsprop(quadratic, torch.zeros(10))
   want = g0:clone():apply(function(g)
      return -1e-2 * g / (math.sqrt(0.01) * math.abs(g) + 1e-8)
   end)
   tester:assertTensorEq(x, want, 1e-15, 'rmsprop: lr 1e-2, alpha 0.99, epsilon 1e-8')
   x = optim.rmsprop(quadratic, torch.zeros(10), { initialMean = 1 })
   want = g0:clone():apply(function(g)
      return -1e-2 * g / (math.sqrt(0.99 + 0.01 * g * g) + 1e-8)
   end)
   tester:assertTensorEq(x, want, 1e-15, 'rmsprop: m starts at config.initialMean')
   x = optim.adagrad(quadratic, torch.zeros(10))
   want = g0:clone():apply(function(g) return -1e-3 * g / (math.abs(g) + 1e-10) end)
   tester:assertTensorEq(x, want, 1e-15, 'adagrad: lr 1e-3, epsilon 1e-10')
   x = optim.rprop(quadratic, torch.zeros(10))
   tester:assertTensorEq(x, torch.sign(g0):mul(-0.1), 1e-15, 'rprop: stepsize 0.1')
   x = optim.adamax(quadratic, torch.zeros(10))
   want = g0:clone():apply(function(g) return -0.002 / 0.1 * (0.1 * g) / (math.abs(g) + 1e-38) end)
   tester:assertTensorEq(x, want, 1e-15, 'adamax: lr 0.002')
   x = optim.adamw(quadratic, torch.zeros(10))
   want = g0:clone():apply(function(g)
      return -1e-3 / 0.1 * (0.1 * g) / (math.sqrt(0.001) * math.abs(g) / math.sqrt(0.001) + 1e-8)
   end)
   tester:assertTensorEq(x, want, 1e-15, 'adamw: lr 1e-3 (decay of 0 changes nothing)')
end

function tests.torch7_modifies_the_gradient_in_place()
   -- weight decay is added to the gradient tensor opfunc returned, as
   -- Torch7 did (code reading gradParameters after the step relies on it)
   local g = torch.Tensor({ 1, 1 })
   local function f(x) g:fill(1); return 0, g end
   local x = torch.Tensor({ 2, 4 })
   optim.sgd(f, x, { learningRate = 0.1, weightDecay = 0.5 })
   tester:eq(g:totable(), { 2, 3 }, 'dfdx += weightDecay * x')
end

function tests.sgd_options()
   -- per-parameter learning rates: a rate of 0 freezes a parameter
   local x = torch.Tensor({ 1, 1, 1 })
   local function f(xx) return 0, torch.Tensor({ 1, 2, 3 }) end
   optim.sgd(f, x, { learningRate = 0.5, learningRates = torch.Tensor({ 1, 0, 2 }) })
   tester:eq(x:totable(), { 0.5, 1, -2 }, 'learningRates scale each component')
   x = torch.Tensor({ 1, 2, 4 })
   local g = torch.zeros(3)
   local function z(xx) g:zero(); return 0, g end
   optim.sgd(z, x, { learningRate = 0.5, weightDecays = torch.Tensor({ 0, 1, 0.5 }) })
   tester:eq(x:totable(), { 1, 1, 3 }, 'weightDecays decay each component')
   -- learningRateDecay: lr / (1 + n * decay) at the n-th call (from 0)
   x = torch.zeros(1)
   local c = { learningRate = 1, learningRateDecay = 1 }
   local one = function() return 0, torch.Tensor({ -1 }) end
   for _ = 1, 3 do optim.sgd(one, x, c) end
   tester:assertalmosteq(x[1], 1 + 1 / 2 + 1 / 3, 1e-15, 'lr / (1 + n decay)')
end

function tests.bad_arguments()
   local x = torch.zeros(3)
   local ok = function() return 0, torch.zeros(3) end
   tester:eq(errmsg(optim.sgd, nil, x),
             "bad argument #1 to 'optim.sgd' (opfunc must be a function returning f(x) and " ..
             "df/dx, got nil)")
   tester:eq(errmsg(optim.adam, ok, { 1, 2 }),
             "bad argument #2 to 'optim.adam' (x must be a tensor, got table)")
   tester:eq(errmsg(optim.adam, ok, x, 0.1),
             "bad argument #3 to 'optim.adam' (config must be a table or nil, got 0.1)")
   tester:eq(errmsg(optim.adam, ok, x, {}, 'state'),
             "bad argument #4 to 'optim.adam' (state must be a table or nil, got string)")
   tester:eq(errmsg(optim.sgd, ok, x, { learningRate = -1 }),
             "bad argument #3 to 'optim.sgd' (config.learningRate must be a non-negative " ..
             "number, got -1)")
   tester:eq(errmsg(optim.adam, ok, x, { learningRate = '0.1' }),
             "bad argument #3 to 'optim.adam' (config.learningRate must be a non-negative " ..
             "number, got string)")
   tester:eq(errmsg(optim.adam, ok, x, { beta1 = 1 }),
             "bad argument #3 to 'optim.adam' (config.beta1 must be a number in [0, 1), got 1)")
   tester:eq(errmsg(optim.sgd, ok, x, { nesterov = true }),
             "bad argument #3 to 'optim.sgd' (Nesterov momentum requires a momentum and zero " ..
             "dampening)")
   tester:eq(errmsg(optim.sgd, ok, x, { learningRates = torch.ones(2) }),
             "bad argument #3 to 'optim.sgd' (config.learningRates must have 3 elements (as " ..
             "many as x), got 2)")
   tester:eq(errmsg(optim.nag, ok, x, { momentum = 0 }),
             "bad argument #3 to 'optim.nag' (config.momentum must be positive for Nesterov " ..
             "Accelerated Gradient, got 0)")
   tester:eq(errmsg(optim.lbfgs, ok, x, { maxIter = 2.5 }),
             "bad argument #3 to 'optim.lbfgs' (config.maxIter must be an integer >= 1, got 2.5)")
   tester:eq(errmsg(optim.lbfgs, ok, x, { lineSearch = 'wolfe' }),
             "bad argument #3 to 'optim.lbfgs' (config.lineSearch must be a function (e.g. " ..
             "optim.lswolfe), got string)")
   tester:eq(errmsg(optim.rprop, ok, x, { etaplus = 0.9 }),
             "bad argument #3 to 'optim.rprop' (config.etaplus must be > 1, got 0.9)")
   tester:eq(errmsg(optim.checkgrad, ok, x, -1),
             "bad argument #3 to 'optim.checkgrad' (eps must be a positive number, got -1)")
   tester:eq(errmsg(optim.checkgrad, ok, torch.zeros(3, 2):t()),
             "bad argument #2 to 'optim.checkgrad' (x must be contiguous)")
end

function tests.bad_opfunc_results()
   local x = torch.zeros(3)
   for _, name in ipairs({ 'sgd', 'adam', 'adagrad', 'rmsprop', 'adadelta', 'adamax', 'adamw',
                           'rprop', 'asgd', 'nag', 'lbfgs', 'cg' }) do
      local full = 'optim.' .. name
      tester:eq(errmsg(optim[name], function() return 'x', torch.zeros(3) end, x),
                full .. ": opfunc must return f(x) (a number) and df/dx (a tensor of x's " ..
                "size); f(x) is string")
      tester:eq(errmsg(optim[name], function() return 1 end, x),
                full .. ": opfunc must return f(x) (a number) and df/dx (a tensor of x's " ..
                "size); df/dx is nil")
      tester:eq(errmsg(optim[name], function() return 1, torch.zeros(4) end, x),
                full .. ': df/dx returned by opfunc has 4 elements, x has 3')
      tester:eq(errmsg(optim[name], function() return 1, torch.FloatTensor(3):zero() end, x),
                full .. ': df/dx returned by opfunc is a torch.FloatTensor, x is a ' ..
                'torch.DoubleTensor')
   end
   -- a one-element tensor is accepted as f(x)
   local _, fx = optim.sgd(function(xx) return torch.Tensor({ 2.5 }), torch.zeros(3) end, x)
   tester:eq(fx[1], 2.5, 'a one-element tensor f(x) is read as a number')
end

function tests.shapes_other_than_vectors()
   -- x may be any contiguous shape; df/dx needs x's element count
   local A = torch.Tensor({ { 1, 2 }, { 3, 4 } })
   local function f(x)
      local d = x - A
      return 0.5 * torch.cmul(d, d):sum(), d
   end
   for _, name in ipairs({ 'sgd', 'adam', 'lbfgs', 'cg', 'rprop' }) do
      local x = torch.zeros(2, 2)
      for _ = 1, 1000 do optim[name](f, x, { learningRate = 0.05 }) end
      tester:assert(f(x) < 1e-3 * f(torch.zeros(2, 2)), name .. ' on a 2x2 x: f = ' .. f(x))
      tester:eq(H.sizes(x), { 2, 2 }, name .. ' keeps x 2x2')
   end
end

function tests.checkgrad()
   local x = torch.Tensor({ 0.3, -0.7 })
   local diff, dC, est = optim.checkgrad(rosenbrock, x)
   tester:assert(diff < 1e-7, 'a correct gradient: diff ' .. diff)
   tester:assertTensorEq(dC, select(2, rosenbrock(x)), 0, 'dC is the analytic gradient')
   tester:assertTensorEq(est, dC, 1e-5, 'dC_est approximates it')
   tester:eq(x:totable(), { 0.3, -0.7 }, 'x is restored')
   local wrong = function(xx)
      local f, g = rosenbrock(xx)
      g[1] = g[1] * 1.01
      return f, g
   end
   tester:assert(optim.checkgrad(wrong, x) > 1e-3, 'a wrong gradient is caught')
   -- a gradient tensor reused by opfunc does not corrupt dC
   local g = torch.Tensor(2)
   local reuse = function(xx) local f, gg = rosenbrock(xx); g:copy(gg); return f, g end
   tester:assert(optim.checkgrad(reuse, x, 1e-6) < 1e-7, 'opfunc reusing its gradient tensor')
end

function tests.polyinterp()
   -- the cubic through (0, 0, -1) and (1, 0, 1) is x^3 - ... : f = x^2 - x has
   -- f(0) = 0, f'(0) = -1, f(1) = 0, f'(1) = 1, minimum at 0.5
   local t = optim.polyinterp(torch.Tensor({ { 0, 0, -1 }, { 1, 0, 1 } }))
   tester:assertalmosteq(t, 0.5, 1e-15, 'two points, no bounds (closed form)')
   -- with bounds the general path runs: same parabola, same minimum
   local m, fm = optim.polyinterp(torch.Tensor({ { 0, 0, -1 }, { 1, 0, 1 } }), -1, 2)
   tester:assertalmosteq(m, 0.5, 1e-12, 'general path finds the minimum')
   tester:assertalmosteq(fm, -0.25, 1e-12, 'and the value there')
   -- f = (x - 3)^2 seen from 0 and 1, minimum 3 outside [0, 1]: bounds decide
   local pts = { { 0, 9, -6 }, { 1, 4, -4 } }
   tester:assertalmosteq(optim.polyinterp(pts, 0, 10), 3, 1e-10, 'extrapolation within bounds')
   tester:assertalmosteq(optim.polyinterp(pts, 0, 2), 2, 1e-12, 'clamped to the upper bound')
   -- a true cubic, f = x^3 - 3x (min at 1 on [0, 3]), from three points
   local cubic = { { 0, 0, -3 }, { 2, 2, 9 }, { 3, 18, 24 } }
   tester:assertalmosteq(optim.polyinterp(cubic, 0, 3), 1, 1e-8, 'three points (degree 5)')
   tester:eq(errmsg(optim.polyinterp, torch.zeros(2, 2)),
             "bad argument #1 to 'optim.polyinterp' (points must be an N x 3 tensor of " ..
             "(x, f, g) rows)")
end

function tests.lswolfe_satisfies_the_wolfe_conditions()
   local x = torch.Tensor({ -1.2, 1 })
   local f, g = rosenbrock(x)
   local d = -g / g:norm()
   local gtd = g:dot(d)
   local x0 = x:clone()
   local fn, gn, xn, t, nev = optim.lswolfe(rosenbrock, x, 1, d, f, g, gtd)
   tester:assert(xn == x, 'x is moved in place')
   tester:assertTensorEq(x, x0 + d * t, 1e-14, 'x = x0 + t d')
   local fr, gr = rosenbrock(x)
   tester:assertalmosteq(fn, fr, 1e-14, 'f at the returned point')
   tester:assertTensorEq(gn, gr, 1e-12, 'g at the returned point')
   tester:assert(fn <= f + 1e-4 * t * gtd, 'sufficient decrease (Armijo)')
   tester:assert(math.abs(gn:dot(d)) <= -0.9 * gtd, 'strong curvature condition')
   tester:assert(nev >= 1 and nev <= 20, 'evaluations counted: ' .. nev)
end

function tests.schedules_drive_the_learning_rate()
   local S = optim.schedule
   local function rates(s, n, lr)
      local r = {}
      for i = 1, n do r[i] = s(i, lr) end
      return r
   end
   tester:eq(rates(S.step{ stepSize = 2, gamma = 0.5 }, 5, 1), { 1, 1, 0.5, 0.5, 0.25 })
   tester:eq(rates(S.multistep{ milestones = { 1, 3 }, gamma = 0.1 }, 4, 1),
             { 1, 0.1, 0.1, 0.1 * 0.1 }, 1e-15)
   tester:eq(rates(S.exponential{ gamma = 0.5 }, 3, 2), { 2, 1, 0.5 })
   tester:eq(rates(S.cosine{ T_max = 2 }, 3, 1), { 1, 0.5, 0 }, 1e-15)
   tester:eq(rates(S.warmup{ steps = 4 }, 6, 1), { 0, 0.25, 0.5, 0.75, 1, 1 })
   tester:eq(rates(S.warmup{ steps = 2, start = 0.5, after = S.step{ stepSize = 1, gamma = 0.5 } },
                   5, 1), { 0.5, 0.75, 1, 0.5, 0.25 })
   tester:eq(rates(S.linear{ start = 0.5, finish = 1, steps = 2 }, 4, 2), { 1, 1.5, 2, 2 })
   -- consulted at every call; the rate used is left in state.currentLearningRate
   local x = torch.zeros(1)
   local c = { learningRate = 1, schedule = S.step{ stepSize = 1, gamma = 0.5 } }
   local one = function() return 0, torch.Tensor({ -1 }) end
   for _ = 1, 3 do optim.sgd(one, x, c) end
   tester:eq(x[1], 1 + 0.5 + 0.25, 'sgd steps 1, 0.5, 0.25')
   tester:eq(c.currentLearningRate, 0.25, 'state.currentLearningRate')
   tester:eq(c.scheduleStep, 3, 'state.scheduleStep')
   tester:eq(c.learningRate, 1, 'config.learningRate is left alone')
   -- a plain function works; absent, nothing changes (sgd's step stays 1e-3)
   x = torch.zeros(1)
   optim.sgd(one, x, { learningRate = 1, schedule = function(step, lr) return lr / 4 end })
   tester:eq(x[1], 0.25, 'a function(step, lr) as schedule')
   tester:eq(errmsg(optim.sgd, one, x, { schedule = 3 }),
             "bad argument #3 to 'optim.sgd' (config.schedule must be a function or an " ..
             "optim.schedule, got 3)")
   tester:eq(errmsg(optim.sgd, one, x, { schedule = function() return -1 end }),
             'optim.sgd: config.schedule returned -1 at step 1; a learning rate must be a ' ..
             'non-negative number')
   tester:eq(errmsg(S.cosine, {}),
             "bad argument #1 to 'optim.schedule.cosine' (option 'T_max' (an integer >= 1) " ..
             "is required)")
   tester:eq(errmsg(S.step, { stepSize = 0 }),
             "bad argument #1 to 'optim.schedule.step' (option 'stepSize' must be an integer " ..
             ">= 1, got 0)")
   tester:eq(errmsg(S.step, 5),
             "bad argument #1 to 'optim.schedule.step' (a table of options expected, got number)")
   tester:eq(tostring(S.cosine{ T_max = 10 }), 'optim.schedule.cosine{T_max=10, eta_min=0}')
   -- an opfunc that fails does not advance the schedule
   c = { schedule = S.step{ stepSize = 1 } }
   tester:assert(not pcall(optim.adam, function() error('boom') end, torch.zeros(2), c))
   tester:eq(c.scheduleStep, nil, 'no step counted when opfunc raised')
end

function tests.every_optimizer_with_a_learning_rate_consults_the_schedule()
   local one = function() return 0, torch.Tensor({ -1 }) end
   for _, name in ipairs({ 'sgd', 'nag', 'adam', 'adamw', 'adamax', 'adagrad', 'rmsprop',
                           'adadelta', 'lbfgs' }) do
      local calls = 0
      local c = { schedule = function(step, lr) calls = calls + 1; return 0 end }
      local x = torch.zeros(1)
      optim[name](one, x, c)
      tester:eq(calls, 1, name .. ' calls the schedule once per call')
      tester:eq(x[1], 0, name .. ' takes no step at a learning rate of 0')
   end
end

function tests.module_and_lazy_logger()
   tester:assert(rawget(_G, 'optim') == optim, "require 'optim' publishes the global optim")
   tester:eq(require('optim'), optim, 'one table')
   for _, name in ipairs({ 'sgd', 'asgd', 'nag', 'cg', 'lbfgs', 'adagrad', 'adadelta', 'adam',
                           'adamax', 'adamw', 'rmsprop', 'rprop', 'lswolfe', 'polyinterp',
                           'checkgrad' }) do
      tester:eq(type(optim[name]), 'function', 'optim.' .. name)
   end
   tester:eq(rawget(optim, 'Logger'), nil, 'Logger is not loaded with optim')
   local ok, err = pcall(function() return optim.Logger end)
   if ok then
      tester:assert(err ~= nil, 'optim.Logger loads on first use')
   else
      tester:eq(tostring(err):gsub('^[^:]*:%d+: ', ''),
                "optim.Logger is not available: module 'optim.Logger' is not installed")
   end
   tester:eq(optim.nonexistent, nil, 'other missing names are nil')
end

function tests.no_allocation_per_step()
   -- buffers live in state: the same tensors after many steps
   local x = torch.zeros(10)
   local st = {}
   optim.adam(quadratic, x, {}, st)
   local m, v = st.m, st.v
   for _ = 1, 5 do optim.adam(quadratic, x, {}, st) end
   tester:assert(st.m == m and st.v == v, 'adam reuses state.m and state.v')
end

function tests.torch7_style_training_loop()
   -- softmax regression on two separable blobs, the way Torch7 tutorials
   -- train: flat parameters, a feval closure, optim.sgd, a ConfusionMatrix
   torch.manualSeed(1)
   local N, D, K = 200, 2, 2
   local X = torch.randn(N, D)
   local y = torch.LongTensor(N)
   for i = 1, N do
      y[i] = i <= N / 2 and 1 or 2
      X[i]:add(y[i] == 1 and -2 or 2)
   end
   local params = torch.zeros(D * K + K)
   local gradParams = torch.zeros(D * K + K)
   local Wv, bv = params:narrow(1, 1, D * K):view(D, K), params:narrow(1, D * K + 1, K)
   local gW, gb = gradParams:narrow(1, 1, D * K):view(D, K), gradParams:narrow(1, D * K + 1, K)
   local onehot = torch.zeros(N, K)
   for i = 1, N do onehot[i][y[i]] = 1 end
   local function feval(p)
      assert(p == params)
      local s = torch.mm(X, Wv):add(bv:view(1, K):expand(N, K))
      local mx = s:max(2)
      s:add(-1, mx:expand(N, K)):exp()
      local P = s:cdiv(s:sum(2):expand(N, K))
      local loss = -torch.cmul(P:clone():log(), onehot):sum() / N
      local dS = P:add(-1, onehot):div(N)
      gW:mm(X:t(), dS)
      gb:copy(dS:sum(1))
      return loss, gradParams
   end
   local state = { learningRate = 0.5, momentum = 0.9, dampening = 0 }
   local first, last
   for i = 1, 50 do
      local _, fs = optim.sgd(feval, params, state)
      first = first or fs[1]
      last = fs[1]
   end
   tester:assert(last < 0.1 * first, 'the loss falls: ' .. first .. ' -> ' .. last)
   local conf = optim.ConfusionMatrix({ 'left', 'right' })
   conf:batchAdd(torch.mm(X, Wv):add(bv:view(1, K):expand(N, K)), y)
   conf:updateValids()
   tester:assert(conf.totalValid > 0.95, 'training accuracy ' .. conf.totalValid)
   tester:eq(state.evalCounter, 50)
end

function tests.every_public_name_has_help()
   local areas = dofile((os.getenv('LANTERN_TEST_ROOT') or '.') .. '/lualib/optim/doc/init.lua')
   local help = {}
   for _, area in ipairs(areas) do
      for k, v in pairs(dofile((os.getenv('LANTERN_TEST_ROOT') or '.') .. '/lualib/optim/doc/' ..
                               area .. '.lua')) do
         tester:assert(type(v.sig) == 'string' and type(v.text) == 'string', k .. ': sig, text')
         help[k] = true
      end
   end
   for k, v in pairs(optim) do
      if type(v) == 'function' and k:sub(1, 1) ~= '_' then
         tester:assert(help['optim.' .. k], 'help for optim.' .. k)
      end
   end
   for k in pairs(optim.schedule) do
      tester:assert(help['optim.schedule.' .. k], 'help for optim.schedule.' .. k)
   end
   for _, m in ipairs({ 'add', 'batchAdd', 'updateValids', 'zero' }) do
      tester:assert(help['optim.ConfusionMatrix.' .. m], 'help for ConfusionMatrix:' .. m)
   end
   tester:assert(help['optim.ConfusionMatrix'] and help['optim.schedule'] and help['optim'])
end

tester:add(tests)
tester:run()
