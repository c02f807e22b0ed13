-- nn/Identity.lua — output = input, gradInput = gradOutput (the same
-- objects, tensors or tables).
local torch = require 'torch'
require 'nn.Module'

local Identity = torch.class('nn.Identity', 'nn.Module')

function Identity:updateOutput(input)
   self.output = input
   return self.output
end

function Identity:updateGradInput(input, gradOutput)
   self.gradInput = gradOutput
   return self.gradInput
end

function Identity:clearState()
   -- output and gradInput are the caller's objects: drop the references
   self.output = torch.Tensor()
   self.gradInput = torch.Tensor()
   return self
end

return Identity
