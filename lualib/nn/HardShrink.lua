-- nn/HardShrink.lua — y = x if |x| > lambda, else 0 (lambda 0.5).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local HardShrink, parent = torch.class('nn.HardShrink', 'nn.Module')

function HardShrink:__init(lam)
   parent.__init(self)
   self.lambda = lam or 0.5
end

function HardShrink:updateOutput(input)
   nn.utils.checkTensor('nn.HardShrink', input)
   self._abs = self._abs or input.new()
   self._abs:resizeAs(input):copy(input):abs()
   local keep = nn.utils.mask(self, '_keep', self._abs, 'gt', self.lambda)
   self.output:resizeAs(input):copy(input):cmul(keep)
   return self.output
end

function HardShrink:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self._keep)
   return self.gradInput
end

function HardShrink:clearState()
   self._abs, self._keep, self._keepBytes = nil, nil, nil
   return parent.clearState(self)
end

return HardShrink
