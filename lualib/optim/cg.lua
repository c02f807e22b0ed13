--[[ optim.cg — nonlinear conjugate gradient with Polack-Ribiere updates
and a line search by cubic interpolation/extrapolation under the
Wolfe-Powell conditions: Torch7's rewrite of Carl E. Rasmussen's
minimize.m, meant to give the same results (compare on Rosenbrock:
[x fx c] = minimize([0 0]', 'rosenbrock', -25)).  Only the number of
function evaluations is limited, which matters most in practice.

ARGS:
- `opfunc` : a function that takes a single input, the point of evaluation,
             and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table of parameters
- `config.maxEval` : max number of function evaluations (maxIter * 1.25)
- `config.maxIter` : max number of iterations (default 20)
- `config.rho`     : Wolfe-Powell sufficient decrease (default 0.01)
- `config.sig`     : Wolfe-Powell curvature (default 0.5)
- `config.int`     : don't re-evaluate within int of the limits (0.1)
- `config.ext`     : extrapolate at most ext times the step (3.0)
- `config.ratio`   : maximum allowed slope ratio (100)
- `state`  : temporary buffers, reused between calls (default: config)
- `state.df0`, `state.df1`, `state.df2`, `state.df3`, `state.x0`, `state.s`

RETURN:
- `x*` : the new x vector, at the optimal point
- `f`  : a table of all function values: f[1] is the value before any
         optimization, f[#f] the final value, at x*
- `i`  : the number of function evaluations
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.cg'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local rho = U.num(NAME, config, 'rho', 0.01, 'pos')
   local sig = U.num(NAME, config, 'sig', 0.5, 'pos')
   local int = U.num(NAME, config, 'int', 0.1, 'pos')
   local ext = U.num(NAME, config, 'ext', 3.0, 'pos')
   local maxIter = U.num(NAME, config, 'maxIter', 20, 'posint')
   local ratio = U.num(NAME, config, 'ratio', 100, 'pos')
   local maxEval = U.num(NAME, config, 'maxEval', maxIter * 1.25, 'pos')
   local red = 1

   local i = 0
   local ls_failed = 0
   local fx = {}

   -- three points for the interpolation/extrapolation
   local z1, z2, z3 = 0, 0, 0
   local d1, d2, d3 = 0, 0, 0
   local f1, f2, f3 = 0, 0, 0

   local p = x:nElement()
   local function buf(key)
      local b = state[key]
      if not torch.isTensor(b) or torch.type(b) ~= torch.type(x) then b = x.new() end
      state[key] = b:resize(p)
      return b
   end
   local df1, df2, df3 = buf('df1'), buf('df2'), buf('df3')
   local s = buf('s')          -- search direction
   local x0, df0 = buf('x0'), buf('df0')
   if not x:isContiguous() then U.bad(NAME, 2, 'x must be contiguous', 2) end
   local xf = x:view(p)
   local f0 = 0
   local tdf

   local function eval()
      local f, g = U.eval(NAME, opfunc, x)
      return f, g:contiguous():view(p)
   end

   -- evaluate at initial point
   f1, tdf = eval()
   fx[#fx + 1] = f1
   df1:copy(tdf)
   i = i + 1

   -- initial search direction, slope and step
   s:copy(df1):mul(-1)
   d1 = -s:dot(s)
   z1 = red / (1 - d1)

   while i < math.abs(maxEval) do
      x0:copy(xf)
      f0 = f1
      df0:copy(df1)

      xf:add(z1, s)
      f2, tdf = eval()
      df2:copy(tdf)
      i = i + 1
      d2 = df2:dot(s)
      f3, d3, z3 = f1, d1, -z1   -- point 3 starts equal to point 1
      local m = math.min(maxIter, maxEval - i)
      local success = 0
      local limit = -1

      while true do
         while (f2 > f1 + z1 * rho * d1 or d2 > -sig * d1) and m > 0 do
            limit = z1
            if f2 > f1 then
               z2 = z3 - (0.5 * d3 * z3 * z3) / (d3 * z3 + f2 - f3)
            else
               local A = 6 * (f2 - f3) / z3 + 3 * (d2 + d3)
               local B = 3 * (f3 - f2) - z3 * (d3 + 2 * d2)
               z2 = (math.sqrt(B * B - A * d2 * z3 * z3) - B) / A
            end
            if z2 ~= z2 or z2 == math.huge or z2 == -math.huge then
               z2 = z3 / 2
            end
            z2 = math.max(math.min(z2, int * z3), (1 - int) * z3)
            z1 = z1 + z2
            xf:add(z2, s)
            f2, tdf = eval()
            df2:copy(tdf)
            i = i + 1
            m = m - 1
            d2 = df2:dot(s)
            z3 = z3 - z2
         end
         if f2 > f1 + z1 * rho * d1 or d2 > -sig * d1 then
            break
         elseif d2 > sig * d1 then
            success = 1
            break
         elseif m == 0 then
            break
         end
         local A = 6 * (f2 - f3) / z3 + 3 * (d2 + d3)
         local B = 3 * (f3 - f2) - z3 * (d3 + 2 * d2)
         z2 = -d2 * z3 * z3 / (B + math.sqrt(B * B - A * d2 * z3 * z3))

         if z2 ~= z2 or z2 == math.huge or z2 == -math.huge or z2 < 0 then
            if limit < -0.5 then
               z2 = z1 * (ext - 1)
            else
               z2 = (limit - z1) / 2
            end
         elseif (limit > -0.5) and (z2 + z1) > limit then
            z2 = (limit - z1) / 2
         elseif limit < -0.5 and (z2 + z1) > z1 * ext then
            z2 = z1 * (ext - 1)
         elseif z2 < -z3 * int then
            z2 = -z3 * int
         elseif limit > -0.5 and z2 < (limit - z1) * (1 - int) then
            z2 = (limit - z1) * (1 - int)
         end
         f3 = f2; d3 = d2; z3 = -z2
         z1 = z1 + z2
         xf:add(z2, s)

         f2, tdf = eval()
         df2:copy(tdf)
         i = i + 1
         m = m - 1
         d2 = df2:dot(s)
      end
      if success == 1 then
         f1 = f2
         fx[#fx + 1] = f1
         -- Polack-Ribiere direction
         local ss = (df2:dot(df2) - df2:dot(df1)) / df1:dot(df1)
         s:mul(ss)
         s:add(-1, df2)
         df3:copy(df1)         -- swap df1 and df2 through df3
         df1:copy(df2)
         df2:copy(df3)
         d2 = df1:dot(s)
         if d2 > 0 then
            s:copy(df1):mul(-1)
            d2 = -s:dot(s)
         end
         z1 = z1 * math.min(ratio, d1 / (d2 - 1e-320))
         d1 = d2
         ls_failed = 0
      else
         -- restore the point from before the failed line search
         xf:copy(x0)
         f1 = f0
         df1:copy(df0)
         -- Torch7 tests the number `ls_failed`, which is always true in Lua:
         -- a failed line search ends the call (minimize.m would first retry
         -- along -gradient).  Kept so that results match Torch7's.
         if ls_failed or i > maxEval then
            break
         end
      end
   end
   return x, fx, i
end
