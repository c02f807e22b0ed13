-- nn/Power.lua — y = x^p; dy/dx = p x^(p-1).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Power, parent = torch.class('nn.Power', 'nn.Module')

function Power:__init(p)
   parent.__init(self)
   if type(p) ~= 'number' then
      error('nn.Power: the exponent (number) expected, got ' .. type(p), 2)
   end
   self.pow = p
end

function Power:updateOutput(input)
   nn.utils.checkTensor('nn.Power', input)
   self.output:resizeAs(input):pow(input, self.pow)
   return self.output
end

function Power:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):pow(input, self.pow - 1):mul(self.pow):cmul(gradOutput)
   return self.gradInput
end

return Power
