-- nn/CMulTable.lua — the elementwise product of a table of tensors.  The
-- gradient of input[i] is gradOutput times the product of the others,
-- computed directly (not output / input[i], which fails at zeros).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.CAddTable'

local CMulTable, parent = torch.class('nn.CMulTable', 'nn.Module')

function CMulTable:__init()
   parent.__init(self)
   self.gradInput = {}
end

function CMulTable:updateOutput(input)
   nn.utils.checkSameSize('nn.CMulTable', input, 1)
   self.output:resizeAs(input[1]):copy(input[1])
   for i = 2, #input do self.output:cmul(input[i]) end
   return self.output
end

function CMulTable:updateGradInput(input, gradOutput)
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[1].new()
      self.gradInput[i]:resizeAs(input[i]):copy(gradOutput)
      for j = 1, #input do
         if i ~= j then self.gradInput[i]:cmul(input[j]) end
      end
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function CMulTable:type(typename, cache)
   self.gradInput = {}
   return parent.type(self, typename, cache)
end

function CMulTable:clearState()
   self.gradInput = {}
   return nn.utils.clear(self, 'output')
end

return CMulTable
