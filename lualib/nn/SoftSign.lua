-- nn/SoftSign.lua — y = x / (1 + |x|); dy/dx = 1 / (1 + |x|)^2.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SoftSign, parent = torch.class('nn.SoftSign', 'nn.Module')

function SoftSign:updateOutput(input)
   nn.utils.checkTensor('nn.SoftSign', input)
   self._den = self._den or input.new()
   self._den:resizeAs(input):copy(input):abs():add(1)
   self.output:resizeAs(input):copy(input):cdiv(self._den)
   return self.output
end

function SoftSign:updateGradInput(input, gradOutput)
   self._den = self._den or input.new()
   self._den:resizeAs(input):copy(input):abs():add(1)
   self.gradInput:resizeAs(input):copy(gradOutput):cdiv(self._den):cdiv(self._den)
   return self.gradInput
end

function SoftSign:clearState()
   self._den = nil
   return parent.clearState(self)
end

return SoftSign
