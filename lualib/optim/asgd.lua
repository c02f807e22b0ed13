--[[ optim.asgd — averaged stochastic gradient descent, as in L. Bottou's
sgd-2.0 and Torch7:

    x := (1 - lambda eta_t) x - eta_t df/dx(x)
    a := a + mu_t [ x - a ]
    eta_t = eta0 / (1 + lambda eta0 t) ^ alpha
    mu_t = 1 / max(1, t - t0)

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer;
             Torch7 writes the defaults below into it
- `config.eta0`   : learning rate (default 1e-4)
- `config.lambda` : decay term (default 1e-4)
- `config.alpha`  : power for the eta update (default 0.75)
- `config.t0`     : point at which to start averaging (default 1e6)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.eta_t`, `state.mu_t`, `state.t` : the current rates and step
- `state.ax`  : the averaged x

RETURN:
- `x`     : the new x vector
- `{f(x)}`: the function, evaluated before the update
- `ax`    : the averaged x vector

This is PyTorch's torch.optim.ASGD with lr = eta0, lambd = lambda.  The
rates follow their own schedule, so config.schedule is not consulted.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.asgd'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   config.eta0 = U.num(NAME, config, 'eta0', 1e-4, 'nonneg')
   config.lambda = U.num(NAME, config, 'lambda', 1e-4, 'nonneg')
   config.alpha = U.num(NAME, config, 'alpha', 0.75, 'nonneg')
   config.t0 = U.num(NAME, config, 't0', 1e6, 'nonneg')

   state.eta_t = state.eta_t or config.eta0
   state.mu_t = state.mu_t or 1
   state.t = state.t or 0

   local fx, dfdx = U.eval(NAME, opfunc, x)

   -- decay term, then the gradient step
   x:mul(1 - config.lambda * state.eta_t)
   x:add(-state.eta_t, dfdx)

   -- averaging
   local ax = U.buffer(state, 'ax', x, x)
   local tmp = U.buffer(state, 'tmp', x, x)
   if state.mu_t ~= 1 then
      tmp:copy(x):add(-1, ax):mul(state.mu_t)
      ax:add(tmp)
   else
      ax:copy(x)
   end

   -- next rates
   state.t = state.t + 1
   state.eta_t = config.eta0 / (1 + config.lambda * config.eta0 * state.t) ^ config.alpha
   state.mu_t = 1 / math.max(1, state.t - config.t0)
   return x, { fx }, ax
end
