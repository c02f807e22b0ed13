-- nn/Sequential.lua — modules applied one after the other; backward walks
-- them in reverse, each child getting the gradInput of the one after it.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Container'

local Sequential, parent = torch.class('nn.Sequential', 'nn.Container')

function Sequential:add(module)
   parent.add(self, module)
   if #self.modules == 1 then self.gradInput = module.gradInput end
   self.output = module.output
   return self
end

function Sequential:insert(module, index)
   index = index or (#self.modules + 1)
   if index > #self.modules + 1 or index < 1 then
      error(string.format("bad argument #2 to 'insert' (index %d out of range 1..%d)",
                          index, #self.modules + 1), 2)
   end
   table.insert(self.modules, index, module)
   self.output = self.modules[#self.modules].output
   self.gradInput = self.modules[1].gradInput
   return self
end

function Sequential:remove(index)
   index = index or #self.modules
   if index > #self.modules or index < 1 then
      error(string.format("bad argument #1 to 'remove' (index %d out of range 1..%d)",
                          index, #self.modules), 2)
   end
   table.remove(self.modules, index)
   if #self.modules > 0 then
      self.output = self.modules[#self.modules].output
      self.gradInput = self.modules[1].gradInput
   else
      self.output = torch.Tensor()
      self.gradInput = torch.Tensor()
   end
   return self
end

function Sequential:updateOutput(input)
   local current = input
   for i = 1, #self.modules do
      current = self:rethrowErrors(self.modules[i], i, 'updateOutput', current)
   end
   self.output = current
   return current
end

function Sequential:updateGradInput(input, gradOutput)
   if #self.modules == 0 then self.gradInput = gradOutput; return gradOutput end
   local g = gradOutput
   for i = #self.modules, 2, -1 do
      local prev = self.modules[i - 1]
      g = self:rethrowErrors(self.modules[i], i, 'updateGradInput', prev.output, g)
   end
   g = self:rethrowErrors(self.modules[1], 1, 'updateGradInput', input, g)
   self.gradInput = g
   return g
end

function Sequential:accGradParameters(input, gradOutput, scale)
   if #self.modules == 0 then return end
   scale = scale or 1
   local g = gradOutput
   for i = #self.modules, 2, -1 do
      local cur, prev = self.modules[i], self.modules[i - 1]
      self:rethrowErrors(cur, i, 'accGradParameters', prev.output, g, scale)
      g = cur.gradInput
   end
   self:rethrowErrors(self.modules[1], 1, 'accGradParameters', input, g, scale)
end

function Sequential:backward(input, gradOutput, scale)
   if nn.utils.recording() then
      return nn.utils.noGrad(Sequential.backward, self, input, gradOutput, scale)
   end
   if #self.modules == 0 then self.gradInput = gradOutput; return gradOutput end
   scale = scale or 1
   local g = gradOutput
   for i = #self.modules, 2, -1 do
      local prev = self.modules[i - 1]
      g = self:rethrowErrors(self.modules[i], i, 'backward', prev.output, g, scale)
   end
   g = self:rethrowErrors(self.modules[1], 1, 'backward', input, g, scale)
   self.gradInput = g
   return g
end

function Sequential:accUpdateGradParameters(input, gradOutput, lr)
   if #self.modules == 0 then return end
   local g = gradOutput
   for i = #self.modules, 2, -1 do
      local cur, prev = self.modules[i], self.modules[i - 1]
      self:rethrowErrors(cur, i, 'accUpdateGradParameters', prev.output, g, lr)
      g = cur.gradInput
   end
   self:rethrowErrors(self.modules[1], 1, 'accUpdateGradParameters', input, g, lr)
end

function Sequential:__tostring__()
   local tab, line, arrow = '  ', '\n', ' -> '
   local str = 'nn.Sequential {' .. line .. tab .. '[input'
   for i = 1, #self.modules do str = str .. arrow .. '(' .. i .. ')' end
   str = str .. arrow .. 'output]'
   for i = 1, #self.modules do
      str = str .. line .. tab .. '(' .. i .. '): '
            .. tostring(self.modules[i]):gsub(line, line .. tab)
   end
   return str .. line .. '}'
end

return Sequential
