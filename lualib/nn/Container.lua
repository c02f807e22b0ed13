-- nn/Container.lua — what modules holding other modules share: the list
-- self.modules, add/get/size, and forwarding of parameters, zeroing,
-- updates, training/evaluate, sharing, reset and clearState to children.
-- Errors raised inside a child are re-raised naming the child's position,
-- so a failure deep in a model says where it happened.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Container, parent = torch.class('nn.Container', 'nn.Module')

function Container:__init(...)
   parent.__init(self, ...)
   self.modules = {}
end

function Container:add(module)
   if not torch.isTypeOf(module, 'nn.Module') then
      error(string.format("bad argument #1 to 'add' (nn.Module expected, got %s)",
                          torch.type(module)), 2)
   end
   table.insert(self.modules, module)
   return self
end

function Container:get(index)
   return self.modules[index]
end

function Container:size()
   return #self.modules
end

-- Call module[funcName](module, ...); an error is re-raised prefixed with
-- "In <i> module of <container type>:" (once per level of nesting).
function Container:rethrowErrors(module, moduleIndex, funcName, ...)
   local ok, ret = xpcall(module[funcName], function(err)
      if type(err) ~= 'string' then return err end
      return string.format('In %d module of %s:\n%s', moduleIndex, torch.type(self), err)
   end, module, ...)
   if not ok then error(ret, 0) end
   return ret
end

function Container:applyToModules(func)
   for _, module in ipairs(self.modules) do func(module) end
end

function Container:zeroGradParameters()
   self:applyToModules(function(m) m:zeroGradParameters() end)
end

function Container:updateParameters(learningRate)
   self:applyToModules(function(m) m:updateParameters(learningRate) end)
end

function Container:training()
   self:applyToModules(function(m) m:training() end)
   parent.training(self)
end

function Container:evaluate()
   self:applyToModules(function(m) m:evaluate() end)
   parent.evaluate(self)
end

function Container:share(mlp, ...)
   for i = 1, #self.modules do self.modules[i]:share(mlp.modules[i], ...) end
   return self
end

function Container:reset(stdv)
   self:applyToModules(function(m) m:reset(stdv) end)
end

function Container:parameters()
   local w, gw = {}, {}
   for i = 1, #self.modules do
      local mw, mgw = self.modules[i]:parameters()
      if mw then
         for j = 1, #mw do
            w[#w + 1] = mw[j]
            gw[#gw + 1] = mgw[j]
         end
      end
   end
   return w, gw
end

function Container:clearState()
   nn.utils.clear(self, 'output', 'gradInput')
   for _, module in pairs(self.modules) do module:clearState() end
   return self
end

-- Torch7's drawing of a container whose children all see the input:
--   nn.ConcatTable {
--     input
--       |`-> (1): nn.Linear(2 -> 3)
--        `-> (2): nn.Identity
--        ... -> output
--   }
function Container:branchString()
   local tab, line = '  ', '\n'
   local str = torch.type(self) .. ' {' .. line .. tab .. 'input'
   for i = 1, #self.modules do
      local s = tostring(self.modules[i])
      if i == #self.modules then
         str = str .. line .. tab .. '   `-> (' .. i .. '): ' .. s:gsub(line, line .. tab .. '       ')
      else
         str = str .. line .. tab .. '  |`-> (' .. i .. '): ' .. s:gsub(line, line .. tab .. '  |    ')
      end
   end
   return str .. line .. tab .. '   ... -> output' .. line .. '}'
end

return Container
