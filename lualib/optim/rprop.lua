--[[ optim.rprop — resilient backpropagation (Riedmiller & Braun, 1993),
Torch7's formulation (RPROP without weight backtracking, "Rprop-").

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.stepsize`    : initial step size, common to all components (0.1)
- `config.etaplus`     : multiplicative increase factor, > 1 (default 1.2)
- `config.etaminus`    : multiplicative decrease factor, < 1 (default 0.5)
- `config.stepsizemax` : maximum step size allowed (default 50)
- `config.stepsizemin` : minimum step size allowed (default 1e-6)
- `config.niter`       : number of iterations per call (default 1)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.delta`    : the previous gradient (zeroed where its sign flipped)
- `state.stepsize` : per-component step sizes

RETURN:
- `x`     : the new x vector
- `{f(x)...}` : the function values, one per iteration, before each update

Where the gradient keeps its sign the step grows by etaplus, where it flips
the step shrinks by etaminus and that component does not move this time
(its df/dx is set to 0, in place, as Torch7 did).  This is PyTorch's
torch.optim.Rprop with lr = stepsize.  Step sizes adapt by themselves, so
config.schedule is not consulted.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.rprop'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   -- with state == config (Torch7's default) state.stepsize, the tensor of
   -- per-component steps, replaces the initial step size after the first call
   local stepsize = 0.1
   if not (state == config and torch.isTensor(config.stepsize)) then
      stepsize = U.num(NAME, config, 'stepsize', 0.1, 'pos')
   end
   local etaplus = U.num(NAME, config, 'etaplus', 1.2, 'pos')
   local etaminus = U.num(NAME, config, 'etaminus', 0.5, 'pos')
   local stepsizemax = U.num(NAME, config, 'stepsizemax', 50.0, 'pos')
   local stepsizemin = U.num(NAME, config, 'stepsizemin', 1e-6, 'nonneg')
   local niter = U.num(NAME, config, 'niter', 1, 'posint')
   if etaplus <= 1 then
      U.bad(NAME, 3, 'config.etaplus must be > 1, got ' .. etaplus, 2)
   end
   if etaminus >= 1 then
      U.bad(NAME, 3, 'config.etaminus must be < 1, got ' .. etaminus, 2)
   end

   local hfx = {}
   for _ = 1, niter do
      local fx, dfdx = U.eval(NAME, opfunc, x)

      if not state.delta or state.delta:nElement() ~= dfdx:nElement() then
         state.delta = x.new(dfdx:size()):zero()
         state.stepsize = x.new(dfdx:size()):fill(stepsize)
         state.sign = x.new(dfdx:size())
         state.psign = torch.ByteTensor(dfdx:size())
         state.nsign = torch.ByteTensor(dfdx:size())
         state.zsign = torch.ByteTensor(dfdx:size())
         state.dminmax = torch.ByteTensor(dfdx:size())
      end
      local sign = state.sign

      -- sign of the change of the derivative from the last step to this one
      sign:cmul(dfdx, state.delta):sign()
      state.psign:gt(sign, 0)
      state.nsign:lt(sign, 0)
      state.zsign:eq(sign, 0)

      -- step-size factors, then the thresholded step sizes
      sign:maskedFill(state.psign, etaplus)
      sign:maskedFill(state.nsign, etaminus)
      sign:maskedFill(state.zsign, 1)
      state.stepsize:cmul(sign)
      state.stepsize:clamp(stepsizemin, stepsizemax)

      -- where the sign flipped, skip this component and forget its gradient
      dfdx:maskedFill(state.nsign, 0)
      sign:copy(dfdx):sign()
      x:addcmul(-1, sign, state.stepsize)
      state.delta:copy(dfdx)

      hfx[#hfx + 1] = fx
   end
   return x, hfx
end
