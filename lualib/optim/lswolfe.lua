--[[ optim.lswolfe — a line search satisfying the strong Wolfe conditions
(Torch7's port of minFunc's WolfeLineSearch), for optim.lbfgs:

    config.lineSearch = optim.lswolfe

ARGS:
- `opfunc` : a function (the objective) that takes a single input (X),
             the point of evaluation, and returns f(X) and df/dX
- `x`          : initial point / starting location (moved to x + t*d)
- `t`          : initial step size
- `d`          : descent direction
- `f`          : initial function value
- `g`          : gradient at initial location
- `gtd`        : directional derivative at starting location
- `options.c1` : sufficient decrease parameter (default 1e-4)
- `options.c2` : curvature parameter (default 0.9)
- `options.tolX`    : minimum allowable step length (default 1e-9)
- `options.maxIter` : maximum nb of iterations (default 20)

RETURN:
- `f`          : function value at x+t*d
- `g`          : gradient value at x+t*d
- `x`          : the next x (=x+t*d)
- `t`          : the step length
- `lsFuncEval` : the number of function evaluations

First it brackets an interval that contains a point satisfying both
conditions (extrapolating by cubic interpolation, optim.polyinterp), then
zooms into it.  Gradients are copied as they come in, so an opfunc that
returns the same gradient tensor each time is fine.
]]
local torch = require 'torch'
local U = require 'optim._util'
local polyinterp = require 'optim.polyinterp'
local NAME = 'optim.lswolfe'

