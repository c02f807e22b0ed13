-- nn/MarginCriterion.lua — two-class hinge loss with targets y = +-1:
--   MarginCriterion([margin=1])
-- loss = sum max(0, margin - x y), divided by the number of elements when
-- sizeAverage (a field, default true).
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local MarginCriterion, parent = torch.class('nn.MarginCriterion', 'nn.Criterion')

function MarginCriterion:__init(margin)
   parent.__init(self)
   self.margin = margin or 1
   self.sizeAverage = true
end

function MarginCriterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local z = input.new():resizeAs(input):copy(input):cmul(target:viewAs(input)):mul(-1)
   local s = z:add(self.margin):cmax(0):sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function MarginCriterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local y = target:viewAs(input)
   local active = input.new():resizeAs(input):copy(input):cmul(y):lt(self.margin)
   self.gradInput:resizeAs(input):copy(y):mul(-1)
   self.gradInput:maskedFill(active:eq(0), 0)
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return MarginCriterion
