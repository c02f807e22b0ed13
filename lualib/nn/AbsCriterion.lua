-- nn/AbsCriterion.lua — loss = sum |x - t|, divided by the number of
-- elements when sizeAverage (default).  gradInput = sign(x - t) [/ n].
local torch = require 'torch'
local nn = require 'nn.env'
require 'nn.Criterion'

local AbsCriterion, parent = torch.class('nn.AbsCriterion', 'nn.Criterion')

function AbsCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = nn.utils.sizeAverage(sizeAverage)
end

function AbsCriterion:updateOutput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   local s = input.new():resizeAs(input):copy(input):add(-1, target:viewAs(input)):abs():sum()
   if self.sizeAverage then s = s / input:nElement() end
   self.output = s
   return s
end

function AbsCriterion:updateGradInput(input, target)
   nn.utils.checkInputTarget(torch.type(self), input, target)
   self.gradInput:resizeAs(input):copy(input):add(-1, target:viewAs(input)):sign()
   if self.sizeAverage then self.gradInput:div(input:nElement()) end
   return self.gradInput
end

return AbsCriterion
