--[[ optim.nag — SGD with Nesterov's accelerated gradient, Torch7's
formulation after Sutskever et al., "On the Importance of Initialization and
Momentum in Deep Learning", ICML 2013: the gradient is taken at the point
x + momentum * v, the look-ahead along the previous step.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate`      : learning rate (default 1e-3)
- `config.learningRateDecay` : lr_t = lr / (1 + evalCounter * decay)
- `config.weightDecay`       : L2 weight decay added to df/dx (default 0)
- `config.momentum`          : momentum, must be > 0 (default 0.9)
- `config.learningRates`     : vector of individual learning rates
- `config.schedule`          : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.evalCounter` : evaluation counter
- `state.dfdx`        : the velocity v (the last step taken)
- `state.x_copy`      : buffer holding x before the look-ahead

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated at the look-ahead point

v = momentum * v - lr_t * g(x + momentum * v); x += v.  PyTorch's
SGD(nesterov=True) is a reformulation that tracks a different point, so the
reference for this one is hand-computed.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.nag'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 1e-3, 'nonneg')
   local lrd = U.num(NAME, config, 'learningRateDecay', 0, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')
   local mom = U.num(NAME, config, 'momentum', 0.9, 'any')
   local lrs = U.pertensor(NAME, config, 'learningRates', x)
   if mom <= 0 then
      U.bad(NAME, 3, 'config.momentum must be positive for Nesterov Accelerated Gradient, got ' ..
            mom, 2)
   end
   state.evalCounter = state.evalCounter or 0
   local nevals = state.evalCounter

   -- (1) step along the momentum, then evaluate there
   local xc = U.buffer(state, 'x_copy', x, x)
   xc:copy(x)
   if state.dfdx then x:add(mom, state.dfdx) end
   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)

   -- (2) weight decay (at the look-ahead point, as Torch7)
   if wd ~= 0 then dfdx:add(wd, x) end

   -- (3) learning rate decay
   local clr = lr / (1 + nevals * lrd)

   -- (4) velocity
   if not state.dfdx then
      state.dfdx = x.new(dfdx:size()):zero()
   else
      state.dfdx:mul(mom)
   end

   -- (5) v -= lr * g (with individual learning rates), x = x_old + v
   if lrs then
      local dp = U.buffer(state, 'deltaParameters', x, dfdx)
      dp:copy(lrs):cmul(dfdx)
      state.dfdx:add(-clr, dp)
   else
      state.dfdx:add(-clr, dfdx)
   end
   xc:add(state.dfdx)
   x:copy(xc)

   state.evalCounter = state.evalCounter + 1
   return x, { fx }
end
