-- nn/Transpose.lua — Transpose({1, 2}, {3, 4}, ...): swap those pairs of
-- dimensions, in order (a view, no copy); the gradient swaps them back in
-- reverse order.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Transpose, parent = torch.class('nn.Transpose', 'nn.Module')

function Transpose:__init(...)
   parent.__init(self)
   self.permutations = { ... }
   for i, p in ipairs(self.permutations) do
      if type(p) ~= 'table' or type(p[1]) ~= 'number' or type(p[2]) ~= 'number' then
         error('nn.Transpose: argument ' .. i .. ' must be a pair of dimensions {d1, d2}', 2)
      end
   end
   self.numInputDims = nil
end

function Transpose:setNumInputDims(numInputDims)
   self.numInputDims = numInputDims
   return self
end

function Transpose:updateOutput(input)
   nn.utils.checkTensor('nn.Transpose', input)
   local shift = (self.numInputDims and input:dim() > self.numInputDims) and
                 input:dim() - self.numInputDims or 0
   for _, p in ipairs(self.permutations) do input = input:transpose(p[1] + shift, p[2] + shift) end
   self.output:resizeAs(input):copy(input)
   return self.output
end

function Transpose:updateGradInput(input, gradOutput)
   local shift = (self.numInputDims and input:dim() > self.numInputDims) and
                 input:dim() - self.numInputDims or 0
   for i = #self.permutations, 1, -1 do
      local p = self.permutations[i]
      gradOutput = gradOutput:transpose(p[1] + shift, p[2] + shift)
   end
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   return self.gradInput
end

return Transpose
