-- nn/Sigmoid.lua — y = 1 / (1 + exp(-x)); dx = dy * y * (1 - y).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Sigmoid = torch.class('nn.Sigmoid', 'nn.Module')

function Sigmoid:updateOutput(input)
   nn.utils.checkTensor('nn.Sigmoid', input)
   self.output:resizeAs(input):sigmoid(input)
   return self.output
end

function Sigmoid:updateGradInput(input, gradOutput)
   local y = self.output
   self.gradInput:resizeAs(y):fill(1):add(-1, y):cmul(y):cmul(gradOutput)
   return self.gradInput
end

return Sigmoid
