-- nn/ClassNLLCriterion.lua — negative log-likelihood of log-probabilities
-- (the output of LogSoftMax):
--   ClassNLLCriterion([weights], [sizeAverage=true], [ignoreIndex])
-- input n (one sample) or N x n; target a class number 1..n, or a tensor of
-- N of them.  loss = -sum_i w[t_i] x[i][t_i], divided by sum_i w[t_i] when
-- sizeAverage.  Samples whose target equals ignoreIndex count for nothing.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'
local C = torch._nn

local ClassNLLCriterion, parent = torch.class('nn.ClassNLLCriterion', 'nn.Criterion')

function ClassNLLCriterion:__init(weights, sizeAverage, ignoreIndex)
   parent.__init(self)
   if weights ~= nil and not torch.isTensor(weights) then
      error(string.format('%s: weights must be a tensor (got %s)', torch.type(self),
                          torch.type(weights)), 2)
   end
   if weights and weights:dim() ~= 1 then
      error(string.format('%s: weights must be a vector (got %s)', torch.type(self),
                          nn.utils.shape(weights)), 2)
   end
   self.weights = weights
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
   self.ignoreIndex = ignoreIndex
   self.total_weight = 0
end

function ClassNLLCriterion:_weights(input)
   local w = self.weights
   if w and torch.type(w) ~= torch.type(input) then
      self._w = self._w or input.new()
      self._w:resize(w:size()):copy(w)
      return self._w
   end
   return w
end

function ClassNLLCriterion:updateOutput(input, target)
   nn.utils.checkTensor(torch.type(self), input)
   target = nn.utils.classTarget(self, target)
   self.output, self.total_weight = C.nll(torch.type(self), input, target, self:_weights(input),
                                          self.sizeAverage, self.ignoreIndex)
   return self.output
end

function ClassNLLCriterion:updateGradInput(input, target)
   nn.utils.checkTensor(torch.type(self), input)
   target = nn.utils.classTarget(self, target)
   local w = self:_weights(input)
   -- the divisor of the last forward (recomputed if backward comes first)
   local _, tw = C.nll(torch.type(self), input, target, w, self.sizeAverage, self.ignoreIndex)
   C.nll_backward(torch.type(self), self.gradInput, input, target, w, self.sizeAverage,
                  self.ignoreIndex, tw, 1)
   return self.gradInput
end

return ClassNLLCriterion
