--[[ optim.adam — Adam (Kingma & Ba, http://arxiv.org/pdf/1412.6980.pdf),
Torch7's formulation.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate` : learning rate (default 1e-3)
- `config.learningRateDecay` : lr_t = lr / (1 + (t - 1) * decay) (default 0)
- `config.beta1`        : first moment coefficient (default 0.9)
- `config.beta2`        : second moment coefficient (default 0.999)
- `config.epsilon`      : for numerical stability (default 1e-8)
- `config.weightDecay`  : L2 weight decay added to df/dx (default 0)
- `config.schedule`     : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.t`     : step counter
- `state.m`     : exponential moving average of the gradient
- `state.v`     : exponential moving average of the squared gradient
- `state.denom` : buffer for sqrt(v) + epsilon

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update

Torch7 folds the bias corrections into the step size,
x -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon),
where PyTorch divides sqrt(v) by sqrt(1 - beta2^t) before adding epsilon:
the two agree exactly when epsilon is 0 and differ by O(epsilon) otherwise.
This is Torch7's, so seeded Torch7 scripts give the same numbers; optim.adamw
follows PyTorch.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.adam'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 1e-3, 'nonneg')
   local lrd = U.num(NAME, config, 'learningRateDecay', 0, 'nonneg')
   local beta1 = U.num(NAME, config, 'beta1', 0.9, 'unit')
   local beta2 = U.num(NAME, config, 'beta2', 0.999, 'unit')
   local epsilon = U.num(NAME, config, 'epsilon', 1e-8, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')

   -- (1) evaluate f(x) and df/dx
   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)
   if wd ~= 0 then dfdx:add(wd, x) end

   state.t = state.t or 0
   local m = U.buffer(state, 'm', x, dfdx)
   local v = U.buffer(state, 'v', x, dfdx)
   local denom = U.buffer(state, 'denom', x, dfdx)
   local clr = lr / (1 + state.t * lrd)   -- t before this step, as Torch7
   state.t = state.t + 1

   -- (2) moving averages of the gradient and its square
   m:mul(beta1):add(1 - beta1, dfdx)
   v:mul(beta2):addcmul(1 - beta2, dfdx, dfdx)
   denom:sqrt(v):add(epsilon)

   -- (3) update, bias corrections folded into the step size
   local bc1 = 1 - beta1 ^ state.t
   local bc2 = 1 - beta2 ^ state.t
   local stepSize = clr * math.sqrt(bc2) / bc1
   x:addcdiv(-stepSize, m, denom)
   return x, { fx }
end
