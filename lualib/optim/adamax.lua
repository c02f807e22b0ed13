--[[ optim.adamax — AdaMax, the infinity-norm variant of Adam
(http://arxiv.org/pdf/1412.6980.pdf, section 7).

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate` : learning rate (default 0.002)
- `config.beta1`        : first moment coefficient (default 0.9)
- `config.beta2`        : infinity-norm coefficient (default 0.999)
- `config.epsilon`      : for numerical stability (default 1e-38)
- `config.weightDecay`  : L2 weight decay added to df/dx (default 0)
- `config.schedule`     : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.t` : step counter, `state.m` : moving average of the gradient,
  `state.u` : exponentially weighted infinity norm

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update

u = max(beta2 * u, |g| + epsilon); x -= lr / (1 - beta1^t) * m / u.  This
is also PyTorch's torch.optim.Adamax (whose epsilon defaults to 1e-8).
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.adamax'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 0.002, 'nonneg')
   local beta1 = U.num(NAME, config, 'beta1', 0.9, 'unit')
   local beta2 = U.num(NAME, config, 'beta2', 0.999, 'unitc')
   local epsilon = U.num(NAME, config, 'epsilon', 1e-38, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')

   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)
   if wd ~= 0 then dfdx:add(wd, x) end

   state.t = (state.t or 0) + 1
   local m = U.buffer(state, 'm', x, dfdx)
   local u = U.buffer(state, 'u', x, dfdx)
   local tmp = U.buffer(state, 'tmp', x, dfdx)

   m:mul(beta1):add(1 - beta1, dfdx)
   tmp:abs(dfdx):add(epsilon)
   u:mul(beta2):cmax(u, tmp)

   local bc1 = 1 - beta1 ^ state.t
   x:addcdiv(-lr / bc1, m, u)
   return x, { fx }
end
