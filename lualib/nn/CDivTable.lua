-- nn/CDivTable.lua — input[1] / input[2]; gradients gradOutput / input[2]
-- and -gradOutput * output / input[2].
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.CAddTable'

local CDivTable, parent = torch.class('nn.CDivTable', 'nn.Module')

function CDivTable:__init()
   parent.__init(self)
   self.gradInput = {}
end

function CDivTable:updateOutput(input)
   nn.utils.checkSameSize('nn.CDivTable', input, 2)
   self.output:resizeAs(input[1]):copy(input[1]):cdiv(input[2])
   return self.output
end

function CDivTable:updateGradInput(input, gradOutput)
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[2] = self.gradInput[2] or input[1].new()
   self.gradInput[1]:resizeAs(input[1]):copy(gradOutput):cdiv(input[2])
   self.gradInput[2]:resizeAs(input[2]):copy(self.gradInput[1]):cmul(self.output):mul(-1)
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function CDivTable:type(typename, cache)
   self.gradInput = {}
   return parent.type(self, typename, cache)
end

function CDivTable:clearState()
   self.gradInput = {}
   return nn.utils.clear(self, 'output')
end

return CDivTable
