-- nn/MultiLabelMarginCriterion.lua — multi-label hinge loss.  The target
-- has the input's shape (n or N x n) and lists a sample's classes first,
-- ended by a 0 (or by the end of the row):
--   loss = sum_{j in Y} sum_{k not in Y} max(0, 1 - (x[j] - x[k])) / n
-- averaged over the batch when sizeAverage (default true).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MLMC, parent = torch.class('nn.MultiLabelMarginCriterion', 'nn.Criterion')

function MLMC:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

-- rows of input and the label sets of target
local function labels(self, input, target)
   -- the target holds class numbers: any tensor type
   nn.utils.checkTensor(torch.type(self), input)
   if not torch.isTensor(target) or target:nElement() ~= input:nElement() then
      error(string.format('%s: target must be a tensor of the input\'s size (input %s, target %s)',
                          torch.type(self), nn.utils.shape(input), nn.utils.shape(target)), 4)
   end
   if input:dim() ~= 1 and input:dim() ~= 2 then
      error(string.format('%s: input must be a vector or a matrix (got %s)', torch.type(self),
                          nn.utils.shape(input)), 4)
   end
   local x = input:dim() == 1 and input:view(1, input:size(1)) or input
   local t = target:contiguous():view(x:size(1), x:size(2))
   local sets = {}
   for i = 1, x:size(1) do
      local list, member = {}, {}
      for j = 1, x:size(2) do
         local c = t[i][j]
         if c == 0 then break end
         if c ~= math.floor(c) or c < 1 or c > x:size(2) then
            error(string.format('%s: target %s out of range: classes are 1 to %d (0 ends '
                                .. 'the list)', torch.type(self), tostring(c), x:size(2)), 4)
         end
         if not member[c] then list[#list + 1] = c end
         member[c] = true
      end
      sets[i] = { list = list, member = member }
   end
   return x, sets
end

function MLMC:updateOutput(input, target)
   local x, sets = labels(self, input, target)
   local n, s = x:size(2), 0
   for i = 1, x:size(1) do
      local row, set = x[i], sets[i]
      for _, j in ipairs(set.list) do
         for k = 1, n do
            if not set.member[k] then s = s + math.max(0, 1 - (row[j] - row[k])) end
         end
      end
   end
   s = s / n
   if self.sizeAverage then s = s / x:size(1) end
   self.output = s
   return s
end

function MLMC:updateGradInput(input, target)
   local x, sets = labels(self, input, target)
   local N, n = x:size(1), x:size(2)
   self.gradInput:resizeAs(input):zero()
   local g = self.gradInput:view(N, n)
   local scale = 1 / n / (self.sizeAverage and N or 1)
   for i = 1, N do
      local row, set, gi = x[i], sets[i], g[i]
      for _, j in ipairs(set.list) do
         for k = 1, n do
            if not set.member[k] and 1 - (row[j] - row[k]) > 0 then
               gi[j] = gi[j] - scale
               gi[k] = gi[k] + scale
            end
         end
      end
   end
   return self.gradInput
end

return MLMC
