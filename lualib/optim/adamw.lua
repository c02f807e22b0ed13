--[[ optim.adamw — Adam with decoupled weight decay (Loshchilov & Hutter,
https://arxiv.org/abs/1711.05101), PyTorch's torch.optim.AdamW.

Torch7 had no AdamW, so this follows PyTorch 1.13 step for step:
x *= 1 - lr * weightDecay (the decay does not go through the moments), then
the Adam update with epsilon added after dividing sqrt(v) by
sqrt(1 - beta2^t).

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate` : learning rate (default 1e-3)
- `config.beta1`        : first moment coefficient (default 0.9)
- `config.beta2`        : second moment coefficient (default 0.999)
- `config.epsilon`      : for numerical stability (default 1e-8)
- `config.weightDecay`  : decoupled weight decay (default 1e-2, as PyTorch)
- `config.amsgrad`      : use the maximum of past v (default false)
- `config.schedule`     : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.t`, `state.m`, `state.v`, `state.denom`, `state.vmax` (amsgrad)

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.adamw'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 1e-3, 'nonneg')
   local beta1 = U.num(NAME, config, 'beta1', 0.9, 'unit')
   local beta2 = U.num(NAME, config, 'beta2', 0.999, 'unit')
   local epsilon = U.num(NAME, config, 'epsilon', 1e-8, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 1e-2, 'nonneg')
   local amsgrad = config.amsgrad or false

   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)

   state.t = (state.t or 0) + 1
   local m = U.buffer(state, 'm', x, dfdx)
   local v = U.buffer(state, 'v', x, dfdx)
   local denom = U.buffer(state, 'denom', x, dfdx)

   -- decoupled decay: applied to x, not folded into the gradient
   if wd ~= 0 then x:mul(1 - lr * wd) end

   m:mul(beta1):add(1 - beta1, dfdx)
   v:mul(beta2):addcmul(1 - beta2, dfdx, dfdx)
   local bc1 = 1 - beta1 ^ state.t
   local bc2 = 1 - beta2 ^ state.t
   if amsgrad then
      local vmax = U.buffer(state, 'vmax', x, dfdx)
      vmax:cmax(vmax, v)
      denom:sqrt(vmax)
   else
      denom:sqrt(v)
   end
   denom:div(math.sqrt(bc2)):add(epsilon)
   x:addcdiv(-lr / bc1, m, denom)
   return x, { fx }
end
