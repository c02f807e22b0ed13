-- nn/GradientReversal.lua — identity forward; the gradient is multiplied by
-- -lambda (1) on the way back (domain-adversarial training).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local GradientReversal, parent = torch.class('nn.GradientReversal', 'nn.Module')

function GradientReversal:__init(lambda)
   parent.__init(self)
   self.lambda = lambda or 1
end

function GradientReversal:setLambda(lambda)
   self.lambda = lambda
   return self
end

function GradientReversal:updateOutput(input)
   nn.utils.checkTensor('nn.GradientReversal', input)
   self.output:set(input)
   return self.output
end

function GradientReversal:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput):mul(-self.lambda)
   return self.gradInput
end

return GradientReversal
