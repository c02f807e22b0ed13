-- nn/Index.lua — a table {t, indices} to t:index(dimension, indices); the
-- gradient is scattered back with indexAdd (repeated indices accumulate);
-- the indices get a zero gradient.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Module'

local Index, parent = torch.class('nn.Index', 'nn.Module')

function Index:__init(dimension)
   parent.__init(self)
   if type(dimension) ~= 'number' then
      error('nn.Index: dimension (number) expected, got ' .. type(dimension), 2)
   end
   self.dimension = dimension
   self.gradInput = { self.gradInput, torch.LongTensor() }
end

local function check(self, input)
   nn.utils.checkTable('nn.Index', input, 2)
   if torch.type(input[2]) ~= 'torch.LongTensor' then
      error('nn.Index: element 2 of the input must be a torch.LongTensor of indices (got '
            .. torch.type(input[2]) .. ')', 3)
   end
end

function Index:updateOutput(input)
   check(self, input)
   self.output:index(input[1], self.dimension, input[2])
   return self.output
end

function Index:updateGradInput(input, gradOutput)
   local t, index = input[1], input[2]
   local gt = self.gradInput[1]
   gt:resizeAs(t):zero():indexAdd(self.dimension, index, gradOutput)
   self.gradInput[2] = self.gradInput[2] or torch.LongTensor()
   self.gradInput[2]:resize(index:size()):zero()
   return self.gradInput
end

return Index
