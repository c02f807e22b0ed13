-- nn/Exp.lua — y = exp(x); dy/dx = y.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Exp = torch.class('nn.Exp', 'nn.Module')

function Exp:updateOutput(input)
   nn.utils.checkTensor('nn.Exp', input)
   self.output:resizeAs(input):copy(input):exp()
   return self.output
end

function Exp:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(self.output):copy(self.output):cmul(gradOutput)
   return self.gradInput
end

return Exp
