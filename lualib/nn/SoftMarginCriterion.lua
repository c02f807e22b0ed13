-- nn/SoftMarginCriterion.lua — two-class logistic loss with targets
-- y = +-1: loss = sum log(1 + exp(-x y)), divided by the number of elements
-- when sizeAverage (default).  Computed as softplus(-x y) without overflow.
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local SoftMarginCriterion, parent = torch.class('nn.SoftMarginCriterion', 'nn.Criterion')

function SoftMarginCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

function SoftMarginCriterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local z = input.new():resizeAs(input):copy(input):cmul(target:viewAs(input)):mul(-1)
   -- log(1 + e^z) = max(z, 0) + log(1 + e^-|z|)
   local a = z.new():resizeAs(z):copy(z):abs():mul(-1):exp():log1p()
   local s = a:add(z:cmax(0)):sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function SoftMarginCriterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local y = target:viewAs(input)
   -- d/dx = -y sigmoid(-x y)
   local z = input.new():resizeAs(input):copy(input):cmul(y):mul(-1):sigmoid()
   self.gradInput:resizeAs(input):copy(y):mul(-1):cmul(z)
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return SoftMarginCriterion
