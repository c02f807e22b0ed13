-- nn/FlattenTable.lua — a nested table of tensors into a flat list, in
-- depth-first order; the gradient is put back into the nested shape.
local torch = require 'torch'
require 'nn.Module'

local FlattenTable, parent = torch.class('nn.FlattenTable', 'nn.Module')

function FlattenTable:__init()
   parent.__init(self)
   self.output = {}
   self.gradInput = {}
end

local function flatten(x, out)
   if torch.isTensor(x) then
      out[#out + 1] = x
   elseif type(x) == 'table' then
      for _, v in ipairs(x) do flatten(v, out) end
   else
      error('nn.FlattenTable: input must be a nested table of tensors (found a '
            .. torch.type(x) .. ')', 4)
   end
   return out
end

-- rebuild the structure of `like` from the flat list, starting at pos
local function unflatten(like, flat, pos)
   if torch.isTensor(like) then return flat[pos], pos + 1 end
   local t = {}
   for k, v in ipairs(like) do t[k], pos = unflatten(v, flat, pos) end
   return t, pos
end

function FlattenTable:updateOutput(input)
   if type(input) ~= 'table' then
      error('nn.FlattenTable: input must be a table (got ' .. torch.type(input) .. ')', 2)
   end
   self.output = flatten(input, {})
   return self.output
end

function FlattenTable:updateGradInput(input, gradOutput)
   if type(gradOutput) ~= 'table' or #gradOutput ~= #self.output then
      error('nn.FlattenTable: gradOutput must be a table of ' .. #self.output .. ' tensors', 2)
   end
   self.gradInput = unflatten(input, gradOutput, 1)
   return self.gradInput
end

function FlattenTable:type(typename, cache)
   self.output, self.gradInput = {}, {}
   return parent.type(self, typename, cache)
end

function FlattenTable:clearState()
   self.output, self.gradInput = {}, {}
   return self
end

return FlattenTable
