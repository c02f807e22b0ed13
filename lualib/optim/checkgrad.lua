--[[ optim.checkgrad — compares opfunc's gradient with central finite
differences.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the point at which to check (restored on return)
- `eps`    : the finite-difference step (default 1e-7)

RETURN:
- `diff`   : ||dC - dC_est|| / ||dC + dC_est||, the relative error
- `dC`     : the gradient opfunc returned (a copy, shaped like x)
- `dC_est` : the finite-difference estimate, (f(x+eps) - f(x-eps)) / 2eps

One pair of evaluations per element of x (x must be contiguous), so use it
on small problems, in double precision: a correct gradient gives diff
around 1e-9 or below there.  diff is 0 when both gradients are 0.
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.checkgrad'

local function value(fx)
   if type(fx) == 'number' then return fx end
   if torch.isTensor(fx) and fx:nElement() == 1 then return fx:sum() end
   error(string.format('%s: opfunc must return f(x) as a number, got %s', NAME, torch.type(fx)), 3)
end

return function(opfunc, x, eps)
   U.args(NAME, opfunc, x)
   if eps ~= nil and (type(eps) ~= 'number' or not (eps > 0)) then
      U.bad(NAME, 3, 'eps must be a positive number, got ' .. tostring(eps), 2)
   end
   if not x:isContiguous() then
      U.bad(NAME, 2, 'x must be contiguous', 2)
   end
   eps = eps or 1e-7

   -- the true gradient, copied: opfunc may reuse its gradient tensor
   local fx, g = U.eval(NAME, opfunc, x)
   local dC = x.new(x:size()):copy(g)

   local flat = x:view(x:nElement())
   local est = x.new(x:nElement())
   for i = 1, flat:nElement() do
      local orig = flat[i]
      flat[i] = orig + eps
      local C1 = value((opfunc(x)))
      flat[i] = orig - eps
      local C2 = value((opfunc(x)))
      flat[i] = orig
      est[i] = (C1 - C2) / (2 * eps)
   end
   local dC_est = est:view(x:size())

   local num = torch.norm(dC - dC_est)
   local den = torch.norm(dC + dC_est)
   local diff = (num == 0) and 0 or num / den
   return diff, dC, dC_est
end
