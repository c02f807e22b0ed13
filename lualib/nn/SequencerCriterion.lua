-- nn/SequencerCriterion.lua — applies a criterion at every step of a
-- sequence (Element-Research rnn's nn.SequencerCriterion): input and
-- target are tables of per-step tensors, or tensors whose first dimension
-- is time (T x ...), and the loss is the sum over steps of
-- criterion:forward(input[t], target[t]) (the mean over steps with
-- sizeAverage = true).  gradInput has input's form: a table, or a tensor
-- with each step's gradient in place.
--   nn.SequencerCriterion(criterion[, sizeAverage = false])
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local SC, parent = torch.class('nn.SequencerCriterion', 'nn.Criterion')

function SC:__init(criterion, sizeAverage)
   parent.__init(self)
   if not torch.isTypeOf(criterion, 'nn.Criterion') then
      error('nn.SequencerCriterion: expected a criterion (got ' .. torch.type(criterion) .. ')', 2)
   end
   self.criterion = criterion
   self.sizeAverage = sizeAverage and true or false
end

local function steps(input, target)
   local name = 'nn.SequencerCriterion'
   local T
   if torch.isTensor(input) then T = input:size(1)
   elseif type(input) == 'table' then T = #input
   else
      error(string.format('%s: input must be a tensor (T x ...) or a table of steps (got %s)',
                          name, torch.type(input)), 4)
   end
   local TT = torch.isTensor(target) and target:size(1) or (type(target) == 'table' and #target)
   if TT ~= T then
      error(string.format('%s: input has %d steps but target has %s', name, T,
                          tostring(TT or torch.type(target))), 4)
   end
   return T
end

local function at(x, t) return x[t] end   -- a step: a select view or a table entry

function SC:updateOutput(input, target)
   local T = steps(input, target)
   local loss = 0
   for t = 1, T do loss = loss + self.criterion:forward(at(input, t), at(target, t)) end
   if self.sizeAverage and T > 0 then loss = loss / T end
   self.output = loss
   return loss
end

function SC:updateGradInput(input, target)
   local T = steps(input, target)
   local scale = self.sizeAverage and T > 0 and 1 / T or 1
   if torch.isTensor(input) then
      self.gradInput = input.new():resizeAs(input):zero()
      for t = 1, T do
         self.gradInput[t]:copy(self.criterion:backward(input[t], at(target, t))):mul(scale)
      end
   else
      self.gradInput = {}
      for t = 1, T do
         self.gradInput[t] = self.criterion:backward(input[t], at(target, t)):clone():mul(scale)
      end
   end
   return self.gradInput
end

function SC:__tostring__()
   return 'nn.SequencerCriterion(' .. tostring(self.criterion) .. ')'
end

return SC
