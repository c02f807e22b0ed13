-- nn/Sum.lua — Sum(dimension, nInputDims, sizeAverage, squeeze): the sum
-- (or the mean, with sizeAverage) over `dimension` (1; negative counts from
-- the end; with nInputDims, counted after a batch dimension).  The reduced
-- dimension is removed (squeeze, the default) unless the input is 1-D.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Sum, parent = torch.class('nn.Sum', 'nn.Module')

function Sum:__init(dimension, nInputDims, sizeAverage, squeeze)
   parent.__init(self)
   self.dimension = dimension or 1
   self.nInputDims = nInputDims
   self.sizeAverage = sizeAverage or false
   if squeeze ~= nil then self.squeeze = squeeze else self.squeeze = true end
end

function Sum:_getPositiveDimension(input)
   local d = self.dimension
   if d < 0 then
      d = input:dim() + d + 1
   elseif self.nInputDims and input:dim() == self.nInputDims + 1 then
      d = d + 1
   end
   if d < 1 or d > input:dim() then
      error(string.format('%s: dimension %d out of range for an input of size %s',
                          torch.type(self), self.dimension, nn.utils.shape(input)), 3)
   end
   return d
end

function Sum:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   local d = self:_getPositiveDimension(input)
   if type(self.output) == 'number' then self.output = input.new() end
   torch.sum(self.output, input, d)
   if self.sizeAverage then self.output:div(input:size(d)) end
   if self.squeeze and self.output:dim() > 1 then self.output:set(self.output:select(d, 1)) end
   return self.output
end

function Sum:updateGradInput(input, gradOutput)
   local d = self:_getPositiveDimension(input)
   local size = input:size()
   size[d] = 1
   local g = gradOutput:contiguous():view(size)
   self.gradInput:resizeAs(input):copy(g:expandAs(input))
   if self.sizeAverage then self.gradInput:div(input:size(d)) end
   return self.gradInput
end

return Sum
