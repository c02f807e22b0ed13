-- nn/CAddTable.lua — the elementwise sum of a table of same-sized tensors.
-- Each input's gradient is gradOutput.  With inplace, input[1] receives
-- the sum and the gradients are gradOutput itself.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local CAddTable, parent = torch.class('nn.CAddTable', 'nn.Module')

function CAddTable:__init(ip)
   parent.__init(self)
   self.inplace = ip
   self.gradInput = {}
end

-- the table layers' shared check: a table of tensors with one element count
function nn.utils.checkSameSize(where, input, min)
   nn.utils.checkTable(where, input, min)
   for i = 2, #input do
      if input[i]:nElement() ~= input[1]:nElement() then
         error(string.format('%s: element %d has size %s, element 1 %s', where, i,
                             nn.utils.shape(input[i]), nn.utils.shape(input[1])), 3)
      end
   end
end

function CAddTable:updateOutput(input)
   nn.utils.checkSameSize('nn.CAddTable', input, 1)
   if self.inplace then
      self.output:set(input[1])
   else
      self.output:resizeAs(input[1]):copy(input[1])
   end
   for i = 2, #input do self.output:add(input[i]) end
   return self.output
end

function CAddTable:updateGradInput(input, gradOutput)
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[1].new()
      if self.inplace then
         self.gradInput[i]:set(gradOutput)
      else
         self.gradInput[i]:resizeAs(input[i]):copy(gradOutput)
      end
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function CAddTable:type(typename, cache)
   self.gradInput = {}
   return parent.type(self, typename, cache)
end

function CAddTable:clearState()
   self.gradInput = {}
   return nn.utils.clear(self, 'output')
end

return CAddTable
