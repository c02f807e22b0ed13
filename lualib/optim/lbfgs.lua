--[[ optim.lbfgs — limited-memory BFGS, Torch7's port of minFunc (Mark
Schmidt).

Without config.lineSearch it takes fixed steps of config.learningRate
(the first, min(1, 1/|g|_1) * learningRate), which are cheap and suit
stochastic problems; with config.lineSearch = optim.lswolfe it searches for
a step satisfying the strong Wolfe conditions.  The learning rate scales
the first trial step of a line search too.

ARGS:
- `opfunc` : a function that takes a single input (X), the point of
             evaluation, and returns f(X) and df/dX
- `x`      : the initial point (updated in place)
- `config` : a table with configuration parameters for the optimizer
- `config.maxIter`     : maximum number of iterations per call (default 20)
- `config.maxEval`     : maximum number of function evaluations (maxIter*1.25)
- `config.tolFun`      : termination tolerance on the first-order
                         optimality, sum |g| (default 1e-5)
- `config.tolX`        : termination tolerance on progress in terms of
                         function or parameter changes (default 1e-9)
- `config.nCorrection` : number of (s, y) pairs kept (default 100)
- `config.lineSearch`  : a line search function (default: none)
- `config.lineSearchOptions` : options passed to it
- `config.learningRate`: step size (default 1)
- `config.verbose`     : print why it stopped (default false)
- `config.schedule`    : optional learning-rate schedule (optim.schedule)
- `state`  : a table describing the state of the optimizer (default: config)
- `state.funcEval`, `state.nIter` : total evaluations and iterations
- `state.d`, `state.t`, `state.old_dirs`, `state.old_stps`, `state.Hdiag`,
  `state.g_old`, `state.f_old` : the L-BFGS memory, kept between calls

RETURN:
- `x*` : the new x vector, at the optimal point
- `f`  : a table of all function values: `f[1]` is the value of the
         function before any optimization and `f[#f]` is the final value
- `currentFuncEval` : the number of evaluations in this call

PyTorch's torch.optim.LBFGS is a port of this code; it tests max |g| where
this tests sum |g| (tolFun) and max |t d| where this tests sum |t d| (tolX),
and agrees step for step otherwise (without line search).
]]
local torch = require 'torch'
local U = require 'optim._util'
local NAME = 'optim.lbfgs'

