-- nn/MultiLabelSoftMarginCriterion.lua — independent logistic losses, one
-- per class, for 0/1 targets of the input's shape:
--   MultiLabelSoftMarginCriterion([weights])
-- loss = -sum w (t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))) / numel
-- (Torch7: a Sigmoid followed by BCECriterion), computed from x directly
-- as max(x, 0) - x t + log(1 + exp(-|x|)) so large |x| does not overflow.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MLSMC, parent = torch.class('nn.MultiLabelSoftMarginCriterion', 'nn.Criterion')

function MLSMC:__init(weights)
   parent.__init(self)
   if weights ~= nil and not torch.isTensor(weights) then
      error(string.format('%s: weights must be a tensor (got %s)', torch.type(self),
                          torch.type(weights)), 2)
   end
   self.weights = weights
   self.sizeAverage = true
end

local function weightsFor(self, input)
   if not self.weights then return nil end
   local w = self.weights:type(torch.type(input))
   if w:nElement() == input:nElement() then return w:viewAs(input) end
   if input:dim() == 2 and w:nElement() == input:size(2) then
      return w:view(1, input:size(2)):expandAs(input)
   end
   error(string.format('%s: weights of size %s do not fit input %s', torch.type(self),
                       nn.utils.shape(self.weights), nn.utils.shape(input)), 3)
end

function MLSMC:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local t = target:viewAs(input)
   local l = input.new():resizeAs(input):copy(input):abs():mul(-1):exp():log1p()
   l:add(input.new():resizeAs(input):copy(input):cmax(0))
   l:add(-1, input.new():resizeAs(input):copy(input):cmul(t))
   local w = weightsFor(self, input)
   if w then l:cmul(w) end
   local s = l:sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function MLSMC:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   self.gradInput:resizeAs(input):copy(input):sigmoid():add(-1, target:viewAs(input))
   local w = weightsFor(self, input)
   if w then self.gradInput:cmul(w) end
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return MLSMC
