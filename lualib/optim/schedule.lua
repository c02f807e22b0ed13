--[[ optim.schedule — learning-rate schedules an optimizer consults at each
step through config.schedule.

    config = { learningRate = 0.1, schedule = optim.schedule.cosine{ T_max = 100 } }
    for i = 1, 100 do optim.sgd(feval, x, config) end

A schedule is a callable object: schedule(step, lr) returns the learning
rate for `step` (1 for an optimizer's first call, as counted in
state.scheduleStep) given the configured base rate lr = config.learningRate.
The optimizer uses what it returns in place of config.learningRate for that
call (Torch7's learningRateDecay, where an algorithm has one, still applies
on top) and leaves it in state.currentLearningRate.  Without
config.schedule nothing changes: Torch7's behaviour and defaults stand.
Any function(step, lr) -> number works as a schedule too.

The formulas are PyTorch's closed forms (torch.optim.lr_scheduler), with
PyTorch's epoch e = step - 1:
- step{ stepSize = n, gamma = 0.1 }         lr * gamma ^ floor(e / n)      (StepLR)
- multistep{ milestones = {..}, gamma = 0.1 } lr * gamma ^ #{m <= e}       (MultiStepLR)
- exponential{ gamma = g }                  lr * g ^ e                     (ExponentialLR)
- cosine{ T_max = n, eta_min = 0 }          eta_min + (lr - eta_min) (1 + cos(pi e / n)) / 2
                                            (CosineAnnealingLR; past T_max the cosine goes
                                            on, rising again, as PyTorch's closed form does)
- linear{ start = 1/3, finish = 1, steps = 5 } lr * (start + (finish - start) min(e, n) / n)
                                            (LinearLR)
- warmup{ steps = n, start = 0, after = s } rises linearly from lr * start at step 1 to lr at
                                            step n + 1, then follows schedule `after` (if any)
                                            counted from 1 again
]]
local torch = require 'torch'

local S = {}
local fmt = string.format

local Schedule = {}
Schedule.__index = Schedule
Schedule.__call = function(self, step, lr) return self.fn(step, lr) end
Schedule.__tostring = function(self) return 'optim.schedule.' .. self.desc end

local function make(desc, fn)
   return setmetatable({ desc = desc, fn = fn }, Schedule)
end

local function opts(name, o)
   if type(o) ~= 'table' then
      error(fmt("bad argument #1 to 'optim.schedule.%s' (a table of options expected, got %s)",
                name, torch.type(o)), 3)
   end
   return o
end

local function opt(name, o, key, default, rule, what)
   local v = o[key]
   if v == nil then v = default end
   if v == nil then
      error(fmt("bad argument #1 to 'optim.schedule.%s' (option '%s' (%s) is required)",
                name, key, what), 3)
   end
   if type(v) ~= 'number' or not rule(v) then
      error(fmt("bad argument #1 to 'optim.schedule.%s' (option '%s' must be %s, got %s)",
                name, key, what, tostring(v)), 3)
   end
   return v
end

local function posint(v) return v >= 1 and v == math.floor(v) end
local function nonneg(v) return v >= 0 end
local function pos(v) return v > 0 end

function S.step(o)
   opts('step', o)
   local n = opt('step', o, 'stepSize', nil, posint, 'an integer >= 1')
   local gamma = opt('step', o, 'gamma', 0.1, nonneg, 'a non-negative number')
   return make(fmt('step{stepSize=%d, gamma=%g}', n, gamma), function(step, lr)
      return lr * gamma ^ ((step - 1) // n)
   end)
end

function S.multistep(o)
   opts('multistep', o)
   local ms = o.milestones
   if type(ms) ~= 'table' then
      error(fmt("bad argument #1 to 'optim.schedule.multistep' (option 'milestones' " ..
                "(a list of steps) is required, got %s)", torch.type(ms)), 2)
   end
   for i, m in ipairs(ms) do
      if type(m) ~= 'number' or m < 0 or (i > 1 and m < ms[i - 1]) then
         error("bad argument #1 to 'optim.schedule.multistep' (milestones must be " ..
               "non-negative and increasing)", 2)
      end
   end
   local gamma = opt('multistep', o, 'gamma', 0.1, nonneg, 'a non-negative number')
   local list = { table.unpack(ms) }
   return make('multistep{...}', function(step, lr)
      local e, k = step - 1, 0
      for _, m in ipairs(list) do if m <= e then k = k + 1 end end
      return lr * gamma ^ k
   end)
end

function S.exponential(o)
   opts('exponential', o)
   local gamma = opt('exponential', o, 'gamma', nil, pos, 'a positive number')
   return make(fmt('exponential{gamma=%g}', gamma), function(step, lr)
      return lr * gamma ^ (step - 1)
   end)
end

function S.cosine(o)
   opts('cosine', o)
   local T = opt('cosine', o, 'T_max', nil, posint, 'an integer >= 1')
   local emin = opt('cosine', o, 'eta_min', 0, nonneg, 'a non-negative number')
   return make(fmt('cosine{T_max=%d, eta_min=%g}', T, emin), function(step, lr)
      return emin + (lr - emin) * (1 + math.cos(math.pi * (step - 1) / T)) / 2
   end)
end

function S.linear(o)
   opts('linear', o)
   local a = opt('linear', o, 'start', 1 / 3, nonneg, 'a non-negative number')
   local b = opt('linear', o, 'finish', 1, nonneg, 'a non-negative number')
   local n = opt('linear', o, 'steps', 5, posint, 'an integer >= 1')
   return make(fmt('linear{start=%g, finish=%g, steps=%d}', a, b, n), function(step, lr)
      return lr * (a + (b - a) * math.min(step - 1, n) / n)
   end)
end

function S.warmup(o)
   opts('warmup', o)
   local n = opt('warmup', o, 'steps', nil, posint, 'an integer >= 1')
   local a = opt('warmup', o, 'start', 0, nonneg, 'a non-negative number')
   local after = o.after
   if after ~= nil and type(after) ~= 'function' and
      not (type(after) == 'table' and getmetatable(after) and getmetatable(after).__call) then
      error(fmt("bad argument #1 to 'optim.schedule.warmup' (option 'after' must be a " ..
                "schedule, got %s)", torch.type(after)), 2)
   end
   return make(fmt('warmup{steps=%d, start=%g%s}', n, a, after and ', after=...' or ''),
      function(step, lr)
         if step <= n then return lr * (a + (1 - a) * (step - 1) / n) end
         if after then return after(step - n, lr) end
         return lr
      end)
end

return S
