-- nn/SoftShrink.lua — y = x - lambda if x > lambda, x + lambda if
-- x < -lambda, else 0 (lambda 0.5).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SoftShrink, parent = torch.class('nn.SoftShrink', 'nn.Module')

function SoftShrink:__init(lam)
   parent.__init(self)
   self.lambda = lam or 0.5
end

function SoftShrink:updateOutput(input)
   nn.utils.checkTensor('nn.SoftShrink', input)
   local hi = nn.utils.mask(self, '_hi', input, 'gt', self.lambda)
   local lo = nn.utils.mask(self, '_lo', input, 'lt', -self.lambda)
   -- (x - lambda) * hi + (x + lambda) * lo
   self.output:resizeAs(input):copy(input):add(-self.lambda):cmul(hi)
   self.output:add(torch.add(input, self.lambda):cmul(lo))
   return self.output
end

function SoftShrink:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(torch.add(self._hi, self._lo))
   return self.gradInput
end

function SoftShrink:clearState()
   self._hi, self._lo, self._hiBytes, self._loBytes = nil, nil, nil, nil
   return parent.clearState(self)
end

return SoftShrink
