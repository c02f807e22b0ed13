-- nn/SelectTable.lua — element `index` of a table (negative counts from the
-- end).  The gradient is zero for the other elements.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local SelectTable, parent = torch.class('nn.SelectTable', 'nn.Module')

function SelectTable:__init(index)
   parent.__init(self)
   if type(index) ~= 'number' or index == 0 or index ~= math.floor(index) then
      error('nn.SelectTable: index must be a non-zero integer (got ' .. tostring(index) .. ')', 2)
   end
   self.index = index
   self.gradInput = {}
end

local function position(self, input)
   if type(input) ~= 'table' then
      error('nn.SelectTable: input must be a table (got ' .. torch.type(input) .. ')', 3)
   end
   local i = self.index < 0 and #input + self.index + 1 or self.index
   if input[i] == nil or i < 1 then
      error(string.format('nn.SelectTable: index %d out of range (table of %d elements)',
                          self.index, #input), 3)
   end
   return i
end

function SelectTable:updateOutput(input)
   self.output = input[position(self, input)]
   return self.output
end

function SelectTable:updateGradInput(input, gradOutput)
   local index = position(self, input)
   for i = 1, #input do
      if i == index then
         self.gradInput[i] = nn.utils.recursiveCopy(self.gradInput[i], gradOutput)
      else
         self.gradInput[i] = nn.utils.zeroLike(self.gradInput[i], input[i])
      end
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function SelectTable:type(typename, cache)
   self.gradInput = {}
   self.output = {}
   return parent.type(self, typename, cache)
end

function SelectTable:clearState()
   self.output, self.gradInput = {}, {}
   return self
end

function SelectTable:__tostring__()
   return torch.type(self) .. '(' .. self.index .. ')'
end

return SelectTable
