-- nn/SoftMin.lua — softmax of -x: exp(-x_i) / sum_j exp(-x_j), over the
-- features (the dims of nn.SoftMax).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.SoftMax'
local C = torch._nn

local SoftMin, parent = torch.class('nn.SoftMin', 'nn.Module')

function SoftMin:updateOutput(input)
   local dim = nn.utils.softmaxDim(torch.type(self), input)
   self._neg = self._neg or input.new()
   self._neg:resizeAs(input):copy(input):mul(-1)
   C.softmax(torch.type(self), self.output, self._neg, dim, false)
   return self.output
end

function SoftMin:updateGradInput(input, gradOutput)
   nn.utils.checkTensor(torch.type(self), gradOutput, 'gradOutput')
   C.softmax_backward(torch.type(self), self.gradInput, self.output, gradOutput,
                      nn.utils.softmaxDim(torch.type(self), input), false)
   self.gradInput:mul(-1)
   return self.gradInput
end

function SoftMin:clearState()
   if self._neg then self._neg:set() end
   return parent.clearState(self)
end

return SoftMin
