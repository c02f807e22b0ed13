-- nn/Unsqueeze.lua — insert a dimension of size 1 at position `pos`
-- (with numInputDims, counted after a batch dimension).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Unsqueeze, parent = torch.class('nn.Unsqueeze', 'nn.Module')

function Unsqueeze:__init(pos, numInputDims)
   parent.__init(self)
   if type(pos) ~= 'number' then
      error('nn.Unsqueeze: position (number) expected, got ' .. type(pos), 2)
   end
   self.pos = pos
   self:setNumInputDims(numInputDims)
end

function Unsqueeze:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

function Unsqueeze:updateOutput(input)
   nn.utils.checkTensor('nn.Unsqueeze', input)
   local pos = self.pos
   if self.numInputDims and input:dim() == self.numInputDims + 1 then pos = pos + 1 end
   if pos < 1 or pos > input:dim() + 1 then
      error(string.format('nn.Unsqueeze: position %d out of range for an input of size %s', pos,
                          nn.utils.shape(input)), 2)
   end
   self.output = input:unsqueeze(pos)
   return self.output
end

function Unsqueeze:updateGradInput(input, gradOutput)
   self.gradInput = gradOutput:contiguous():view(input:size())
   return self.gradInput
end

function Unsqueeze:__tostring__()
   return torch.type(self) .. '(dim ' .. self.pos .. ')'
end

return Unsqueeze
