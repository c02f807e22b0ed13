-- nn/Square.lua — y = x^2; dy/dx = 2x.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Square = torch.class('nn.Square', 'nn.Module')

function Square:updateOutput(input)
   nn.utils.checkTensor('nn.Square', input)
   self.output:resizeAs(input):copy(input):cmul(input)
   return self.output
end

function Square:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):mul(2):cmul(gradOutput)
   return self.gradInput
end

return Square
