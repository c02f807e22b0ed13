-- optim/init.lua — Torch7's optim package: optimizers with the functional
-- API `optim.X(opfunc, x, config, state) -> x, {f(x), ...}`, line search,
-- gradient checking, the confusion matrix and learning-rate schedules.
--
-- Every algorithm lives in its own file and returns its function; this file
-- gathers them into one table.  Torch7 scripts say `require 'optim'` and
-- then use the global `optim`, so, as Torch7 did, the table is also
-- published as the global `optim` (unless that name is already taken).
-- optim.Logger (written by another part of Lantern, and pulling in
-- plotting) is loaded on first use through __index, so `require 'optim'`
-- stays cheap and works without it.
local torch = require 'torch'

local optim = {}
package.loaded.optim = optim   -- the modules below publish classes into it

local ALGOS = { 'sgd', 'asgd', 'nag', 'cg', 'lbfgs', 'adagrad', 'adadelta', 'adam',
                'adamax', 'adamw', 'rmsprop', 'rprop', 'lswolfe', 'polyinterp', 'checkgrad' }
for _, name in ipairs(ALGOS) do
   optim[name] = require('optim.' .. name)
end
optim.schedule = require 'optim.schedule'
require 'optim.ConfusionMatrix'

local LAZY = { Logger = 'optim.Logger' }
setmetatable(optim, {
   __index = function(t, k)
      local mod = LAZY[k]
      if not mod then return nil end
      local ok, v = pcall(require, mod)
      if not ok then
         if tostring(v):find("module '" .. mod .. "' not found", 1, true) then
            error(string.format("optim.%s is not available: module '%s' is not installed",
                                k, mod), 2)
         end
         error(v, 0)
      end
      -- a class module publishes itself into optim; a module that returns
      -- its class works too
      local got = rawget(t, k)
      if got == nil and v ~= true then
         got = v
         rawset(t, k, got)
      end
      return got
   end,
})

if rawget(_G, 'optim') == nil then rawset(_G, 'optim', optim) end
return optim
