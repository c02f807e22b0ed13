-- optim/_util.lua — argument checks and the learning-rate schedule hook
-- shared by every algorithm in optim (internal: not part of the public API).
--
-- Each optimizer is Torch7's `optim.X(opfunc, x, config, state)`.  Before it
-- touches anything it checks its arguments here, so a bad call raises one
-- clear error naming the function, the argument and the problem
-- (`bad argument #3 to 'optim.sgd' (config.learningRate must be a
-- non-negative number, got -1)`) instead of failing deep inside a tensor op
-- or, worse, silently producing NaNs.  The function value and gradient that
-- opfunc returns are checked on every evaluation: that costs two type tests
-- and one nElement, nothing per element.
local torch = require 'torch'

local U = {}

local fmt = string.format

-- error() level that points at the user's call of optim.X: 1 is error's
-- caller (a function here), 2 the optimizer, 3 the user.
local USER = 3

local function kind(v)
   local t = torch.type(v)
   if t == 'number' then return tostring(v) end
   return t
end

function U.bad(name, argn, msg, level)
   error(fmt("bad argument #%d to '%s' (%s)", argn, name, msg), (level or USER) + 1)
end

-- opfunc (#1), x (#2), config (#3) and state (#4); returns config, state
-- with Torch7's defaults (state defaults to config).
function U.args(name, opfunc, x, config, state)
   local ot = type(opfunc)
   local callable = ot == 'function' or
      (ot == 'table' or ot == 'userdata') and getmetatable(opfunc) and getmetatable(opfunc).__call
   if not callable then
      U.bad(name, 1, 'opfunc must be a function returning f(x) and df/dx, got ' .. kind(opfunc))
   end
   if not torch.isTensor(x) then
      U.bad(name, 2, 'x must be a tensor, got ' .. kind(x))
   end
   if config ~= nil and type(config) ~= 'table' then
      U.bad(name, 3, 'config must be a table or nil, got ' .. kind(config))
   end
   if state ~= nil and type(state) ~= 'table' then
      U.bad(name, 4, 'state must be a table or nil, got ' .. kind(state))
   end
   config = config or {}
   local sched = config.schedule
   if sched ~= nil and not (type(sched) == 'function' or (type(sched) == 'table' and
                            getmetatable(sched) and getmetatable(sched).__call)) then
      U.bad(name, 3, 'config.schedule must be a function or an optim.schedule, got ' .. kind(sched))
   end
   return config, state or config
end

-- A numeric option config[key] (default when absent), checked against
-- `rule`: 'nonneg' (>= 0), 'pos' (> 0), 'unit' (0 <= v < 1), 'unitc'
-- (0 <= v <= 1), 'posint' (integer >= 1) or nil (any number).
local RULES = {
   nonneg = { function(v) return v >= 0 end, 'a non-negative number' },
   pos = { function(v) return v > 0 end, 'a positive number' },
   unit = { function(v) return v >= 0 and v < 1 end, 'a number in [0, 1)' },
   unitc = { function(v) return v >= 0 and v <= 1 end, 'a number in [0, 1]' },
   posint = { function(v) return v >= 1 and v == math.floor(v) end, 'an integer >= 1' },
   any = { function(v) return v == v end, 'a number' },
}

function U.num(name, config, key, default, rule)
   local v = config[key]
   if v == nil then return default end
   local r = RULES[rule or 'any']
   if type(v) ~= 'number' or not r[1](v) then
      U.bad(name, 3, fmt('config.%s must be %s, got %s', key, r[2], kind(v)))
   end
   return v
end

-- An optional per-parameter tensor option (learningRates, weightDecays):
-- a tensor with x's number of elements.
function U.pertensor(name, config, key, x)
   local v = config[key]
   if v == nil then return nil end
   if not torch.isTensor(v) then
      U.bad(name, 3, fmt('config.%s must be a tensor, got %s', key, kind(v)))
   end
   if v:nElement() ~= x:nElement() then
      U.bad(name, 3, fmt('config.%s must have %d elements (as many as x), got %d',
                         key, x:nElement(), v:nElement()))
   end
   return v
end

-- Calls opfunc(x) and checks what it returned: f(x) a number (a
-- one-element tensor is read as its value) and df/dx a tensor of x's type
-- with x's number of elements.
function U.eval(name, opfunc, x)
   local fx, dfdx = opfunc(x)
   if type(fx) ~= 'number' then
      if torch.isTensor(fx) and fx:nElement() == 1 then
         fx = fx:sum()
      else
         error(fmt("%s: opfunc must return f(x) (a number) and df/dx (a tensor of x's size); " ..
                   "f(x) is %s", name, kind(fx)), USER)
      end
   end
   if not torch.isTensor(dfdx) then
      error(fmt("%s: opfunc must return f(x) (a number) and df/dx (a tensor of x's size); " ..
                "df/dx is %s", name, kind(dfdx)), USER)
   end
   if dfdx:nElement() ~= x:nElement() then
      error(fmt("%s: df/dx returned by opfunc has %d elements, x has %d",
                name, dfdx:nElement(), x:nElement()), USER)
   end
   if torch.type(dfdx) ~= torch.type(x) then
      error(fmt("%s: df/dx returned by opfunc is a %s, x is a %s",
                name, torch.type(dfdx), torch.type(x)), USER)
   end
   return fx, dfdx
end

-- The learning rate for this call.  Without config.schedule it is `lr`
-- unchanged, so Torch7's behaviour is untouched.  With one, the schedule
-- is called as schedule(step, lr) where step counts this optimizer's calls
-- from 1 (state.scheduleStep); the rate used is left in
-- state.currentLearningRate for logging.
function U.lr(name, config, state, lr)
   local sched = config.schedule     -- its type was checked by U.args
   if sched == nil then return lr end
   local step = (state.scheduleStep or 0) + 1
   state.scheduleStep = step
   local v = sched(step, lr)
   if type(v) ~= 'number' or v ~= v or v < 0 then
      error(fmt('%s: config.schedule returned %s at step %d; a learning rate must be a ' ..
                'non-negative number', name, kind(v), step), USER)
   end
   state.currentLearningRate = v
   return v
end

-- A zeroed buffer of x's type and dfdx's size, allocated once: state[key]
-- is reused when it exists and still has the right number of elements.
function U.buffer(state, key, x, like, fill)
   local b = state[key]
   if b == nil or b:nElement() ~= like:nElement() or torch.type(b) ~= torch.type(x) then
      b = x.new(like:size())
      if fill then b:fill(fill) else b:zero() end
      state[key] = b
   end
   return b
end

return U
