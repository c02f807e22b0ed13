-- nn/Select.lua — input:select(dimension, index) (copied out); negative
-- dimension and index count from the end.  The gradient is zero outside
-- the selected slice.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Select, parent = torch.class('nn.Select', 'nn.Module')

function Select:__init(dimension, index)
   parent.__init(self)
   if type(dimension) ~= 'number' or type(index) ~= 'number' then
      error('nn.Select: dimension and index (numbers) expected', 2)
   end
   self.dimension = dimension
   self.index = index
end

local function resolve(self, input)
   local dim = self.dimension < 0 and input:dim() + self.dimension + 1 or self.dimension
   if dim < 1 or dim > input:dim() then
      error(string.format('nn.Select: dimension %d out of range for an input of size %s',
                          self.dimension, nn.utils.shape(input)), 3)
   end
   local index = self.index < 0 and input:size(dim) + self.index + 1 or self.index
   if index < 1 or index > input:size(dim) then
      error(string.format('nn.Select: index %d out of range (dimension %d has size %d)',
                          self.index, dim, input:size(dim)), 3)
   end
   return dim, index
end

function Select:updateOutput(input)
   nn.utils.checkTensor('nn.Select', input)
   local dim, index = resolve(self, input)
   local out = input:select(dim, index)
   self.output:resizeAs(out):copy(out)
   return self.output
end

function Select:updateGradInput(input, gradOutput)
   local dim, index = resolve(self, input)
   self.gradInput:resizeAs(input):zero()
   self.gradInput:select(dim, index):copy(gradOutput)
   return self.gradInput
end

return Select
