-- nn/Abs.lua — y = |x|; dy/dx = sign(x) (0 at 0).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Abs = torch.class('nn.Abs', 'nn.Module')

function Abs:updateOutput(input)
   nn.utils.checkTensor('nn.Abs', input)
   self.output:resizeAs(input):copy(input):abs()
   return self.output
end

function Abs:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):sign():cmul(gradOutput)
   return self.gradInput
end

return Abs
