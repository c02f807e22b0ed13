-- nn/TanhShrink.lua — y = x - tanh(x); dy/dx = tanh(x)^2.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local TanhShrink, parent = torch.class('nn.TanhShrink', 'nn.Module')

function TanhShrink:updateOutput(input)
   nn.utils.checkTensor('nn.TanhShrink', input)
   self._tanh = self._tanh or input.new()
   self._tanh:resizeAs(input):tanh(input)
   self.output:resizeAs(input):copy(input):add(-1, self._tanh)
   return self.output
end

function TanhShrink:updateGradInput(input, gradOutput)
   self._tanh = self._tanh or input.new()
   self._tanh:resizeAs(input):tanh(input)
   self.gradInput:resizeAs(input):copy(self._tanh):cmul(self._tanh):cmul(gradOutput)
   return self.gradInput
end

function TanhShrink:clearState()
   self._tanh = nil
   return parent.clearState(self)
end

return TanhShrink
