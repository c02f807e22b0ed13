--[[ optim.adadelta — ADADELTA (Zeiler, http://arxiv.org/abs/1212.5701).

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table of hyper-parameters
- `config.rho`          : interpolation parameter (default 0.9)
- `config.eps`          : for numerical stability (default 1e-6)
- `config.weightDecay`  : L2 weight decay added to df/dx (default 0)
- `config.learningRate` : scales the step (default 1, Torch7 had none)
- `config.schedule`     : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.evalCounter`   : evaluation counter
- `state.paramVariance` : leaky mean of squared gradients
- `state.paramStd`      : sqrt(paramVariance + eps)
- `state.delta`         : the last step
- `state.accDelta`      : leaky mean of squared steps

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update

delta = sqrt(accDelta + eps) / sqrt(v + eps) * g; x -= lr * delta; both
epsilons inside the roots, as in the paper and in PyTorch's
torch.optim.Adadelta (whose lr also defaults to 1).
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.adadelta'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local rho = U.num(NAME, config, 'rho', 0.9, 'unitc')
   local eps = U.num(NAME, config, 'eps', 1e-6, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')
   local lr = U.num(NAME, config, 'learningRate', 1, 'nonneg')
   state.evalCounter = state.evalCounter or 0

   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)
   if wd ~= 0 then dfdx:add(wd, x) end

   local var = U.buffer(state, 'paramVariance', x, dfdx)
   local std = U.buffer(state, 'paramStd', x, dfdx)
   local delta = U.buffer(state, 'delta', x, dfdx)
   local acc = U.buffer(state, 'accDelta', x, dfdx)
   var:mul(rho):addcmul(1 - rho, dfdx, dfdx)
   std:add(var, eps):sqrt()
   delta:add(acc, eps):sqrt():cdiv(std):cmul(dfdx)
   x:add(-lr, delta)
   acc:mul(rho):addcmul(1 - rho, delta, delta)

   state.evalCounter = state.evalCounter + 1
   return x, { fx }
end
