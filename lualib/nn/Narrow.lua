-- nn/Narrow.lua — input:narrow(dimension, offset, length) (copied out).  A
-- negative offset counts from the end; a negative length ends that many
-- elements before the end (-1: up to the last).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Narrow, parent = torch.class('nn.Narrow', 'nn.Module')

function Narrow:__init(dimension, offset, length)
   parent.__init(self)
   if type(dimension) ~= 'number' or type(offset) ~= 'number' then
      error('nn.Narrow: dimension and offset (numbers) expected', 2)
   end
   self.dimension = dimension
   self.index = offset
   self.length = length or 1
end

local function resolve(self, input)
   local dim = self.dimension
   if dim < 1 or dim > input:dim() then
      error(string.format('nn.Narrow: dimension %d out of range for an input of size %s', dim,
                          nn.utils.shape(input)), 3)
   end
   local n = input:size(dim)
   local offset = self.index < 0 and n + self.index + 1 or self.index
   local length = self.length
   if length < 0 then length = n - offset + length + 2 end
   if offset < 1 or length < 1 or offset + length - 1 > n then
      error(string.format('nn.Narrow: elements %d..%d out of range (dimension %d has size %d)',
                          offset, offset + length - 1, dim, n), 3)
   end
   return dim, offset, length
end

function Narrow:updateOutput(input)
   nn.utils.checkTensor('nn.Narrow', input)
   local dim, offset, length = resolve(self, input)
   local out = input:narrow(dim, offset, length)
   self.output:resizeAs(out):copy(out)
   return self.output
end

function Narrow:updateGradInput(input, gradOutput)
   local dim, offset, length = resolve(self, input)
   self.gradInput:resizeAs(input):zero()
   self.gradInput:narrow(dim, offset, length):copy(gradOutput)
   return self.gradInput
end

return Narrow
