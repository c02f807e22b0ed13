-- nn/GELU.lua — y = x * Phi(x), Phi the standard normal CDF (PyTorch's
-- nn.GELU); nn.GELU('tanh') uses the tanh approximation
-- 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).  Both are one fused C
-- pass forward and one backward (torch._attention.gelu, with C's erf).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local GELU, parent = torch.class('nn.GELU', 'nn.Module')

function GELU:__init(approximate)
   parent.__init(self)
   if approximate ~= nil and approximate ~= 'none' and approximate ~= 'tanh' then
      error(string.format("nn.GELU: approximate must be 'none' or 'tanh' (got %s)",
                          tostring(approximate)), 2)
   end
   self.approximate = approximate or 'none'
end

function GELU:updateOutput(input)
   nn.utils.checkTensor('nn.GELU', input)
   self.output = torch._attention.gelu(input, self.approximate == 'tanh')
   return self.output
end

function GELU:updateGradInput(input, gradOutput)
   self.gradInput = torch._attention.geluBackward(input, gradOutput, self.approximate == 'tanh')
   return self.gradInput
end

function GELU:__tostring__()
   return self.approximate == 'tanh' and 'nn.GELU(tanh)' or 'nn.GELU'
end

return GELU
