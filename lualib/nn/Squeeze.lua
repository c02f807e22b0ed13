-- nn/Squeeze.lua — remove dimensions of size 1 (all, or only `dim`; with
-- numInputDims, `dim` is counted after a batch dimension).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Squeeze, parent = torch.class('nn.Squeeze', 'nn.Module')

function Squeeze:__init(dim, numInputDims)
   parent.__init(self)
   self.dim = dim
   self:setNumInputDims(numInputDims)
end

function Squeeze:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

function Squeeze:updateOutput(input)
   nn.utils.checkTensor('nn.Squeeze', input)
   local dim = self.dim
   if dim and self.numInputDims and input:dim() == self.numInputDims + 1 then dim = dim + 1 end
   local out
   if dim then
      if dim < 1 or dim > input:dim() then
         error(string.format('nn.Squeeze: dimension %d out of range for an input of size %s',
                             dim, nn.utils.shape(input)), 2)
      end
      out = input:size(dim) == 1 and input:squeeze(dim) or input
   else
      out = input:squeeze()
   end
   self.output = out
   return self.output
end

function Squeeze:updateGradInput(input, gradOutput)
   self.gradInput = gradOutput:contiguous():view(input:size())
   return self.gradInput
end

return Squeeze
