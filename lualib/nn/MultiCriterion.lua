-- nn/MultiCriterion.lua — a weighted sum of criteria on the same input and
-- target: MultiCriterion():add(c1, [w1=1]):add(c2, [w2=1]) ...
-- loss = sum w_i c_i(input, target); gradInput likewise.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MultiCriterion, parent = torch.class('nn.MultiCriterion', 'nn.Criterion')

function MultiCriterion:__init()
   parent.__init(self)
   self.criterions = {}
   self.weights = {}
end

function MultiCriterion:add(criterion, weight)
   if type(criterion) ~= 'table' or not criterion.updateOutput then
      error(string.format('%s:add: a criterion expected (got %s)', torch.type(self),
                          torch.type(criterion)), 2)
   end
   weight = weight or 1
   if type(weight) ~= 'number' then
      error(string.format('%s:add: weight must be a number (got %s)', torch.type(self),
                          torch.type(weight)), 2)
   end
   self.criterions[#self.criterions + 1] = criterion
   self.weights[#self.weights + 1] = weight
   return self
end

function MultiCriterion:updateOutput(input, target)
   self.output = 0
   for i, c in ipairs(self.criterions) do
      self.output = self.output + self.weights[i] * c:updateOutput(input, target)
   end
   return self.output
end

function MultiCriterion:updateGradInput(input, target)
   self.gradInput = nn.utils.recursiveResizeAs(self.gradInput, input)
   nn.utils.recursiveFill(self.gradInput, 0)
   for i, c in ipairs(self.criterions) do
      nn.utils.recursiveAdd(self.gradInput, self.weights[i], c:updateGradInput(input, target))
   end
   return self.gradInput
end

function MultiCriterion:type(typename, cache)
   for _, c in ipairs(self.criterions) do c:type(typename, cache) end
   return parent.type(self, typename, cache)
end

return MultiCriterion
