--[[ optim.adagrad — AdaGrad (Duchi et al., 2011), Torch7's formulation.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate`      : learning rate (default 1e-3)
- `config.learningRateDecay` : lr_t = lr / (1 + evalCounter * decay)
- `config.weightDecay`       : L2 weight decay added to df/dx (default 0)
- `config.epsilon`           : added to the root of the sum (default 1e-10)
- `config.schedule`          : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.evalCounter`   : evaluation counter
- `state.paramVariance` : running sum of squared gradients
- `state.paramStd`      : buffer for sqrt(paramVariance) + epsilon

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update

x -= lr_t * g / (sqrt(sum g^2) + 1e-10): epsilon outside the root, as in
PyTorch's torch.optim.Adagrad (eps 1e-10, initial accumulator 0), whose
lr_decay is the same 1 / (1 + (step - 1) * decay).
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.adagrad'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 1e-3, 'nonneg')
   local lrd = U.num(NAME, config, 'learningRateDecay', 0, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')
   local epsilon = U.num(NAME, config, 'epsilon', 1e-10, 'nonneg')
   state.evalCounter = state.evalCounter or 0
   local nevals = state.evalCounter

   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)
   if wd ~= 0 then dfdx:add(wd, x) end

   local clr = lr / (1 + nevals * lrd)
   local var = U.buffer(state, 'paramVariance', x, dfdx)
   local std = U.buffer(state, 'paramStd', x, dfdx)
   var:addcmul(1, dfdx, dfdx)
   std:sqrt(var):add(epsilon)
   x:addcdiv(-clr, dfdx, std)

   state.evalCounter = state.evalCounter + 1
   return x, { fx }
end
