-- nn/Sqrt.lua — y = sqrt(x + eps) (eps 0); dy/dx = 1 / (2y), taken as 0
-- where y = 0 (Torch7) instead of infinity.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Sqrt, parent = torch.class('nn.Sqrt', 'nn.Module')

function Sqrt:__init(b)
   parent.__init(self)
   self.eps = b or 0
end

function Sqrt:updateOutput(input)
   nn.utils.checkTensor('nn.Sqrt', input)
   self.output:resizeAs(input):copy(input):add(self.eps):sqrt()
   return self.output
end

function Sqrt:updateGradInput(input, gradOutput)
   local zero = nn.utils.mask(self, '_zero', self.output, 'le', 0)
   -- 0.5 * g / (y + zero) * (1 - zero): finite everywhere
   self.gradInput:resizeAs(input):copy(self.output):add(zero)
   self.gradInput:cdiv(gradOutput, self.gradInput):mul(0.5):cmul(zero:mul(-1):add(1))
   return self.gradInput
end

function Sqrt:clearState()
   self._zero, self._zeroBytes = nil, nil
   return parent.clearState(self)
end

return Sqrt
