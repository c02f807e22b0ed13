-- nn/CrossEntropyCriterion.lua — LogSoftMax and ClassNLLCriterion in one:
--   CrossEntropyCriterion([weights], [sizeAverage=true])
-- input: raw scores, n or N x n; target as ClassNLLCriterion's.  The two
-- steps are fused in C (tensor/nn_softmax.c) for numerical stability and
-- speed: the log-probabilities come from max-shifted scores and the
-- gradient is the closed form w[t] (softmax(x) - onehot(t)) / total.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.ClassNLLCriterion'
local C = torch._nn

local CrossEntropyCriterion, parent = torch.class('nn.CrossEntropyCriterion', 'nn.Criterion')

function CrossEntropyCriterion:__init(weights, sizeAverage)
   parent.__init(self)
   if weights ~= nil and (not torch.isTensor(weights) or weights:dim() ~= 1) then
      error(string.format('%s: weights must be a vector (got %s)', torch.type(self),
                          torch.type(weights)), 2)
   end
   self.weights = weights
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
   self._lsm = torch.Tensor()
end

CrossEntropyCriterion._weights = nn.ClassNLLCriterion._weights

function CrossEntropyCriterion:updateOutput(input, target)
   nn.utils.checkTensor(torch.type(self), input)
   target = nn.utils.classTarget(self, target)
   if torch.type(self._lsm) ~= torch.type(input) then self._lsm = input.new() end
   self.output, self.total_weight = C.cross_entropy(torch.type(self), self._lsm, input, target,
                                                    self:_weights(input), self.sizeAverage)
   return self.output
end

function CrossEntropyCriterion:updateGradInput(input, target)
   nn.utils.checkTensor(torch.type(self), input)
   target = nn.utils.classTarget(self, target)
   if torch.type(self._lsm) ~= torch.type(input) then self._lsm = input.new() end
   -- the log-softmax of this input (backward may come without forward)
   local _, tw = C.cross_entropy(torch.type(self), self._lsm, input, target,
                                 self:_weights(input), self.sizeAverage)
   C.cross_entropy_backward(torch.type(self), self.gradInput, self._lsm, target,
                            self:_weights(input), self.sizeAverage, 0, tw, 1)
   return self.gradInput
end

return CrossEntropyCriterion