return function(opfunc, x, config, state)
   config, state = U.args(NAME, opfunc, x, config, state)
   local maxIter = U.num(NAME, config, 'maxIter', 20, 'posint')
   local maxEval = U.num(NAME, config, 'maxEval', maxIter * 1.25, 'pos')
   local tolFun = U.num(NAME, config, 'tolFun', 1e-5, 'nonneg')
   local tolX = U.num(NAME, config, 'tolX', 1e-9, 'nonneg')
   local nCorrection = U.num(NAME, config, 'nCorrection', 100, 'posint')
   local lineSearch = config.lineSearch
   local lineSearchOpts = config.lineSearchOptions
   local learningRate = U.num(NAME, config, 'learningRate', 1, 'nonneg')
   local isverbose = config.verbose or false
   if lineSearch ~= nil and type(lineSearch) ~= 'function' then
      U.bad(NAME, 3, 'config.lineSearch must be a function (e.g. optim.lswolfe), got ' ..
            torch.type(lineSearch), 2)
   end

   state.funcEval = state.funcEval or 0
   state.nIter = state.nIter or 0

   local verbose = function() end
   if isverbose then verbose = function(...) print('<optim.lbfgs> ', ...) end end
   local abs, min = math.abs, math.min

   -- the algorithm works on flat vectors of p elements
   local p = x:nElement()
   local function flat(v) return v:contiguous():view(p) end

   -- evaluate initial f(x) and df/dx
   local f, g = U.eval(NAME, opfunc, x)
   -- the schedule is consulted after opfunc: an error there leaves scheduleStep alone
   learningRate = U.lr(NAME, config, state, learningRate)
   g = flat(g)
   local f_hist = { f }
   local currentFuncEval = 1
   state.funcEval = state.funcEval + 1

   -- check optimality of initial point
   state.tmp1 = U.buffer(state, 'tmp1', x, g)
   local tmp1 = state.tmp1
   tmp1:copy(g):abs()
   if tmp1:sum() <= tolFun then
      verbose('optimality condition below tolFun')
      return x, f_hist, currentFuncEval
   end

   if not state.dir_bufs then
      -- reusable buffers for y's and s's, and their histories
      state.dir_bufs, state.stp_bufs = {}, {}
      for i = 1, nCorrection + 1 do
         state.dir_bufs[i] = x.new(p)
         state.stp_bufs[i] = x.new(p)
      end
   end

   -- variables cached in state
   local d = state.d
   local t = state.t
   local old_dirs = state.old_dirs
   local old_stps = state.old_stps
   local Hdiag = state.Hdiag
   local g_old = state.g_old
   local f_old = state.f_old

   local nIter = 0
   while nIter < maxIter do
      nIter = nIter + 1
      state.nIter = state.nIter + 1

      -- descent direction
      if state.nIter == 1 then
         d = g:clone():mul(-1)
         old_dirs = {}
         old_stps = {}
         Hdiag = 1
      else
         -- L-BFGS update of the memory
         local y = table.remove(state.dir_bufs)
         local s = table.remove(state.stp_bufs)
         y:add(g, -1, g_old)      -- g - g_old
         s:mul(d, t)              -- d * t
         local ys = y:dot(s)
         if ys > 1e-10 then
            if #old_dirs == nCorrection then
               -- shift history by one (limited memory)
               table.insert(state.dir_bufs, table.remove(old_dirs, 1))
               table.insert(state.stp_bufs, table.remove(old_stps, 1))
            end
            table.insert(old_dirs, s)
            table.insert(old_stps, y)
            Hdiag = ys / y:dot(y)  -- scale of the initial Hessian
         else
            table.insert(state.dir_bufs, y)
            table.insert(state.stp_bufs, s)
         end

         -- two-loop recursion: approximate inverse Hessian times -g
         local k = #old_dirs
         local ro, al = {}, {}
         for i = 1, k do ro[i] = 1 / old_stps[i]:dot(old_dirs[i]) end
         local q = tmp1
         q:mul(g, -1)
         for i = k, 1, -1 do
            al[i] = old_dirs[i]:dot(q) * ro[i]
            q:add(-al[i], old_stps[i])
         end
         local r = d        -- the old d is no longer needed: share its buffer
         r:mul(q, Hdiag)
         for i = 1, k do
            local be_i = old_stps[i]:dot(r) * ro[i]
            r:add(al[i] - be_i, old_dirs[i])
         end
      end
      g_old = g_old or g:clone()
      g_old:copy(g)
      f_old = f

      -- step length
      local gtd = g:dot(d)      -- directional derivative
      if gtd > -tolX then
         -- no progress can be made along that direction
         break
      end
      if state.nIter == 1 then
         tmp1:copy(g):abs()
         t = min(1, 1 / tmp1:sum()) * learningRate
      else
         t = learningRate
      end

      local lsFuncEval = 0
      if lineSearch then
         local gx
         f, gx, x, t, lsFuncEval = lineSearch(opfunc, x, t, d:view(x:size()), f,
                                              g:view(x:size()), gtd, lineSearchOpts)
         g = flat(gx)
         table.insert(f_hist, f)
      else
         -- fixed step
         x:add(t, d:view(x:size()))
         if nIter ~= maxIter then
            -- re-evaluate only if not in the last iteration: in a stochastic
            -- setting that evaluation would be of no use
            local gx
            f, gx = U.eval(NAME, opfunc, x)
            g = flat(gx)
            lsFuncEval = 1
            table.insert(f_hist, f)
         end
      end

      currentFuncEval = currentFuncEval + lsFuncEval
      state.funcEval = state.funcEval + lsFuncEval

      -- stopping conditions
      if nIter == maxIter then
         verbose('reached max number of iterations')
         break
      end
      if currentFuncEval >= maxEval then
         verbose('max nb of function evals')
         break
      end
      tmp1:copy(g):abs()
      if tmp1:sum() <= tolFun then
         verbose('optimality condition below tolFun')
         break
      end
      tmp1:copy(d):mul(t):abs()
      if tmp1:sum() <= tolX then
         verbose('step size below tolX')
         break
      end
      if abs(f - f_old) < tolX then
         verbose('function value changing less than tolX')
         break
      end
   end

   state.old_dirs = old_dirs
   state.old_stps = old_stps
   state.Hdiag = Hdiag
   state.g_old = g_old
   state.f_old = f_old
   state.t = t
   state.d = d
   return x, f_hist, currentFuncEval
end
