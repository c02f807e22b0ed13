-- nn/SplitTable.lua — a tensor into the table of its slices along
-- `dimension` (views, no copy).  nInputDims and negative dimensions as in
-- JoinTable.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SplitTable, parent = torch.class('nn.SplitTable', 'nn.Module')

function SplitTable:__init(dimension, nInputDims)
   parent.__init(self)
   if type(dimension) ~= 'number' then
      error('nn.SplitTable: dimension (number) expected, got ' .. type(dimension), 2)
   end
   self.dimension = dimension
   self.nInputDims = nInputDims
end

function SplitTable:_getPositiveDimension(input)
   local d = self.dimension
   if d < 0 then
      d = input:dim() + d + 1
   elseif self.nInputDims and input:dim() == self.nInputDims + 1 then
      d = d + 1
   end
   return d
end

function SplitTable:updateOutput(input)
   nn.utils.checkTensor('nn.SplitTable', input)
   local d = self:_getPositiveDimension(input)
   if d < 1 or d > input:dim() then
      error(string.format('nn.SplitTable: cannot split a tensor of size %s along dimension %d',
                          nn.utils.shape(input), d), 2)
   end
   local n = input:size(d)
   self.output = type(self.output) == 'table' and self.output or {}
   for i = 1, n do self.output[i] = input:select(d, i) end
   for i = n + 1, #self.output do self.output[i] = nil end
   return self.output
end

function SplitTable:updateGradInput(input, gradOutput)
   local d = self:_getPositiveDimension(input)
   if not torch.isTensor(self.gradInput) then self.gradInput = input.new() end
   self.gradInput:resizeAs(input)
   for i = 1, input:size(d) do self.gradInput:select(d, i):copy(gradOutput[i]) end
   return self.gradInput
end

return SplitTable
