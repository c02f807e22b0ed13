-- nn/SiLU.lua — y = x * sigmoid(x) (PyTorch's nn.SiLU, "swish").  The
-- sigmoid is kept from the forward: dy/dx = s (1 + x (1 - s)).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SiLU, parent = torch.class('nn.SiLU', 'nn.Module')

function SiLU:__init()
   parent.__init(self)
   self.sig = torch.Tensor()
end

function SiLU:updateOutput(input)
   nn.utils.checkTensor('nn.SiLU', input)
   self.sig = self.sig:typeAs(input)
   self.sig:resizeAs(input):copy(input):sigmoid()
   self.output:resizeAs(input):copy(input):cmul(self.sig)
   return self.output
end

function SiLU:updateGradInput(input, gradOutput)
   -- s + x s (1 - s) = s (1 + x (1 - s))
   local g = self.gradInput:resizeAs(input)
   g:copy(self.sig):mul(-1):add(1):cmul(input):add(1):cmul(self.sig):cmul(gradOutput)
   return self.gradInput
end

function SiLU:clearState()
   self.sig:set()
   return parent.clearState(self)
end

return SiLU
