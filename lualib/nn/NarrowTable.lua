-- nn/NarrowTable.lua — the sub-table input[offset .. offset+length-1]; a
-- negative length counts from the end (-1: up to the last element).  The
-- gradient is zero for the elements left out.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local NarrowTable, parent = torch.class('nn.NarrowTable', 'nn.Module')

function NarrowTable:__init(offset, length)
   parent.__init(self)
   self.offset = offset
   self.length = length or 1
   if type(offset) ~= 'number' or offset < 1 then
      error('nn.NarrowTable: offset must be a positive integer (got ' .. tostring(offset) .. ')', 2)
   end
   self.output = {}
   self.gradInput = {}
end

local function range(self, input)
   if type(input) ~= 'table' then
      error('nn.NarrowTable: input must be a table (got ' .. torch.type(input) .. ')', 3)
   end
   local length = self.length
   if length < 0 then length = #input - self.offset + length + 2 end
   if length < 1 or self.offset + length - 1 > #input then
      error(string.format('nn.NarrowTable: elements %d..%d out of range (table of %d elements)',
                          self.offset, self.offset + length - 1, #input), 3)
   end
   return length
end

function NarrowTable:updateOutput(input)
   local length = range(self, input)
   for k = 1, length do self.output[k] = input[self.offset + k - 1] end
   for k = length + 1, #self.output do self.output[k] = nil end
   return self.output
end

function NarrowTable:updateGradInput(input, gradOutput)
   local length = range(self, input)
   for i = 1, #input do
      local k = i - self.offset + 1
      if k >= 1 and k <= length then
         self.gradInput[i] = nn.utils.recursiveCopy(self.gradInput[i], gradOutput[k])
      else
         self.gradInput[i] = nn.utils.zeroLike(self.gradInput[i], input[i])
      end
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function NarrowTable:type(typename, cache)
   self.output, self.gradInput = {}, {}
   return parent.type(self, typename, cache)
end

function NarrowTable:clearState()
   self.output, self.gradInput = {}, {}
   return self
end

return NarrowTable
