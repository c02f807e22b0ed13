-- nn/Tanh.lua — y = tanh(x); dx = dy * (1 - y^2).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Tanh = torch.class('nn.Tanh', 'nn.Module')

function Tanh:updateOutput(input)
   nn.utils.checkTensor('nn.Tanh', input)
   self.output:resizeAs(input):tanh(input)
   return self.output
end

function Tanh:updateGradInput(input, gradOutput)
   local y = self.output
   self.gradInput:resizeAs(y):cmul(y, y):mul(-1):add(1):cmul(gradOutput)
   return self.gradInput
end

return Tanh
