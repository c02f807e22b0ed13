-- nn/Contiguous.lua — the input itself when contiguous, else a contiguous
-- copy; the same for the gradient.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Contiguous = torch.class('nn.Contiguous', 'nn.Module')

function Contiguous:updateOutput(input)
   nn.utils.checkTensor('nn.Contiguous', input)
   if not input:isContiguous() then
      if self.output == input then self.output = input.new() end
      self.output:resizeAs(input):copy(input)
   else
      self.output = input
   end
   return self.output
end

function Contiguous:updateGradInput(input, gradOutput)
   if not gradOutput:isContiguous() then
      if self.gradInput == gradOutput then self.gradInput = gradOutput.new() end
      self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   else
      self.gradInput = gradOutput
   end
   return self.gradInput
end

return Contiguous
