-- nn/ParallelCriterion.lua — a weighted sum of criteria, criterion i on
-- input[i] and target[i] (or on the same target for all with
-- repeatTarget): ParallelCriterion([repeatTarget=false]):add(c1, [w1=1]) ...
-- gradInput is a table: gradInput[i] = w_i dc_i/dinput[i].
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.MultiCriterion'

local ParallelCriterion, parent = torch.class('nn.ParallelCriterion', 'nn.Criterion')

function ParallelCriterion:__init(repeatTarget)
   parent.__init(self)
   self.criterions = {}
   self.weights = {}
   self.gradInput = {}
   self.repeatTarget = repeatTarget
end

ParallelCriterion.add = nn.MultiCriterion.add
ParallelCriterion.type = nn.MultiCriterion.type

local function check(self, input, target)
   if type(input) ~= 'table' or #input < #self.criterions then
      error(string.format('%s: input must be a table of %d entries (got %s)', torch.type(self),
                          #self.criterions, torch.type(input)), 3)
   end
   if not self.repeatTarget and (type(target) ~= 'table' or #target < #self.criterions) then
      error(string.format('%s: target must be a table of %d entries (got %s); use '
                          .. 'repeatTarget for one shared target', torch.type(self),
                          #self.criterions, torch.type(target)), 3)
   end
end

function ParallelCriterion:updateOutput(input, target)
   check(self, input, target)
   self.output = 0
   for i, c in ipairs(self.criterions) do
      local t = self.repeatTarget and target or target[i]
      self.output = self.output + self.weights[i] * c:updateOutput(input[i], t)
   end
   return self.output
end

function ParallelCriterion:updateGradInput(input, target)
   check(self, input, target)
   self.gradInput = nn.utils.recursiveResizeAs(self.gradInput, input)
   nn.utils.recursiveFill(self.gradInput, 0)
   for i, c in ipairs(self.criterions) do
      local t = self.repeatTarget and target or target[i]
      nn.utils.recursiveAdd(self.gradInput[i], self.weights[i], c:updateGradInput(input[i], t))
   end
   return self.gradInput
end

return ParallelCriterion