return function(opfunc, x, t, d, f, g, gtd, options)
   U.args(NAME, opfunc, x)
   for _, a in ipairs({ { t, 3, 't' }, { f, 5, 'f' }, { gtd, 7, 'gtd' } }) do
      if type(a[1]) ~= 'number' then
         U.bad(NAME, a[2], a[3] .. ' must be a number, got ' .. torch.type(a[1]), 2)
      end
   end
   if not torch.isTensor(d) or d:nElement() ~= x:nElement() then
      U.bad(NAME, 4, 'd must be a tensor of x\'s size', 2)
   end
   if not torch.isTensor(g) or g:nElement() ~= x:nElement() then
      U.bad(NAME, 6, 'g must be a tensor of x\'s size', 2)
   end
   options = options or {}
   local c1 = options.c1 or 1e-4
   local c2 = options.c2 or 0.9
   local tolX = options.tolX or 1e-9
   local maxIter = options.maxIter or 20
   local isverbose = options.verbose or false
   local abs, min, max = math.abs, math.min, math.max

   local function verbose(...)
      if isverbose then print('<optim.lswolfe> ', ...) end
   end

   local n = x:nElement()
   local df = d:contiguous():view(n)
   local function flat(v) return v:contiguous():view(n) end

   -- evaluate objective and gradient using initial step
   local x_init = x:clone()
   x:add(t, d)
   local f_new, g_new = U.eval(NAME, opfunc, x)
   local lsFuncEval = 1
   local gtd_new = flat(g_new):dot(df)

   -- bracket an interval containing a point satisfying the Wolfe criteria
   local LSiter, t_prev, done = 0, 0, false
   local f_prev, g_prev, gtd_prev = f, flat(g):clone(), gtd
   local bracket, bracketFval, bracketGval
   local function two(ta, fa, ga, tb, fb, gb)
      bracket, bracketFval = { ta, tb }, { fa, fb }
      bracketGval = { x.new(n):copy(ga), x.new(n):copy(gb) }
   end
   while LSiter < maxIter do
      if (f_new > (f + c1 * t * gtd)) or (LSiter > 1 and f_new >= f_prev) then
         two(t_prev, f_prev, g_prev, t, f_new, flat(g_new))
         break
      elseif abs(gtd_new) <= -c2 * gtd then
         bracket, bracketFval = { t }, { f_new }
         bracketGval = { x.new(n):copy(flat(g_new)) }
         done = true
         break
      elseif gtd_new >= 0 then
         two(t_prev, f_prev, g_prev, t, f_new, flat(g_new))
         break
      end

      -- interpolate
      local tmp = t_prev
      t_prev = t
      local minStep = t + 0.01 * (t - tmp)
      local maxStep = t * 10
      t = polyinterp({ { tmp, f_prev, gtd_prev }, { t, f_new, gtd_new } }, minStep, maxStep)

      -- next step
      f_prev = f_new
      g_prev = flat(g_new):clone()
      gtd_prev = gtd_new
      x:copy(x_init)
      x:add(t, d)
      f_new, g_new = U.eval(NAME, opfunc, x)
      lsFuncEval = lsFuncEval + 1
      gtd_new = flat(g_new):dot(df)
      LSiter = LSiter + 1
   end

   -- reached max nb of iterations?
   if LSiter == maxIter then
      two(0, f, flat(g), t, f_new, flat(g_new))
   end

   -- zoom phase: refine the bracket until a point satisfies the criteria
   local insufProgress = false
   while not done and LSiter < maxIter do
      -- high and low points of the bracket (ties: the first, as torch.min)
      local LOpos = bracketFval[1] <= bracketFval[2] and 1 or 2
      local f_LO = bracketFval[LOpos]
      local HIpos = 3 - LOpos

      -- new trial value
      t = polyinterp({ { bracket[1], bracketFval[1], bracketGval[1]:dot(df) },
                       { bracket[2], bracketFval[2], bracketGval[2]:dot(df) } })

      -- make sure we are making sufficient progress
      local bmax, bmin = max(bracket[1], bracket[2]), min(bracket[1], bracket[2])
      if min(bmax - t, t - bmin) / (bmax - bmin) < 0.1 then
         if insufProgress or t >= bmax or t <= bmin then
            if abs(t - bmax) < abs(t - bmin) then
               t = bmax - 0.1 * (bmax - bmin)
            else
               t = bmin + 0.1 * (bmax - bmin)
            end
            insufProgress = false
         else
            insufProgress = true
         end
      else
         insufProgress = false
      end

      -- evaluate the new point
      x:copy(x_init)
      x:add(t, d)
      f_new, g_new = U.eval(NAME, opfunc, x)
      lsFuncEval = lsFuncEval + 1
      gtd_new = flat(g_new):dot(df)
      LSiter = LSiter + 1
      if f_new > f + c1 * t * gtd or f_new >= f_LO then
         -- Armijo condition not satisfied or not lower than lowest point
         bracket[HIpos] = t
         bracketFval[HIpos] = f_new
         bracketGval[HIpos]:copy(flat(g_new))
      else
         if abs(gtd_new) <= -c2 * gtd then
            done = true          -- Wolfe conditions satisfied
         elseif gtd_new * (bracket[HIpos] - bracket[LOpos]) >= 0 then
            -- old HI becomes new LO
            bracket[HIpos] = bracket[LOpos]
            bracketFval[HIpos] = bracketFval[LOpos]
            bracketGval[HIpos]:copy(bracketGval[LOpos])
         end
         -- new point becomes new LO
         bracket[LOpos] = t
         bracketFval[LOpos] = f_new
         bracketGval[LOpos]:copy(flat(g_new))
      end

      if not done and abs((bracket[1] - bracket[2]) * gtd_new) < tolX then
         break
      end
   end

   if LSiter == maxIter then verbose('reached max number of iterations') end

   -- return the lowest point of the bracket
   local LOpos = 1
   if #bracket == 2 and bracketFval[2] < bracketFval[1] then LOpos = 2 end
   t = bracket[LOpos]
   f_new = bracketFval[LOpos]
   g_new = bracketGval[LOpos]:view(g:size())
   x:copy(x_init)
   x:add(t, d)
   return f_new, g_new, x, t, lsFuncEval
end
