-- nn/ParallelTable.lua — child i is applied to input[i]; the output is the
-- table of results.
local torch = require 'torch'
require 'nn.Container'

local ParallelTable, parent = torch.class('nn.ParallelTable', 'nn.Container')

function ParallelTable:__init()
   parent.__init(self)
   self.output = {}
   self.gradInput = {}
end

local function checktable(self, x, what)
   if type(x) ~= 'table' then
      error(string.format('nn.ParallelTable: %s must be a table (got %s)', what, torch.type(x)), 3)
   end
   if #x < #self.modules then
      error(string.format('nn.ParallelTable: %s has %d elements, expected %d (one per module)',
                          what, #x, #self.modules), 3)
   end
end

function ParallelTable:updateOutput(input)
   checktable(self, input, 'input')
   for i = 1, #self.modules do
      self.output[i] = self:rethrowErrors(self.modules[i], i, 'updateOutput', input[i])
   end
   for i = #self.modules + 1, #self.output do self.output[i] = nil end
   return self.output
end

function ParallelTable:updateGradInput(input, gradOutput)
   checktable(self, gradOutput, 'gradOutput')
   for i, module in ipairs(self.modules) do
      self.gradInput[i] = self:rethrowErrors(module, i, 'updateGradInput', input[i], gradOutput[i])
   end
   for i = #self.modules + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function ParallelTable:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   for i, module in ipairs(self.modules) do
      self:rethrowErrors(module, i, 'accGradParameters', input[i], gradOutput[i], scale)
   end
end

function ParallelTable:accUpdateGradParameters(input, gradOutput, lr)
   for i, module in ipairs(self.modules) do
      self:rethrowErrors(module, i, 'accUpdateGradParameters', input[i], gradOutput[i], lr)
   end
end

function ParallelTable:__tostring__()
   return self:branchString()
end

return ParallelTable
