-- nn/Criterion.lua — the base class of losses: Torch7's criterion protocol.
--
-- forward(input, target) calls updateOutput and returns the loss, a number
-- kept in self.output; backward(input, target) calls updateGradInput and
-- returns dLoss/dInput, a tensor (or a table of tensors for table inputs)
-- kept in self.gradInput.  Most criteria take sizeAverage (default true):
-- the loss is then a mean, not a sum.  crit(input, target) runs both and
-- returns loss, gradInput (Torch7).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.utils'

local Criterion = torch.class('nn.Criterion')

function Criterion:__init()
   self.gradInput = torch.Tensor()
   self.output = 0
end

function Criterion:updateOutput(input, target)
end

function Criterion:forward(input, target)
   return self:updateOutput(input, target)
end

function Criterion:backward(input, target)
   return self:updateGradInput(input, target)
end

function Criterion:updateGradInput(input, target)
end

function Criterion:clone()
   return nn.utils.deepcopy(self)
end

function Criterion:type(typename, tensorCache)
   if not typename then return self._type or 'torch.DoubleTensor' end
   tensorCache = tensorCache or {}
   for key, param in pairs(self) do
      self[key] = nn.utils.recursiveType(param, typename, tensorCache)
   end
   self._type = typename
   return self
end

function Criterion:float() return self:type('torch.FloatTensor') end
function Criterion:double() return self:type('torch.DoubleTensor') end
function Criterion:cuda() return self:type('torch.CudaTensor') end

function Criterion:__call__(input, target)
   -- inside an autograd graph: the loss as a one-element tensor with a node
   local ag = nn._autograd
   if ag and ag.wantedCriterion(input) then return ag.criterion(self, input, target) end
   self.output = self:forward(input, target)
   self.gradInput = self:backward(input, target)
   return self.output, self.gradInput
end

function Criterion:__tostring__()
   return torch.type(self)
end

-- Shared checks: input a tensor, target a tensor of the same element count.
function nn.utils.checkInputTarget(where, input, target)
   nn.utils.checkTensor(where, input)
   nn.utils.checkTensor(where, target, 'target')
   if input:nElement() ~= target:nElement() then
      error(string.format('%s: input and target must have the same number of elements '
                          .. '(input %s, target %s)', where, nn.utils.shape(input),
                          nn.utils.shape(target)), 3)
   end
end

-- A class target: a number becomes a 1-element LongTensor (reused).
function nn.utils.classTarget(self, target)
   if type(target) == 'number' then
      self._target = self._target or torch.LongTensor(1)
      self._target[1] = target
      return self._target
   end
   if not torch.isTensor(target) then
      error(string.format('%s: target must be a class number or a tensor of them (got %s)',
                          torch.type(self), torch.type(target)), 3)
   end
   return target
end

-- sizeAverage defaults to true
function nn.utils.sizeAverage(v)
   if v == nil then return true end
   return v and true or false
end

return Criterion
