-- nn/L1Penalty.lua — identity forward that adds l1weight * ||x||_1
-- (divided by #x with sizeAverage) to the loss: it is kept in self.loss,
-- and its gradient l1weight * sign(x) is added on the way back (to
-- gradOutput, or alone when provideOutput is false).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local L1Penalty, parent = torch.class('nn.L1Penalty', 'nn.Module')

function L1Penalty:__init(l1weight, sizeAverage, provideOutput)
   parent.__init(self)
   if type(l1weight) ~= 'number' then
      error('nn.L1Penalty: l1weight (number) expected, got ' .. type(l1weight), 2)
   end
   self.l1weight = l1weight
   self.sizeAverage = sizeAverage or false
   if provideOutput == nil then self.provideOutput = true else self.provideOutput = provideOutput end
end

local function weight(self, input)
   return self.sizeAverage and self.l1weight / input:nElement() or self.l1weight
end

function L1Penalty:updateOutput(input)
   nn.utils.checkTensor('nn.L1Penalty', input)
   self.loss = weight(self, input) * input:norm(1)
   self.output = input
   return self.output
end

function L1Penalty:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):sign():mul(weight(self, input))
   if self.provideOutput then self.gradInput:add(gradOutput) end
   return self.gradInput
end

return L1Penalty
