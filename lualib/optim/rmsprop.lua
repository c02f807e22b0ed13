--[[ optim.rmsprop — RMSprop (Tieleman & Hinton, 2012), Torch7's formulation.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate` : learning rate (default 1e-2)
- `config.alpha`        : smoothing constant (default 0.99)
- `config.epsilon`      : added to the root of m (default 1e-8)
- `config.weightDecay`  : L2 weight decay added to df/dx (default 0)
- `config.initialMean`  : the value m starts from (default 0)
- `config.schedule`     : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.m`   : leaky mean of squared gradients (starts at initialMean)
- `state.tmp` : buffer for sqrt(m) + epsilon

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update

m = alpha * m + (1 - alpha) * g^2; x -= lr * g / (sqrt(m) + epsilon).
Epsilon is added outside the root (some RMSprop variants add it inside);
this is PyTorch's torch.optim.RMSprop with centered=false, momentum=0.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.rmsprop'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 1e-2, 'nonneg')
   local alpha = U.num(NAME, config, 'alpha', 0.99, 'unitc')
   local epsilon = U.num(NAME, config, 'epsilon', 1e-8, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')
   local mfill = U.num(NAME, config, 'initialMean', 0, 'nonneg')

   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)
   if wd ~= 0 then dfdx:add(wd, x) end

   local m = U.buffer(state, 'm', x, dfdx, mfill)
   local tmp = U.buffer(state, 'tmp', x, dfdx)
   m:mul(alpha):addcmul(1 - alpha, dfdx, dfdx)
   tmp:sqrt(m):add(epsilon)
   x:addcdiv(-lr, dfdx, tmp)
   return x, { fx }
end
