--[[ optim.sgd — stochastic gradient descent, Torch7's formulation.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.learningRate`      : learning rate (default 1e-3)
- `config.learningRateDecay` : learning rate decay (default 0):
                               lr_t = lr / (1 + evalCounter * decay)
- `config.weightDecay`       : weight decay (L2, added to the gradient)
- `config.weightDecays`      : vector of individual weight decays
- `config.momentum`          : momentum (default 0)
- `config.dampening`         : dampening for momentum (default: momentum)
- `config.nesterov`          : enables Nesterov momentum (needs momentum > 0
                               and dampening 0)
- `config.learningRates`     : vector of individual learning rates
- `config.schedule`          : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer; after each
             call the state is modified (default: config)
- `state.evalCounter`        : evaluation counter (default 0)
- `state.dfdx`               : the momentum buffer

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update

As in Torch7, weight decay and Nesterov momentum are added to the df/dx
tensor opfunc returned, in place.  The order of operations is Torch7's:
weight decay, momentum (the first call copies df/dx into the buffer),
learning-rate decay, then the update; with dampening set to 0 the result is
PyTorch's torch.optim.SGD.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.sgd'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local lr = U.num(NAME, config, 'learningRate', 1e-3, 'nonneg')
   local lrd = U.num(NAME, config, 'learningRateDecay', 0, 'nonneg')
   local wd = U.num(NAME, config, 'weightDecay', 0, 'nonneg')
   local mom = U.num(NAME, config, 'momentum', 0, 'nonneg')
   local damp = U.num(NAME, config, 'dampening', mom, 'any')
   local nesterov = config.nesterov or false
   local lrs = U.pertensor(NAME, config, 'learningRates', x)
   local wds = U.pertensor(NAME, config, 'weightDecays', x)
   if nesterov and not (mom > 0 and damp == 0) then
      U.bad(NAME, 3, 'Nesterov momentum requires a momentum and zero dampening', 2)
   end
   state.evalCounter = state.evalCounter or 0
   local nevals = state.evalCounter

   -- (1) evaluate f(x) and df/dx
   local fx, dfdx = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   lr = U.lr(NAME, config, state, lr)

   -- (2) weight decay with a single or individual coefficients
   if wd ~= 0 then
      dfdx:add(wd, x)
   elseif wds then
      local dp = U.buffer(state, 'decayParameters', x, dfdx)
      dp:copy(wds):cmul(x)
      dfdx:add(dp)
   end

   -- (3) momentum
   if mom ~= 0 then
      if not state.dfdx then
         state.dfdx = x.new(dfdx:size()):copy(dfdx)
      else
         state.dfdx:mul(mom):add(1 - damp, dfdx)
      end
      if nesterov then
         dfdx:add(mom, state.dfdx)
      else
         dfdx = state.dfdx
      end
   end

   -- (4) learning rate decay (annealing)
   local clr = lr / (1 + nevals * lrd)

   -- (5) update with a single or individual learning rates
   if lrs then
      local dp = U.buffer(state, 'deltaParameters', x, dfdx)
      dp:copy(lrs):cmul(dfdx)
      x:add(-clr, dp)
   else
      x:add(-clr, dfdx)
   end

   -- (6) evaluation counter
   state.evalCounter = state.evalCounter + 1
   return x, { fx }
end
