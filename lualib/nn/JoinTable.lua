-- nn/JoinTable.lua — concatenate a table of tensors along `dimension`.
-- With nInputDims, inputs of nInputDims+1 dimensions are a batch and the
-- dimension is counted after the batch one; a negative dimension counts
-- from the end.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local JoinTable, parent = torch.class('nn.JoinTable', 'nn.Module')

function JoinTable:__init(dimension, nInputDims)
   parent.__init(self)
   if type(dimension) ~= 'number' then
      error('nn.JoinTable: dimension (number) expected, got ' .. type(dimension), 2)
   end
   self.dimension = dimension
   self.gradInput = {}
   self.nInputDims = nInputDims
end

function JoinTable:_getPositiveDimension(input)
   local d = self.dimension
   if d < 0 then
      d = input[1]:dim() + d + 1
   elseif self.nInputDims and input[1]:dim() == self.nInputDims + 1 then
      d = d + 1
   end
   return d
end

function JoinTable:updateOutput(input)
   nn.utils.checkTable('nn.JoinTable', input, 1)
   local d = self:_getPositiveDimension(input)
   for i = 1, #input do
      if input[i]:dim() < d or d < 1 then
         error(string.format('nn.JoinTable: cannot join along dimension %d: element %d has size %s',
                             d, i, nn.utils.shape(input[i])), 2)
      end
      for k = 1, input[1]:dim() do
         if k ~= d and input[i]:size(k) ~= input[1]:size(k) then
            error(string.format('nn.JoinTable: element %d has size %s, element 1 %s (they may '
                                .. 'differ only in dimension %d)', i, nn.utils.shape(input[i]),
                                nn.utils.shape(input[1]), d), 2)
         end
      end
   end
   torch.cat(self.output, input, d)
   return self.output
end

function JoinTable:updateGradInput(input, gradOutput)
   local d = self:_getPositiveDimension(input)
   local offset = 1
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[i].new()
      local n = input[i]:size(d)
      self.gradInput[i]:resizeAs(input[i]):copy(gradOutput:narrow(d, offset, n))
      offset = offset + n
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function JoinTable:type(typename, cache)
   self.gradInput = {}
   return parent.type(self, typename, cache)
end

return JoinTable
