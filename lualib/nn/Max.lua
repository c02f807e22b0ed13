-- nn/Max.lua — the maximum over `dimension` (1; negative from the end;
-- nInputDims as in Sum), that dimension removed unless the input is 1-D.
-- The gradient goes to the position of the maximum (the first one on ties).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Max, parent = torch.class('nn.Max', 'nn.Module')

Max.reduce = torch.max

function Max:__init(dimension, nInputDims)
   parent.__init(self)
   self.dimension = dimension or 1
   self.nInputDims = nInputDims
end

function Max:_getPositiveDimension(input)
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

function Max:updateOutput(input)
   nn.utils.checkTensor(torch.type(self), input)
   local d = self:_getPositiveDimension(input)
   self._output = self._output or input.new()
   self._indices = self._indices or torch.LongTensor()
   self.reduce(self._output, self._indices, input, d)
   if input:dim() > 1 then
      self.output:set(self._output:select(d, 1))
   else
      self.output:set(self._output)
   end
   return self.output
end

function Max:updateGradInput(input, gradOutput)
   local d = self:_getPositiveDimension(input)
   local g = gradOutput
   if input:dim() > 1 then g = gradOutput:contiguous():view(self._output:size()) end
   self.gradInput:resizeAs(input):zero():scatter(d, self._indices, g)
   return self.gradInput
end

function Max:clearState()
   nn.utils.clear(self, '_indices', '_output')
   return parent.clearState(self)
end

return Max
